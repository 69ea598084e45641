"""Writes on meetings: registrations, attendance, session logs and their actions.

Keyword-only functions; each runs in one transaction, raises ValidationError for bad input and
PermissionDenied for an actor who may not act, and sends its emails once the transaction commits.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clubs.calendar import meeting_calendar
from clubs.models import (
    Action,
    Meeting,
    Registration,
    RegistrationChoice,
    SessionLog,
    Workshop,
    free_places,
)
from config.jobs import enqueue
from config.mail import send_templated
from config.public_cache import content_changed
from landlords.models import Organisation, User

# --- Emails ------------------------------------------------------------------------------------


def _registration_email(template: str, registration: Registration) -> None:
    """A clubs/email/<template> mail to the registrant, with the meeting's .ics once the place
    is confirmed (confirmed, promoted from the waiting list, reminded)."""
    meeting = registration.meeting
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:
        attachments.append(
            (
                f"club-innovation-sociale-{meeting.number}.ics",
                meeting_calendar([meeting]),
                "text/calendar; method=PUBLISH",
            )
        )
    send_templated(
        f"clubs/email/{template}",
        [registration.user.email],
        attachments=attachments,
        registration=registration,
        meeting=meeting,
        url=settings.SITE_URL + reverse("clubs:meeting-detail", args=[meeting.pk]),
    )


def _log_email(template: str, log: SessionLog, people) -> None:
    """A clubs/email/<template> mail about a restitution to the active accounts among `people`
    (the club's animators, the workshop's rapporteurs)."""
    send_templated(
        f"clubs/email/{template}",
        list(people.filter(is_active=True).values_list("email", flat=True)),
        log=log,
        meeting=log.workshop.meeting,
        url=settings.SITE_URL + reverse("clubs:session-log", args=[log.workshop_id]),
    )


# --- Meetings ----------------------------------------------------------------------------------


def notices():
    """The announcements (notices app), imported when used: notices reads initiatives, which
    imports from clubs."""
    from notices import services

    return services


def meeting_save(*, actor: User, club, form, formsets=()) -> Meeting:
    """Save a meeting and its programme (agenda items, workshops) from validated forms, in one
    transaction. Animators of the club and staff only."""
    meeting = form.instance
    allowed = (
        actor.has_perm("clubs.manage_meeting", meeting)
        if meeting.pk
        else actor.has_perm("clubs.add_meeting", club)
    )
    if not allowed or meeting.club_id != (club.pk if club is not None else None):
        raise PermissionDenied
    with transaction.atomic():
        # Registrants are told when the date, times or place move: compare with the row as
        # stored (the bound form has changed its instance already).
        before = notices().meeting_snapshot(meeting.pk) if meeting.pk else None
        meeting = form.save()
        for formset in formsets:
            formset.instance = meeting
            formset.save()
        if before is not None:
            saved = meeting
            transaction.on_commit(lambda: notices().announce_meeting_changed(saved, before))
    return meeting


def meeting_publish(*, actor: User, meeting: Meeting) -> Meeting:
    """Make a draft meeting visible to all (and open for registration)."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status != Meeting.Status.DRAFT:
            raise ValidationError(_("This meeting is already published."))
        meeting.status = Meeting.Status.PUBLISHED
        meeting._history_user = actor
        meeting.save(update_fields=["status"])
        transaction.on_commit(lambda: notices().announce_meeting_published(meeting))
    return meeting


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why, for the others who prepare the meeting.")})
    return reason


def meeting_unpublish(
    *, actor: User, meeting: Meeting, reason: str, cancelled: bool = False
) -> Meeting:
    """Undo a publication: the meeting goes back to draft (hidden from members). Postponed,
    registrations are kept for when it is published again; cancelled, they are cancelled. The
    registrants are told either way, with the reason. The reason, who and when are kept, and
    the meeting's history keeps every earlier one."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    reason = _reason(reason)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status != Meeting.Status.PUBLISHED:
            raise ValidationError(_("Only a published meeting that is not held can be withdrawn."))
        meeting.status = Meeting.Status.DRAFT
        meeting.unpublished_reason = reason
        meeting.unpublished_at = timezone.now()
        meeting.unpublished_by = actor
        meeting._history_user = actor
        meeting.save(
            update_fields=["status", "unpublished_reason", "unpublished_at", "unpublished_by"]
        )
        if cancelled:
            # The people as they are before their registrations are cancelled.
            registrants = list(notices().registrants(meeting))
            for registration in meeting.registrations.active():
                registration.status = Registration.Status.CANCELLED
                registration.status_changed_at = meeting.unpublished_at
                registration._history_user = actor
                registration.save(update_fields=["status", "status_changed_at"])
            transaction.on_commit(
                lambda: notices().announce_meeting_cancelled(
                    meeting, reason=reason, users=registrants
                )
            )
        else:
            transaction.on_commit(
                lambda: notices().announce_meeting_withdrawn(meeting, reason=reason)
            )
    return meeting


def cahier_missing(meeting: Meeting) -> list[str]:
    """What the Cahier lacks to be published: a programme, participants (empty: nothing)."""
    missing = []
    if not meeting.agenda_items.exists():
        missing.append(_("The meeting has no programme."))
    if not meeting.registrations.confirmed().exists():
        missing.append(_("Nobody is on the register."))
    return missing


def cahier_publish(*, actor: User, meeting: Meeting) -> Meeting:
    """Make the Cahier of a held meeting downloadable (members: with names; public: counts).
    An empty Cahier (no programme, no participants) is refused."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.status not in {Meeting.Status.HELD, Meeting.Status.ARCHIVED}:
            raise ValidationError(_("The Cahier is published once the meeting is held."))
        if meeting.cahier_published_at is not None:
            raise ValidationError(_("The Cahier is already published."))
        missing = cahier_missing(meeting)
        if missing:
            raise ValidationError(missing)
        meeting.cahier_published_at = timezone.now()
        meeting._history_user = actor
        meeting.save(update_fields=["cahier_published_at"])
        transaction.on_commit(lambda: notices().announce_cahier_published(meeting))
        # Its PDFs are built now, by a worker, so the first reader gets them from the cache.
        enqueue("reports.jobs.cahier_prerender", meeting.pk, group="cahier")
    return meeting


def cahier_unpublish(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Withdraw a published Cahier, with a reason (kept with who and when, and in history)."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    reason = _reason(reason)
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if meeting.cahier_published_at is None:
            raise ValidationError(_("The Cahier is not published."))
        meeting.cahier_published_at = None
        meeting.cahier_unpublished_reason = reason
        meeting.cahier_unpublished_at = timezone.now()
        meeting.cahier_unpublished_by = actor
        meeting._history_user = actor
        meeting.save(
            update_fields=[
                "cahier_published_at",
                "cahier_unpublished_reason",
                "cahier_unpublished_at",
                "cahier_unpublished_by",
            ]
        )
    return meeting


# --- Registrations -----------------------------------------------------------------------------


def _has_room(meeting: Meeting, workshops, registration: Registration | None = None) -> bool:
    """From the counts of now (the meeting row is locked), not from the page's. A registration
    already confirmed keeps its own place: it is not counted against itself."""
    confirmed = Registration.objects.confirmed().filter(meeting=meeting)
    if registration is not None and registration.pk:
        confirmed = confirmed.exclude(pk=registration.pk)
    if free_places(meeting.capacity, confirmed.count()) == 0:
        return False
    return all(
        free_places(workshop.capacity, confirmed.filter(workshops=workshop).count()) > 0
        for workshop in workshops
        if workshop.capacity is not None
    )


def _locked_meeting(meeting: Meeting) -> Meeting:
    """Lock the meeting's row: registrations of one meeting are decided one at a time."""
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def slot_field(slot: str) -> str:
    """The form field (and the error's key) of a time slot's choice."""
    return f"slot_{slot}"


def _check_choices(meeting: Meeting, workshops) -> list[Workshop]:
    """One workshop or visit of this meeting in each of its time slots."""
    workshops = [workshop for workshop in workshops if workshop is not None]
    if any(workshop.meeting_id != meeting.pk for workshop in workshops):
        raise ValidationError(_("Choose workshops and visits of this meeting."))
    chosen = {}
    for workshop in workshops:
        if workshop.slot in chosen:
            raise ValidationError(
                {slot_field(workshop.slot): _("Choose one workshop or visit in this time slot.")}
            )
        chosen[workshop.slot] = workshop
    slots = set(meeting.workshops.values_list("slot", flat=True))
    missing = {
        slot_field(slot): _("Choose the workshop or visit you will join.")
        for slot in Workshop.Slot.values
        if slot in slots and slot not in chosen
    }
    if missing:
        raise ValidationError(missing)
    return workshops


def _set_choices(registration: Registration, workshops) -> None:
    """Keep the choices one keeps (and when they were made), replace the others."""
    kept = {workshop.pk for workshop in workshops}
    registration.choices.exclude(workshop__in=kept).delete()
    have = set(registration.choices.values_list("workshop_id", flat=True))
    RegistrationChoice.objects.bulk_create(
        RegistrationChoice(registration=registration, workshop=workshop)
        for workshop in workshops
        if workshop.pk not in have
    )


def registration_create(
    *,
    actor: User,
    meeting: Meeting,
    workshops=(),
    workshop: Workshop | None = None,
    user: User | None = None,
    dietary_note: str = "",
    reduced_mobility: bool = False,
    photo_consent: bool = False,
    today: datetime.date | None = None,
) -> Registration:
    """Register `user` (the actor, or a colleague of the actor's organisation) for `meeting`
    with one workshop or visit per time slot (`workshop` for a meeting of one slot): confirmed
    if there is room in the meeting and in each chosen workshop, otherwise on the waiting list.
    Emails the outcome to the registered person."""
    user = user or actor
    if not actor.has_perm("clubs.register", meeting):
        raise PermissionDenied
    if user.pk != actor.pk and not actor.has_perm("clubs.register_colleague", user):
        raise PermissionDenied
    today = today or timezone.localdate()
    if not meeting.is_registration_open(today):
        raise ValidationError(
            _("Registration for this meeting closed on %(date)s.")
            % {"date": meeting.registration_deadline.strftime("%d/%m/%Y")}
            if meeting.status == Meeting.Status.PUBLISHED
            else _("This meeting is not open for registration.")
        )
    workshops = _check_choices(meeting, [*workshops, workshop])
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        registration = Registration.objects.filter(meeting=meeting, user=user).first()
        if registration is not None and registration.status != Registration.Status.CANCELLED:
            raise ValidationError(
                _("You are already registered for this meeting.")
                if user.pk == actor.pk
                else _("%(name)s is already registered for this meeting.")
                % {"name": user.full_name}
            )
        registration = registration or Registration(meeting=meeting, user=user)
        registration.registered_by = None if user.pk == actor.pk else actor
        registration.dietary_note = dietary_note.strip()
        registration.reduced_mobility = bool(reduced_mobility)
        registration.photo_consent = bool(photo_consent)
        registration.status = (
            Registration.Status.CONFIRMED
            if _has_room(meeting, workshops)
            else Registration.Status.WAITLISTED
        )
        registration.status_changed_at = timezone.now()
        registration.attended = False
        registration.walk_in = False
        registration.reminded_at = None
        registration.full_clean()
        registration._history_user = actor
        registration.save()
        _set_choices(registration, workshops)
        template = (
            "registration_confirmed"
            if registration.status == Registration.Status.CONFIRMED
            else "registration_waitlisted"
        )
        transaction.on_commit(lambda: _registration_email(template, registration))
    return registration


def registration_update(
    *,
    actor: User,
    registration: Registration,
    workshops=(),
    dietary_note: str = "",
    reduced_mobility: bool = False,
    photo_consent: bool = False,
) -> Registration:
    """Change one's choices and needs without losing one's place: a confirmed registration
    moves only into workshops that have room (a full one is refused and nothing changes; the
    workshops one keeps keep their place). A waitlisted one keeps its rank and is confirmed if
    its new choices have room. A place left in a workshop goes to the waiting list."""
    if not actor.has_perm("clubs.update_registration", registration):
        raise PermissionDenied
    workshops = _check_choices(registration.meeting, workshops)
    with transaction.atomic():
        meeting = _locked_meeting(registration.meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(_("This registration is cancelled: register again."))
        if meeting.is_past():
            raise ValidationError(_("This meeting is over: its registrations stay as they are."))
        before = set(registration.choices.values_list("workshop_id", flat=True))
        added = [workshop for workshop in workshops if workshop.pk not in before]
        promoted_self = False
        if registration.status == Registration.Status.CONFIRMED:
            full = {
                slot_field(workshop.slot): _(
                    "%(title)s is full: your other choices and your place are kept."
                )
                % {"title": workshop.title}
                for workshop in added
                if not _has_room(meeting, [workshop], registration)
            }
            if full:
                raise ValidationError(full)
        elif _has_room(meeting, workshops, registration):
            registration.status = Registration.Status.CONFIRMED
            registration.status_changed_at = timezone.now()
            promoted_self = True
        registration.dietary_note = dietary_note.strip()
        registration.reduced_mobility = bool(reduced_mobility)
        registration.photo_consent = bool(photo_consent)
        registration.full_clean()
        registration._history_user = actor
        registration.save()
        _set_choices(registration, workshops)
        if promoted_self:
            transaction.on_commit(
                lambda: _registration_email("registration_promoted", registration)
            )
        if before - {workshop.pk for workshop in workshops}:
            _promote_and_email(meeting, actor)
    return registration


def _promote_waitlisted(meeting: Meeting, actor: User) -> Registration | None:
    """Confirm the first waitlisted person for whom there is room now."""
    for candidate in (
        Registration.objects.waitlisted().filter(meeting=meeting).prefetch_related("workshops")
    ):
        if _has_room(meeting, candidate.workshops.all()):
            candidate.status = Registration.Status.CONFIRMED
            candidate.status_changed_at = timezone.now()
            candidate._history_user = actor
            candidate.save(update_fields=["status", "status_changed_at"])
            return candidate
    return None


def _promote_and_email(meeting: Meeting, actor: User) -> None:
    promoted = _promote_waitlisted(meeting, actor)
    if promoted is not None:
        transaction.on_commit(lambda: _registration_email("registration_promoted", promoted))


def registration_cancel(*, actor: User, registration: Registration) -> Registration:
    """Cancel a registration; a confirmed place goes to the first waitlisted person who fits."""
    if not actor.has_perm("clubs.cancel_registration", registration):
        raise PermissionDenied
    return _cancel(registration, actor)


def _cancel(registration: Registration, actor: User) -> Registration:
    with transaction.atomic():
        meeting = _locked_meeting(registration.meeting)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if meeting.is_past():
            raise ValidationError(_("This meeting is over: its registrations stay as they are."))
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration._history_user = actor
        registration.save(update_fields=["status", "status_changed_at"])
        if was_confirmed:
            _promote_and_email(meeting, actor)
    return registration


def walk_in_add(
    *,
    actor: User,
    meeting: Meeting,
    user: User | None = None,
    guest_name: str = "",
    guest_organisation: Organisation | None = None,
) -> Registration:
    """Add someone who came without registering to the register on the day: confirmed and
    present, whatever the capacities (they are in the room). Either a member (whose cancelled
    or waitlisted registration, if any, is reused) or a person without an account, by name.
    Participants' CSV and the Cahier count them like the others."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    if not meeting.has_taken_place():
        raise ValidationError(_("Walk-ins are added on the day of the meeting."))
    guest_name = " ".join(guest_name.split())
    if user is not None and (not user.is_active or not user.is_approved):
        raise ValidationError({"user": _("Choose a member of the club.")})
    if (user is None) == (not guest_name):
        raise ValidationError(
            {
                "user": _(
                    "Choose a member of the club, or give the name of someone without an account."
                )
            }
        )
    with transaction.atomic():
        meeting = _locked_meeting(meeting)
        if user is not None:
            registration = Registration.objects.filter(meeting=meeting, user=user).first()
            if registration is not None and registration.status == Registration.Status.CONFIRMED:
                raise ValidationError(
                    {"user": _("%(name)s is already on the register.") % {"name": user.full_name}}
                )
            registration = registration or Registration(meeting=meeting, user=user)
        else:
            if Registration.objects.filter(
                meeting=meeting, user__isnull=True, guest_name__iexact=guest_name
            ).exists():
                raise ValidationError(
                    {"guest_name": _("%(name)s is already on the register.") % {"name": guest_name}}
                )
            registration = Registration(
                meeting=meeting, guest_name=guest_name, guest_organisation=guest_organisation
            )
        registration.status = Registration.Status.CONFIRMED
        registration.status_changed_at = timezone.now()
        registration.attended = True
        registration.walk_in = True
        registration._history_user = actor
        registration.save()
    return registration


def attendance_record(*, actor: User, meeting: Meeting, attended_ids) -> int:
    """Mark who came among the confirmed registrations, given by their ids (the others: absent).
    Returns how many."""
    if not actor.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    if not meeting.has_taken_place():
        raise ValidationError(_("Attendance is taken on the day of the meeting, not before."))
    attended = {int(pk) for pk in attended_ids}
    with transaction.atomic():
        registrations = list(
            Registration.objects.confirmed().filter(meeting=meeting).select_for_update()
        )
        unknown = attended - {registration.pk for registration in registrations}
        if unknown:
            raise ValidationError(
                _("Only confirmed participants can be marked present (unknown: %(ids)s).")
                % {"ids": ", ".join(str(pk) for pk in sorted(unknown))}
            )
        changed = []
        for registration in registrations:
            came = registration.pk in attended
            if registration.attended != came:
                registration.attended = came
                registration._history_user = actor
                changed.append(registration)
        for registration in changed:
            registration.save(update_fields=["attended"])
        # Taking attendance on or after the day means the meeting took place.
        if meeting.status == Meeting.Status.PUBLISHED and meeting.date <= timezone.localdate():
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
            content_changed()  # a bulk update sends no signal
    return len(attended)


# --- Session logs ------------------------------------------------------------------------------

LOG_FIELDS = ("summary", "key_findings", "proposals")


def session_log_save(
    *,
    actor: User,
    workshop: Workshop,
    version: int | None = None,
    actions: list[dict] | None = None,
    submit: bool = False,
    **fields,
) -> SessionLog:
    """Save the rapporteur's draft. `version` is the one the form was based on: if someone
    saved in between, nothing is written and a ValidationError (code "stale") says so.

    `actions` lists follow-up actions as dicts: id (None for a new one), title, owner (an
    Organisation), due_date, delete (True to remove an existing one).

    With `submit`, the saved draft is also handed to the animators (`session_log_submit`), in
    the same transaction: a refused submit saves nothing, so the version the form was based on
    stays the one in the database.
    """
    if not actor.has_perm("clubs.write_session_log", workshop):
        raise PermissionDenied
    unknown = set(fields) - set(LOG_FIELDS)
    if unknown:
        raise ValueError(f"Not session log fields: {sorted(unknown)}")
    if not workshop.meeting.has_taken_place():
        raise ValidationError(
            _("The restitution is written once the meeting has taken place."), code="early"
        )
    with transaction.atomic():
        log = SessionLog.objects.select_for_update().filter(workshop=workshop).first()
        if log is None:
            log = SessionLog(workshop=workshop, author=actor, version=0)
        elif log.status != SessionLog.Status.DRAFT:
            raise ValidationError(
                _("This restitution is submitted or approved: it can no longer be changed."),
                code="locked",
            )
        elif version is not None and int(version) != log.version:
            raise ValidationError(
                _(
                    "Someone else saved this restitution while you were writing. Your text is "
                    "still in the form below: compare it with the saved version, then save again."
                ),
                code="stale",
            )
        for field, value in fields.items():
            setattr(log, field, (value or "").strip())
        log.version += 1
        log.full_clean(exclude=["workshop", "author"])
        log._history_user = actor
        log.save()
        _actions_save(log, actions or [], actor)
        if submit:
            log = session_log_submit(actor=actor, log=log)
    return log


def _actions_save(log: SessionLog, actions: list[dict], actor: User) -> None:
    existing = {action.pk: action for action in log.actions.all()} if log.pk else {}
    errors = {}
    for index, data in enumerate(actions):
        pk = data.get("id")
        action = existing.get(pk) if pk else Action(session_log=log, meeting=log.workshop.meeting)
        if action is None:
            raise ValidationError(_("This follow-up action belongs to another restitution."))
        if data.get("delete"):
            if action.pk:
                action._history_user = actor
                action.delete()
            continue
        title, owner = (data.get("title") or "").strip(), data.get("owner")
        if not title or not isinstance(owner, Organisation):
            errors[f"action-{index}"] = _("A follow-up action needs a title and an owner.")
            continue
        action.title, action.owner, action.due_date = title, owner, data.get("due_date")
        action.full_clean(exclude=["session_log"])
        action._history_user = actor
        action.save()
    if errors:
        raise ValidationError(errors)


def session_log_submit(*, actor: User, log: SessionLog) -> SessionLog:
    """The rapporteur hands the restitution to the animators."""
    if not actor.has_perm("clubs.write_session_log", log.workshop):
        raise PermissionDenied
    with transaction.atomic():
        log = SessionLog.objects.select_for_update().get(pk=log.pk)
        if log.status != SessionLog.Status.DRAFT:
            raise ValidationError(_("This restitution is already submitted."))
        if not log.summary.strip():
            raise ValidationError({"summary": _("Write the summary before submitting.")})
        log.status = SessionLog.Status.SUBMITTED
        log.submitted_at = timezone.now()
        log.version += 1
        log._history_user = actor
        log.save()
        transaction.on_commit(
            lambda: _log_email("log_submitted", log, log.workshop.meeting.club.animators)
        )
    return log


def session_log_approve(*, actor: User, log: SessionLog) -> SessionLog:
    if not actor.has_perm("clubs.review_session_log", log.workshop):
        raise PermissionDenied
    with transaction.atomic():
        log = SessionLog.objects.select_for_update().get(pk=log.pk)
        if log.status != SessionLog.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted restitution can be approved."))
        log.status = SessionLog.Status.APPROVED
        log.approved_by = actor
        log.approved_at = timezone.now()
        log.return_comment = ""
        log.version += 1
        log._history_user = actor
        log.save()
        transaction.on_commit(lambda: _log_email("log_approved", log, log.workshop.rapporteurs))
    return log


def session_log_return(*, actor: User, log: SessionLog, comment: str) -> SessionLog:
    """Send a submitted restitution back to its rapporteurs with the animator's comment."""
    if not actor.has_perm("clubs.review_session_log", log.workshop):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Tell the rapporteur what to change.")})
    with transaction.atomic():
        log = SessionLog.objects.select_for_update().get(pk=log.pk)
        if log.status != SessionLog.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted restitution can be sent back."))
        log.status = SessionLog.Status.DRAFT
        log.return_comment = comment
        log.version += 1
        log._history_user = actor
        log.save()
        transaction.on_commit(lambda: _log_email("log_returned", log, log.workshop.rapporteurs))
    return log


# --- Follow-up actions -------------------------------------------------------------------------


def action_set_status(*, actor: User, action: Action, status: str) -> Action:
    """Members of the owner organisation (and the club's animators) move an action along."""
    if not actor.has_perm("clubs.update_action", action):
        raise PermissionDenied
    if status not in Action.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        action.status = status
        action._history_user = actor
        action.save(update_fields=["status"])
    return action


# --- Reminders ---------------------------------------------------------------------------------


def meeting_reminders_send(*, days: int, today: datetime.date | None = None) -> int:
    """Remind confirmed registrants of published meetings in the next `days` days, once each.

    Each registration is claimed before its email goes out, by an UPDATE that sets
    `reminded_at` only where it is still empty: of two runs at once (two workers), one updates
    the row and sends, the other updates nothing and skips it, on PostgreSQL as on SQLite."""
    today = today or timezone.localdate()
    due = Registration.objects.confirmed().filter(
        user__isnull=False,  # walk-ins without an account get no email
        reminded_at__isnull=True,
        meeting__status=Meeting.Status.PUBLISHED,
        meeting__date__gte=today,
        meeting__date__lte=today + datetime.timedelta(days=days),
    )
    sent = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue  # reminded already, by an earlier or a concurrent run
            registration = Registration.objects.select_related(
                "meeting__club", "meeting__host", "user"
            ).get(pk=pk)
            transaction.on_commit(
                lambda registration=registration: _registration_email(
                    "meeting_reminder", registration
                )
            )
        sent += 1
    return sent


# --- Personal data -----------------------------------------------------------------------------


def erase_member(user: User) -> None:
    """On account deletion: dietary needs and reduced mobility are health data, and a former
    member animates no club. Registrations, roles in workshops and written logs stay, signed
    "former member"."""
    user.animated_clubs.clear()
    upcoming = Registration.objects.active().filter(
        user=user, meeting__date__gte=timezone.localdate()
    )
    for registration in upcoming.select_related("meeting__club"):
        _cancel(registration, user)  # the place goes to the waiting list
    Registration.objects.filter(user=user).update(dietary_note="", reduced_mobility=False)
    Registration.history.filter(user=user).update(dietary_note="", reduced_mobility=False)
