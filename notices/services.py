"""Announcements and reminders by email, and what members follow.

The `announce_*` functions send; call them once the transaction that made the change commits
(`transaction.on_commit(lambda: announce_meeting_published(meeting))`). Announcements a member
may decline (new meetings, Cahiers, the digest, action reminders) carry a one-click unsubscribe
link of their own (RFC 8058). Changes to, or the cancellation of, a meeting go to its registrants
whatever their preferences: they hold a place there, so it is not an announcement.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.models import Action, Club, Meeting, Registration
from config.mail import send_templated
from initiatives.models import CallForProjects, Initiative
from landlords.departements import DEPARTEMENT_CHOICES
from landlords.models import User
from notices.models import ActionReminder, DigestSent, Follow, Preferences

UNSUBSCRIBE_SALT = "notices.unsubscribe"
DIGEST_FIRST_WINDOW = datetime.timedelta(days=31)
REMINDER_DAYS_AHEAD = 7


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


# --- Unsubscribe tokens ------------------------------------------------------------------------


def unsubscribe_token(user: User, topic: str) -> str:
    """Signed, without expiry: an old email's link must still work."""
    return signing.dumps([user.pk, topic], salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user: User, topic: str) -> str:
    """The address that turns `topic` off for `user`, without signing in."""
    return _absolute("notices:unsubscribe", unsubscribe_token(user, topic))


def read_unsubscribe_token(token: str) -> tuple[User, str]:
    """The member and topic a token names; ValidationError for a forged or unknown one."""
    try:
        user_pk, topic = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = User.objects.get(pk=user_pk, is_active=True)
    except (signing.BadSignature, ValueError, TypeError, User.DoesNotExist) as error:
        raise ValidationError(_("This unsubscribe link is not valid.")) from error
    if topic not in Preferences.TOPICS:
        raise ValidationError(_("This unsubscribe link is not valid."))
    return user, topic


def unsubscribe(*, token: str) -> tuple[User, str]:
    """One click: the topic the token names is off for its member (again is harmless)."""
    user, topic = read_unsubscribe_token(token)
    with transaction.atomic():
        Preferences.objects.update_or_create(user=user, defaults={topic: False})
    return user, topic


# --- Follows and preferences -------------------------------------------------------------------


def follow_set(*, actor: User, kind: str, target, following: bool) -> None:
    """Follow (or stop following) a club, a theme or a département code. Approved members."""
    if not actor.has_perm("notices.follow"):
        raise PermissionDenied
    if kind == Follow.Kind.DEPARTEMENT and target not in dict(DEPARTEMENT_CHOICES):
        raise ValidationError(_("Choose a département from the list."))
    lookup = {"user": actor, "kind": kind, kind: target}
    with transaction.atomic():
        if not following:
            Follow.objects.filter(**lookup).delete()
        elif not Follow.objects.filter(**lookup).exists():
            try:
                with transaction.atomic():
                    Follow.objects.create(**lookup)
            except IntegrityError:
                pass  # a double click: followed already


def preferences_save(*, actor: User, clubs, themes, departements, **topics: bool) -> Preferences:
    """What the member follows (the whole sets) and which emails they want, at once."""
    if not actor.has_perm("notices.follow"):
        raise PermissionDenied
    unknown = set(departements) - set(dict(DEPARTEMENT_CHOICES))
    if unknown or set(topics) - set(Preferences.TOPICS):
        raise ValidationError({"departements": _("Choose départements from the list.")})
    wanted = {
        Follow.Kind.CLUB: {club.pk for club in clubs},
        Follow.Kind.THEME: {theme.pk for theme in themes},
        Follow.Kind.DEPARTEMENT: set(departements),
    }
    field = {Follow.Kind.CLUB: "club_id", Follow.Kind.THEME: "theme_id"}
    with transaction.atomic():
        preferences, _created = Preferences.objects.update_or_create(user=actor, defaults=topics)
        for kind, keys in wanted.items():
            key = field.get(kind, "departement")
            current = Follow.objects.filter(user=actor, kind=kind)
            current.exclude(**{f"{key}__in": keys}).delete()
            have = set(current.values_list(key, flat=True))
            Follow.objects.bulk_create(
                Follow(user=actor, kind=kind, **{key: value}) for value in keys - have
            )
    return preferences


def erase_follows(user: User) -> None:
    """On account deletion: what one followed goes with the account."""
    Follow.objects.filter(user=user).delete()
    Preferences.objects.filter(user=user).delete()


# --- Who gets what -----------------------------------------------------------------------------


def _wanting(users: QuerySet[User], topic: str) -> QuerySet[User]:
    """Approved, active, not deleted, and not having turned `topic` off (no row: on)."""
    return (
        users.filter(is_active=True, is_approved=True, deleted_at__isnull=True)
        .exclude(**{f"notice_preferences__{topic}": False})
        .order_by("pk")
    )


def meeting_departement(meeting: Meeting) -> str:
    """Where a meeting takes place: its host landlord's département ('' online)."""
    return meeting.host.departement if meeting.host_id else ""


def _followers(meeting: Meeting) -> QuerySet[User]:
    """Members who follow the meeting's club or its département."""
    targets = Q(pk__in=[])
    if meeting.club_id:
        targets |= Q(kind=Follow.Kind.CLUB, club_id=meeting.club_id)
    departement = meeting_departement(meeting)
    if departement:
        targets |= Q(kind=Follow.Kind.DEPARTEMENT, departement=departement)
    return User.objects.filter(pk__in=Follow.objects.filter(targets).values("user_id"))


def registrants(meeting: Meeting) -> QuerySet[User]:
    """Everyone holding a place or waiting for one."""
    return User.objects.filter(
        is_active=True,
        pk__in=Registration.objects.active().filter(meeting=meeting).values("user_id"),
    ).order_by("pk")


def _send_each(template: str, users, topic: str = "", **context) -> int:
    """One email per person: the unsubscribe link is theirs alone."""
    sent = 0
    for user in users:
        send_templated(
            f"notices/email/{template}",
            [user.email],
            unsubscribe_url=unsubscribe_url(user, topic) if topic else "",
            preferences_url=_absolute("notices:preferences"),
            user=user,
            **context,
        )
        sent += 1
    return sent


# --- Meetings and Cahiers ----------------------------------------------------------------------


def announce_meeting_published(meeting: Meeting) -> int:
    """To the followers of the meeting's club and département who want new meetings; and, when
    it is published again after a withdrawal, to those whose registrations were kept."""
    meeting = Meeting.objects.select_related("club", "host").get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PUBLISHED:
        return 0
    url = _absolute("clubs:meeting-detail", meeting.pk)
    registered = registrants(meeting)
    sent = _send_each("meeting_published_again", registered, meeting=meeting, url=url)
    return sent + _send_each(
        "meeting_published",
        _wanting(_followers(meeting), "meetings").exclude(pk__in=registered.values("pk")),
        "meetings",
        meeting=meeting,
        url=url,
    )


def meeting_snapshot(meeting_pk: int) -> dict:
    """What registrants are told about when it changes, as stored now: take it before the save
    (a bound ModelForm has already changed its instance)."""
    meeting = Meeting.objects.get(pk=meeting_pk)
    return {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "place": meeting.place,
    }


def announce_meeting_changed(meeting: Meeting, before: dict) -> int:
    """To the registrants, whatever their preferences, if the date, times or place moved
    (`before` from `meeting_snapshot`). Nothing for a draft or an unchanged meeting."""
    meeting = Meeting.objects.select_related("club", "host").get(pk=meeting.pk)
    after = meeting_snapshot(meeting.pk)
    changed = {key for key, value in after.items() if before.get(key) != value}
    if not changed or meeting.status == Meeting.Status.DRAFT:
        return 0
    return _send_each(
        "meeting_changed",
        registrants(meeting),
        meeting=meeting,
        before=before,
        changed=changed,
        url=_absolute("clubs:meeting-detail", meeting.pk),
    )


def announce_meeting_cancelled(meeting: Meeting, *, reason: str = "", users=None) -> int:
    """To the registrants, whatever their preferences. Pass `users` when the cancellation has
    already cancelled their registrations (the people as they were before)."""
    meeting = Meeting.objects.select_related("club", "host").get(pk=meeting.pk)
    return _send_each(
        "meeting_cancelled",
        registrants(meeting) if users is None else users,
        meeting=meeting,
        reason=reason,
        url=_next_meetings_url(meeting),
    )


def _next_meetings_url(meeting: Meeting) -> str:
    """Where the next meetings are: the club's page, or the home page for an event."""
    if meeting.club_id:
        return _absolute("clubs:club-detail", meeting.club.slug)
    return _absolute("clubs:home")


def announce_meeting_withdrawn(meeting: Meeting, *, reason: str) -> int:
    """To the registrants, whatever their preferences: the meeting is postponed, their
    registrations are kept."""
    meeting = Meeting.objects.select_related("club", "host").get(pk=meeting.pk)
    return _send_each(
        "meeting_withdrawn",
        registrants(meeting),
        meeting=meeting,
        reason=reason,
        url=_next_meetings_url(meeting),
    )


def announce_cahier_published(meeting: Meeting) -> int:
    """To the participants and the followers of the club and département who want Cahiers."""
    meeting = Meeting.objects.select_related("club", "host").get(pk=meeting.pk)
    if meeting.cahier_published_at is None:
        return 0
    participants = Registration.objects.confirmed().filter(meeting=meeting).values("user_id")
    people = User.objects.filter(
        Q(pk__in=_followers(meeting).values("pk")) | Q(pk__in=participants)
    )
    return _send_each(
        "cahier_published",
        _wanting(people, "cahiers"),
        "cahiers",
        meeting=meeting,
        url=_absolute("reports:cahier", meeting.pk),
    )


# --- Monthly digest ----------------------------------------------------------------------------


def digest_content(user: User, since: datetime.datetime, today: datetime.date) -> dict:
    """New public initiatives (created after `since`) and calls opened after `since` and still
    open `today`, on the themes, départements and clubs' regions the member follows."""
    follows = list(Follow.objects.filter(user=user))
    themes = [f.theme_id for f in follows if f.kind == Follow.Kind.THEME]
    departements = [f.departement for f in follows if f.kind == Follow.Kind.DEPARTEMENT]
    clubs = [f.club_id for f in follows if f.kind == Follow.Kind.CLUB]
    regions = Club.regions.through.objects.filter(club_id__in=clubs).values("region_id")
    initiatives = (
        Initiative.objects.public()
        .filter(created_at__gt=since)
        .filter(Q(themes__in=themes) | Q(departement__in=departements) | Q(region_id__in=regions))
        .select_related("lead")
        .distinct()
        .order_by("-created_at", "pk")
    )
    calls = (
        CallForProjects.objects.filter(opens_on__gt=since.date(), opens_on__lte=today)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .filter(
            Q(themes__in=themes)
            | Q(organiser__departement__in=departements)
            | Q(organiser__regions__in=regions)
        )
        .select_related("organiser")
        .distinct()
        .order_by("closes_on", "pk")
    )
    return {"initiatives": list(initiatives), "calls": list(calls)}


def send_digest(*, today: datetime.date | None = None) -> int:
    """This month's digest to each member who follows something and wants it, once a month
    however often it runs; each starts where that member's previous one ended. A member with
    nothing new gets nothing (and the next digest covers the longer time)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    followers = User.objects.filter(pk__in=Follow.objects.values("user_id"))
    candidates = _wanting(followers, "digest").exclude(digests_sent__month=month)
    sent = 0
    for user in candidates:
        previous = DigestSent.objects.filter(user=user).order_by("-sent_at").first()
        since = previous.sent_at if previous else timezone.now() - DIGEST_FIRST_WINDOW
        content = digest_content(user, since, today)
        if not (content["initiatives"] or content["calls"]):
            continue
        with transaction.atomic():
            try:
                with transaction.atomic():
                    DigestSent.objects.create(user=user, month=month)
            except IntegrityError:
                continue  # a concurrent run sent it
            transaction.on_commit(
                lambda user=user, content=content: _send_each(
                    "digest",
                    [user],
                    "digest",
                    month=month,
                    catalogue_url=_absolute("initiatives:catalogue"),
                    **content,
                )
            )
        sent += 1
    return sent


# --- Follow-up action reminders ----------------------------------------------------------------


def _claim_reminder(action: Action, kind: str) -> bool:
    """Record the reminder before it goes out: True if this run is the one to send it."""
    try:
        with transaction.atomic():
            ActionReminder.objects.create(action=action, kind=kind, due_date=action.due_date)
    except IntegrityError:
        return False
    return True


def send_action_reminders(*, today: datetime.date | None = None) -> int:
    """Email the owner organisation's members about each open action due within a week (once)
    and once more when it is late. Run it daily; a new due date gets new reminders."""
    today = today or timezone.localdate()
    soon = today + datetime.timedelta(days=REMINDER_DAYS_AHEAD)
    actions = (
        Action.objects.open()
        .filter(due_date__isnull=False, due_date__lte=soon)
        .select_related("owner", "meeting__club")
        .order_by("due_date", "pk")
    )
    sent = 0
    for action in actions:
        kind = ActionReminder.Kind.LATE if action.due_date < today else ActionReminder.Kind.DUE_SOON
        with transaction.atomic():
            if not _claim_reminder(action, kind):
                continue
            members = _wanting(User.objects.filter(organisation_id=action.owner_id), "reminders")
            transaction.on_commit(
                lambda action=action, kind=kind, members=list(members): _send_each(
                    f"action_{kind}",
                    members,
                    "reminders",
                    action=action,
                    meeting=action.meeting,
                    url=settings.SITE_URL + action.get_absolute_url(),
                )
            )
        sent += 1
    return sent
