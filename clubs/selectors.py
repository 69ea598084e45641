"""Reads on clubs and meetings used by several views (eager loading lives here)."""

from django.db.models import Count, Prefetch, Q, QuerySet, Value, prefetch_related_objects
from django.db.models.functions import Coalesce

from clubs.models import (
    Action,
    AgendaItem,
    Club,
    Meeting,
    Registration,
    RoadmapObjective,
    SessionLog,
    Workshop,
)
from config.collation import french
from landlords.models import User


def meeting_upcoming_list() -> QuerySet[Meeting]:
    """Published meetings from today on, soonest first (drafts stay with their animators)."""
    return (
        Meeting.objects.published()
        .upcoming()
        .select_related("club", "host")
        .prefetch_related("partners")
    )


def club_list() -> QuerySet[Club]:
    """Clubs with their regions and their upcoming published meetings."""
    upcoming = meeting_upcoming_list()
    return Club.objects.prefetch_related(
        "regions", Prefetch("meetings", queryset=upcoming, to_attr="upcoming_meetings")
    ).order_by("name")


def club_detail_queryset() -> QuerySet[Club]:
    return Club.objects.prefetch_related(
        "regions",
        Prefetch("animators", queryset=User.objects.select_related("organisation")),
        Prefetch("objectives", queryset=RoadmapObjective.objects.order_by("order", "pk")),
    )


def club_meetings(club: Club, *, include_drafts: bool) -> QuerySet[Meeting]:
    meetings = club.meetings.all() if include_drafts else club.meetings.published()
    return meetings.select_related("host", "club").prefetch_related("partners").order_by("-date")


def _confirmed_count(prefix: str = "") -> Count:
    return Count(
        f"{prefix}registrations",
        filter=Q(**{f"{prefix}registrations__status": Registration.Status.CONFIRMED}),
        distinct=True,
    )


def meeting_detail_queryset() -> QuerySet[Meeting]:
    """A meeting with its club and host (its counts come with `meeting_counts`, its programme
    with `meeting_programme`)."""
    return Meeting.objects.select_related("club", "host")


def meeting_counts(meeting: Meeting) -> Meeting:
    """Set the meeting's confirmed and waitlisted counts (one query, once)."""
    if not hasattr(meeting, "confirmed_count"):
        counts = meeting.registrations.aggregate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        )
        meeting.confirmed_count = counts["confirmed"]
        meeting.waitlisted_count = counts["waitlisted"]
    return meeting


def meeting_workshops(meeting: Meeting) -> Meeting:
    """Prefetch the meeting's workshops with their people, log and confirmed count."""
    if "workshops" not in getattr(meeting, "_prefetched_objects_cache", {}):
        workshops = (
            Workshop.objects.select_related("theme", "residence__commune", "session_log")
            .prefetch_related(
                Prefetch("facilitators", queryset=User.objects.select_related("organisation")),
                Prefetch("rapporteurs", queryset=User.objects.select_related("organisation")),
            )
            .annotate(confirmed_count=_confirmed_count())
            .order_by("order", "pk")
        )
        prefetch_related_objects([meeting], Prefetch("workshops", queryset=workshops))
    return meeting


def among(user, people) -> bool:
    """Membership in a many-to-many, from the prefetched rows when the page loaded them."""
    if people.prefetch_cache_name in getattr(people.instance, "_prefetched_objects_cache", {}):
        return any(person.pk == user.pk for person in people.all())
    return people.filter(pk=user.pk).exists()


def meeting_programme(meeting: Meeting) -> Meeting:
    """Prefetch what the meeting page shows: partners, agenda items, photos and workshops."""
    prefetch_related_objects(
        [meeting],
        "partners",
        "photos",  # initiatives.Photo, in its own order (initiatives builds on clubs)
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("residence__commune").order_by(
                "start_time", "pk"
            ),
        ),
    )
    return meeting_workshops(meeting)


def meeting_participants(meeting: Meeting) -> QuerySet[Registration]:
    """Confirmed registrations, by organisation then name (for members, the register, exports)."""
    return (
        meeting.registrations.confirmed()
        .select_related("user__organisation", "guest_organisation")
        .prefetch_related("workshops")
        .order_by(
            # Walk-ins without an account sort among the members, by their organisation and name.
            french(Coalesce("user__organisation__name", "guest_organisation__name", Value(""))),
            french(Coalesce("user__full_name", "guest_name")),
            "pk",
        )
    )


def meeting_registrations(meeting: Meeting) -> QuerySet[Registration]:
    """Every registration that is not cancelled (for animators: the waiting list too)."""
    return (
        meeting.registrations.active()
        .select_related("user__organisation")
        .prefetch_related("workshops")
        .order_by("status", "status_changed_at", "pk")
    )


def user_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("meeting__club", "meeting__host")
        .prefetch_related("workshops")
        .order_by("-meeting__date")
    )


def session_log_for(workshop: Workshop) -> SessionLog | None:
    return (
        SessionLog.objects.select_related("author", "approved_by")
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("pk"))
        )
        .filter(workshop=workshop)
        .first()
    )


def approved_actions() -> QuerySet[Action]:
    """Actions of approved restitutions (drafts are their rapporteurs' business) and next steps
    of flash meetings, of published meetings."""
    return Action.objects.filter(
        Q(session_log__status=SessionLog.Status.APPROVED) | Q(session_log=None)
    ).exclude(meeting__status=Meeting.Status.DRAFT)


def club_actions(club: Club, *, open_only: bool = True) -> QuerySet[Action]:
    """The actions of the club's approved restitutions (flash meetings' next steps are their two
    sides' business: their page and the owner's member space list them)."""
    actions = approved_actions().filter(meeting__club=club, flash_meeting=None)
    if open_only:
        actions = actions.open()
    return actions.select_related("owner", "session_log__workshop", "meeting__club").order_by(
        "due_date", "pk"
    )
