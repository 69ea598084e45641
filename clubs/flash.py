"""Flash meetings at an event: the writes (a session, profiles, requests, the scheduler's run, its
publication, what each side made of a meeting) and the reads the pages share.

The scheduling itself is clubs/flash_solver.py, a pure function: `schedule_run` builds its
instance from the accepted requests (a pair who asked each other weighs 2) and the rounds each
participant is free, keeps the meetings already published where they are unless the organiser
allows moves, and saves what it returns."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs import flash_solver
from clubs.models import Action, FlashMeeting, FlashProfile, FlashRequest, FlashSession, Meeting
from config.mail import send_templated
from landlords.models import Organisation, User

SESSION_FIELDS = (
    "starts_at",
    "rounds",
    "round_minutes",
    "changeover_minutes",
    "break_after",
    "break_minutes",
    "tables",
)
TIME_LIMIT_S = 10


def _locked(session: FlashSession) -> FlashSession:
    return FlashSession.objects.select_for_update().select_related("meeting").get(pk=session.pk)


# --- The session -------------------------------------------------------------------------------


def session_save(*, actor: User, meeting: Meeting, **data) -> FlashSession:
    """Create or change the flash session of an event (rounds, their length, the tables)."""
    session = FlashSession.objects.filter(meeting=meeting).first() or FlashSession(meeting=meeting)
    if not actor.has_perm("clubs.manage_flash", session):
        raise PermissionDenied
    unknown = set(data) - set(SESSION_FIELDS)
    if unknown:
        raise ValueError(f"Not flash session fields: {sorted(unknown)}")
    with transaction.atomic():
        if session.pk:
            session = _locked(session)
        for field, value in data.items():
            setattr(session, field, value)
        if session.break_after and session.break_after >= session.rounds:
            raise ValidationError({"break_after": _("The break comes between two rounds.")})
        if session.pk and session.meetings.filter(round__gt=session.rounds).exists():
            raise ValidationError(
                {"rounds": _("Meetings are scheduled in the rounds you would remove.")}
            )
        if session.pk and session.meetings.filter(table__gt=session.tables).exists():
            raise ValidationError(
                {"tables": _("Meetings are scheduled at the tables you would remove.")}
            )
        session._history_user = actor
        session.save()
    return session


def session_open(*, actor: User, session: FlashSession) -> FlashSession:
    """Participants may fill their profile and send requests."""
    if not actor.has_perm("clubs.manage_flash", session):
        raise PermissionDenied
    with transaction.atomic():
        session = _locked(session)
        if session.status != FlashSession.Status.DRAFT:
            raise ValidationError(_("The session is already open."))
        session.status = FlashSession.Status.OPEN
        session._history_user = actor
        session.save(update_fields=["status"])
    return session


# --- Participants ------------------------------------------------------------------------------


def profile_save(
    *,
    actor: User,
    session: FlashSession,
    available_rounds,
    offers_themes=(),
    offers_skills=(),
    seeks_themes=(),
    seeks_skills=(),
    departement: str = "",
    sentence: str = "",
) -> FlashProfile:
    if not actor.has_perm("clubs.take_part_in_flash", session):
        raise PermissionDenied
    rounds = sorted({int(number) for number in available_rounds})
    if not rounds:
        raise ValidationError({"available_rounds": _("Tick the rounds you are free.")})
    if rounds[0] < 1 or rounds[-1] > session.rounds:
        raise ValidationError({"available_rounds": _("These rounds are not in the session.")})
    with transaction.atomic():
        profile, _created = FlashProfile.objects.select_for_update().get_or_create(
            session=session, user=actor
        )
        profile.available_rounds = rounds
        profile.departement = (departement or "").upper()
        profile.sentence = (sentence or "").strip()
        profile.save()
        profile.offers_themes.set(offers_themes)
        profile.offers_skills.set(offers_skills)
        profile.seeks_themes.set(seeks_themes)
        profile.seeks_skills.set(seeks_skills)
    return profile


def request_send(
    *, actor: User, session: FlashSession, recipient: FlashProfile, message: str = ""
) -> FlashRequest:
    if not actor.has_perm("clubs.take_part_in_flash", session):
        raise PermissionDenied
    sender = FlashProfile.objects.filter(session=session, user=actor).first()
    if sender is None:
        raise ValidationError(_("Fill your profile first: the others will see who asks."))
    if recipient.session_id != session.pk or recipient.pk == sender.pk:
        raise ValidationError(_("Choose another participant of the session."))
    with transaction.atomic():
        request, created = FlashRequest.objects.get_or_create(
            session=session,
            sender=sender,
            recipient=recipient,
            defaults={"message": (message or "").strip()[:500]},
        )
        if not created:
            raise ValidationError(_("You have already asked %(name)s.") % {"name": recipient})
    return request


def request_answer(*, actor: User, request: FlashRequest, accept: bool) -> FlashRequest:
    """The recipient accepts or declines (and may change their mind until the schedule is
    published)."""
    if not actor.has_perm("clubs.answer_flash_request", request):
        raise PermissionDenied
    with transaction.atomic():
        request = FlashRequest.objects.select_for_update().get(pk=request.pk)
        request.status = FlashRequest.Status.ACCEPTED if accept else FlashRequest.Status.DECLINED
        request.answered_at = timezone.now()
        request.save(update_fields=["status", "answered_at"])
    return request


# --- The schedule ------------------------------------------------------------------------------


def instance_for(session: FlashSession, *, allow_moves: bool = False) -> dict:
    """The scheduler's input: the accepted requests, a pair who asked each other once with
    weight 2; each profile's free rounds; the published meetings as fixed."""
    profiles = {p.pk: p for p in session.profiles.all()}
    pairs: dict[tuple[int, int], int] = {}
    for request in session.requests.filter(status=FlashRequest.Status.ACCEPTED):
        pair = tuple(sorted((request.sender_id, request.recipient_id)))
        pairs[pair] = pairs.get(pair, 0) + 1
    instance = {
        "rounds": [f"r{n}" for n in range(1, session.rounds + 1)],
        "tables": session.tables,
        "participants": [
            {"id": f"p{pk}", "available": [f"r{n}" for n in p.available_rounds]}
            for pk, p in sorted(profiles.items())
        ],
        "requests": [
            {"a": f"p{a}", "b": f"p{b}", "weight": 2 if count > 1 else 1}
            for (a, b), count in sorted(pairs.items())
        ],
        "time_limit_s": TIME_LIMIT_S,
        "allow_moves": allow_moves,
    }
    if session.status == FlashSession.Status.PUBLISHED:
        instance["fixed"] = [
            {
                "a": f"p{m.first_id}",
                "b": f"p{m.second_id}",
                "round": f"r{m.round}",
                "table": m.table,
            }
            for m in session.meetings.all()
        ]
    return instance


def schedule_run(*, actor: User, session: FlashSession, allow_moves: bool = False) -> dict:
    """Place the accepted requests in (round, table) and keep the result; what the solver
    says (how many, the weight, the best possible) stays on the session for the organiser."""
    if not actor.has_perm("clubs.manage_flash", session):
        raise PermissionDenied
    with transaction.atomic():
        session = _locked(session)
        if session.status == FlashSession.Status.DRAFT:
            raise ValidationError(_("Open the session to requests first."))
        instance = instance_for(session, allow_moves=allow_moves)
        result = flash_solver.solve(instance)
        weights = {(r["a"], r["b"]): r["weight"] for r in instance["requests"]}
        session.meetings.all().delete()
        FlashMeeting.objects.bulk_create(
            [
                FlashMeeting(
                    session=session,
                    first_id=int(m["a"][1:]),
                    second_id=int(m["b"][1:]),
                    round=int(m["round"][1:]),
                    table=m["table"],
                    weight=weights.get((m["a"], m["b"]), 1),
                )
                for m in result["meetings"]
            ]
        )
        session.scheduled_at = timezone.now()
        session.solver_status = result["status"]
        session.requested = len(weights)
        session.scheduled = len(result["meetings"])
        session.objective = result["objective"]
        session.bound = result["bound"]
        session._history_user = actor
        session.save()
    return result


def schedule_publish(*, actor: User, session: FlashSession) -> FlashSession:
    """Each participant receives their agenda; later runs keep these meetings in place."""
    if not actor.has_perm("clubs.manage_flash", session):
        raise PermissionDenied
    with transaction.atomic():
        session = _locked(session)
        if session.scheduled_at is None:
            raise ValidationError(_("Run the scheduler first."))
        session.status = FlashSession.Status.PUBLISHED
        session.published_at = timezone.now()
        session._history_user = actor
        session.save(update_fields=["status", "published_at"])
        people = list(
            User.objects.filter(is_active=True, flash_profiles__session=session).distinct()
        )
        transaction.on_commit(lambda: [_agenda_email(session, person) for person in people])
    return session


def _agenda_email(session: FlashSession, person: User) -> None:
    from django.conf import settings

    send_templated(
        "clubs/email/flash_agenda",
        [person.email],
        session=session,
        meeting=session.meeting,
        agenda=agenda(session, person),
        url=settings.SITE_URL + reverse("clubs:flash-agenda", args=[session.meeting_id]),
    )


def agenda(session: FlashSession, user: User) -> list[dict]:
    """A participant's meetings, by round: when, which table, with whom."""
    times = {number: (start, end) for number, start, end in session.round_times()}
    mine = (
        session.meetings.filter(Q(first__user=user) | Q(second__user=user))
        .select_related("first__user__organisation", "second__user__organisation")
        .annotate(next_steps=Count("actions"))
        .order_by("round")
    )
    rows = []
    for meeting in mine:
        is_first = meeting.first.user_id == user.pk
        other = meeting.second if is_first else meeting.first
        start, end = times.get(meeting.round, (None, None))
        rows.append(
            {
                "meeting": meeting,
                "round": meeting.round,
                "start": start,
                "end": end,
                "table": meeting.table,
                "with": other,
                "my_answer": (
                    meeting.qualified_by_first if is_first else meeting.qualified_by_second
                ),
            }
        )
    return rows


def qualify(*, actor: User, meeting: FlashMeeting, qualified: bool) -> FlashMeeting:
    """After the event, one side says whether the exchange was qualified."""
    with transaction.atomic():
        meeting = (
            FlashMeeting.objects.select_for_update()
            .select_related("first", "second", "session__meeting")
            .get(pk=meeting.pk)
        )
        if not actor.has_perm("clubs.qualify_flash_meeting", meeting):
            raise PermissionDenied
        if not meeting.session.meeting.has_taken_place():
            raise ValidationError(_("Say how it went once the event has taken place."))
        field = "qualified_by_first" if meeting.first.user_id == actor.pk else "qualified_by_second"
        setattr(meeting, field, qualified)
        meeting.save(update_fields=[field])
    return meeting


def follow_up_owners(meeting: FlashMeeting) -> list[Organisation]:
    """Who may carry a next step: the two sides' organisations."""
    ids = {meeting.first.user.organisation_id, meeting.second.user.organisation_id} - {None}
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def follow_up_add(
    *, actor: User, meeting: FlashMeeting, title: str, owner: Organisation, due_date=None
) -> Action:
    """After the event, one side writes down what follows the exchange: a follow-up action
    carried by one of the two organisations, listed like the workshops' actions."""
    with transaction.atomic():
        meeting = (
            FlashMeeting.objects.select_for_update()
            .select_related("first__user", "second__user", "session__meeting")
            .get(pk=meeting.pk)
        )
        if not actor.has_perm("clubs.qualify_flash_meeting", meeting):
            raise PermissionDenied
        event = meeting.session.meeting
        if not event.has_taken_place():
            raise ValidationError(_("Write what follows once the event has taken place."))
        errors = {}
        title = (title or "").strip()
        if not title:
            errors["title"] = _("Say what the next step is.")
        if owner is None or owner.pk not in {o.pk for o in follow_up_owners(meeting)}:
            errors["owner"] = _("Choose one of the two organisations that met.")
        if due_date is not None and due_date < event.date:
            errors["due_date"] = _("The due date cannot come before the event.")
        if errors:
            raise ValidationError(errors)
        action = Action(
            meeting=event, flash_meeting=meeting, title=title, owner=owner, due_date=due_date
        )
        action.full_clean()
        action._history_user = actor
        action.save()
    return action


def counts(session: FlashSession) -> dict:
    """What the event page shows: organisations, meetings held, qualified exchanges."""
    meetings = session.meetings.all()
    return {
        "organisations": session.profiles.exclude(user__organisation=None)
        .values("user__organisation")
        .distinct()
        .count(),
        "meetings": meetings.count(),
        "qualified": meetings.filter(qualified_by_first=True, qualified_by_second=True).count(),
    }
