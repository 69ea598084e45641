import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clubs import flash, services
from clubs.calendar import meeting_calendar
from clubs.exports import participants_table
from clubs.forms import (
    ActionFormSet,
    ActionStatusForm,
    AgendaItemFormSet,
    MeetingForm,
    MeetingWithdrawForm,
    ReasonForm,
    RegistrationForm,
    ReturnForm,
    SessionLogForm,
    WalkInForm,
    WorkshopFormSet,
    actions_initial,
)
from clubs.inbox import inbox, member_space
from clubs.models import (
    Action,
    Club,
    FlashSession,
    Meeting,
    Registration,
    SessionLog,
    Workshop,
)
from clubs.selectors import (
    club_actions,
    club_detail_queryset,
    club_list,
    club_meetings,
    meeting_counts,
    meeting_detail_queryset,
    meeting_participants,
    meeting_programme,
    meeting_registrations,
    meeting_upcoming_list,
    meeting_workshops,
    session_log_for,
    user_registrations,
)
from config.forms import errors_into, require_perm
from config.public_cache import public_page
from config.spreadsheets import csv_response
from landlords.permissions import member_required


def _visible_meeting(request, pk, queryset=None) -> Meeting:
    """The meeting if the user may see it; 404 otherwise (drafts do not leak)."""
    meeting = get_object_or_404(queryset if queryset is not None else Meeting.objects, pk=pk)
    if not request.user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    return meeting


def _visible_workshop(request, pk) -> Workshop:
    workshop = get_object_or_404(Workshop.objects.select_related("meeting__club"), pk=pk)
    if not request.user.has_perm("clubs.see_meeting", workshop.meeting):
        raise Http404
    return workshop


@public_page()
def home(request):
    """The public front page: what the club is, the next meeting, the clubs, the events with
    partners ahead."""
    upcoming = meeting_upcoming_list()
    return render(
        request,
        "clubs/home.html",
        {
            "next_meeting": upcoming.first(),
            "clubs": club_list(),
            "events": list(
                upcoming.exclude(kind=Meeting.Kind.CLUB).prefetch_related("co_organisers")[:3]
            ),
            "can_add_event": request.user.has_perm("clubs.add_meeting", None),
        },
    )


@member_required
def dashboard(request):
    """The members' area: the inbox of animators and staff first (what to do next), then one's
    own space (the meetings ahead, one's registrations and restitutions, one's organisation's
    initiatives and follow-up actions)."""
    user = request.user
    return render(
        request,
        "clubs/dashboard.html",
        {"inbox": inbox(user), "space": member_space(user)},
    )


# --- Clubs -------------------------------------------------------------------------------------


@public_page()
def club_detail(request, slug):
    club = get_object_or_404(club_detail_queryset(), slug=slug)
    can_manage = request.user.has_perm("clubs.add_meeting", club)
    today = timezone.localdate()
    meetings = list(club_meetings(club, include_drafts=can_manage))
    return render(
        request,
        "clubs/club_detail.html",
        {
            "club": club,
            "upcoming": sorted((m for m in meetings if m.date >= today), key=lambda m: m.date),
            "past": [m for m in meetings if m.date < today],
            "can_manage": can_manage,
        },
    )


def club_calendar(request, slug):
    """The club's published meetings as an iCalendar feed to subscribe to."""
    club = get_object_or_404(Club, slug=slug)
    meetings = club_meetings(club, include_drafts=False).select_related("club")
    response = HttpResponse(
        meeting_calendar(meetings, name=club.name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{club.slug}.ics"'
    return response


@member_required
def club_action_list(request, slug):
    club = get_object_or_404(Club, slug=slug)
    show_all = request.GET.get("toutes") == "1"
    actions = list(club_actions(club, open_only=not show_all))
    for action in actions:
        action.can_update = request.user.has_perm("clubs.update_action", action)
    return render(
        request,
        "clubs/action_list.html",
        {
            "club": club,
            "actions": actions,
            "show_all": show_all,
            "statuses": Action.Status.choices,
        },
    )


@member_required
@require_POST
def action_status(request, pk):
    action = get_object_or_404(Action.objects.select_related("meeting__club", "owner"), pk=pk)
    if not request.user.has_perm("clubs.update_action", action):
        raise PermissionDenied  # before looking at the form: outsiders learn nothing more
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status from the list."))
    else:
        services.action_set_status(
            actor=request.user, action=action, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("“%(title)s” is now: %(status)s.")
            % {"title": action.title, "status": Action.Status(form.cleaned_data["status"]).label},
        )
    return redirect(action.get_absolute_url())


# --- Meetings ----------------------------------------------------------------------------------


@public_page()
def meeting_detail(request, pk):
    meeting = _visible_meeting(request, pk, meeting_detail_queryset())
    return _meeting_page(request, meeting)


def _own_registration(user, meeting) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        meeting.registrations.filter(user=user)
        .select_related("registered_by")
        .prefetch_related("workshops")
        .first()
    )


def _meeting_page(request, meeting, form=None, change_form=None, status=200):
    """The meeting's page; a refused registration (`form`) or change (`change_form`) shows
    again with its errors beside the fields and what was typed."""
    user = request.user
    today = timezone.localdate()
    registration = _own_registration(user, meeting)
    meeting_counts(meeting)
    meeting_programme(meeting)
    active = registration is not None and registration.status != Registration.Status.CANCELLED
    if (
        form is None
        and not active
        and user.has_perm("clubs.register", meeting)
        and meeting.is_registration_open()
    ):
        form = RegistrationForm(meeting=meeting, actor=user)
    if change_form is None and active and not meeting.is_past(today):
        change_form = RegistrationForm(meeting=meeting, registration=registration)
    for workshop in meeting.workshops.all():
        workshop.log_visible = user.has_perm("clubs.see_session_log", workshop)
        workshop.is_rapporteur = user.has_perm("clubs.write_session_log", workshop)
    see_participants = user.has_perm("clubs.see_participants", meeting)
    participants = []
    if see_participants:  # names by organisation: the page reads nothing else of them
        participants = list(
            meeting_participants(meeting)
            .select_related(None)
            .prefetch_related(None)
            .select_related("user__organisation", "guest_organisation")
            .only(
                "meeting",
                *("user__full_name", "user__email", "user__deleted_at", "user__organisation__name"),
                *("guest_name", "guest_organisation__name"),
            )
        )
    can_manage = user.has_perm("clubs.manage_meeting", meeting)
    flash_session = FlashSession.objects.filter(meeting=meeting).first()
    return render(
        request,
        "clubs/meeting_detail.html",
        {
            "meeting": meeting,
            "registration": registration,
            "form": form,
            "change_form": change_form,
            "can_manage": can_manage,
            "flash_session": flash_session,
            "flash_counts": flash.counts(flash_session)
            if flash_session and flash_session.status == FlashSession.Status.PUBLISHED
            else None,
            "can_unpublish": user.has_perm("clubs.unpublish_meeting", meeting),
            "can_unpublish_cahier": user.has_perm("clubs.unpublish_cahier", meeting),
            "cahier_missing": services.cahier_missing(meeting) if can_manage else [],
            "cahier_ready": user.has_perm("clubs.see_cahier", meeting),
            "today": today,
            "is_past": meeting.is_past(today),
            "has_taken_place": meeting.has_taken_place(today),
            "see_participants": see_participants,
            "participants_by_organisation": _by_organisation(participants),
        },
        status=status,
    )


def _by_organisation(registrations):
    def key(registration):
        organisation = registration.person_organisation
        return organisation.name if organisation else "—"

    return [(name, list(group)) for name, group in itertools.groupby(registrations, key=key)]


def meeting_ics(request, pk):
    meeting = _visible_meeting(request, pk, Meeting.objects.select_related("club", "host"))
    response = HttpResponse(
        meeting_calendar([meeting]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="club-innovation-sociale-{meeting.number}.ics"'
    )
    return response


@member_required
def meeting_create(request, slug):
    club = get_object_or_404(Club, slug=slug)
    require_perm(request.user, "clubs.add_meeting", club)
    next_number = (
        club.meetings.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return _meeting_form(request, club, Meeting(club=club, number=next_number))


@member_required
def event_create(request):
    """An event beyond the clubs (interregional, with partners) or a webinar: staff."""
    require_perm(request.user, "clubs.add_meeting", None)
    return _meeting_form(request, None, Meeting(kind=Meeting.Kind.EVENT))


@member_required
def meeting_edit(request, pk):
    meeting = _visible_meeting(request, pk, Meeting.objects.select_related("club"))
    require_perm(request.user, "clubs.manage_meeting", meeting)
    return _meeting_form(request, meeting.club, meeting)


def _meeting_form(request, club, meeting):
    data = request.POST or None
    form = MeetingForm(data, instance=meeting, club=club)
    agenda = AgendaItemFormSet(data, instance=meeting, prefix="agenda")
    workshops = WorkshopFormSet(data, instance=meeting, prefix="workshops")
    if request.method == "POST" and all([form.is_valid(), agenda.is_valid(), workshops.is_valid()]):
        meeting = services.meeting_save(
            actor=request.user, club=club, form=form, formsets=[agenda, workshops]
        )
        messages.success(request, _("The meeting is saved."))
        return redirect("clubs:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "clubs/meeting_form.html",
        {"club": club, "meeting": meeting, "form": form, "agenda": agenda, "workshops": workshops},
    )


def confirm_page(
    request,
    *,
    title,
    question,
    button,
    back,
    warnings=(),
    form=None,
    hidden=None,
    danger=True,
    blocked=False,
    blocked_heading=None,
    status=200,
):
    """The page that asks before an irreversible or public action (it works without JS; the
    button posts to the same address). `warnings` are shown first; `blocked`: they say what
    the thing lacks (a Cahier's programme…) and the button is disabled."""
    return render(
        request,
        "clubs/confirm.html",
        {
            "title": title,
            "question": question,
            "warnings": warnings,
            "button": button,
            "back": back,
            "form": form,
            "hidden": (hidden or {}).items(),
            "danger": danger,
            "blocked": blocked,
            "blocked_heading": blocked_heading,
        },
        status=status,
    )


@member_required
def meeting_publish(request, pk):
    meeting = _visible_meeting(request, pk)
    require_perm(request.user, "clubs.manage_meeting", meeting)
    if request.method != "POST":
        return confirm_page(
            request,
            title=_("Publish the %(meeting)s?") % {"meeting": meeting.name},
            question=_(
                "Once published, the meeting is visible to everyone and members can register."
            ),
            button=_("Publish the meeting"),
            back=meeting.get_absolute_url(),
            danger=False,
        )
    try:
        services.meeting_publish(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is published: members can register."))
    return redirect("clubs:meeting-detail", pk=meeting.pk)


def _undo_page(
    request, meeting, *, permission, undo, title, question, button, done, form_class=ReasonForm
):
    """Ask the reason of an unpublication (GET), then undo (POST): the meeting page after."""
    require_perm(request.user, permission, meeting)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            undo(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, done)
            return redirect("clubs:meeting-detail", pk=meeting.pk)
    return confirm_page(
        request,
        title=title,
        question=question,
        button=button,
        back=meeting.get_absolute_url(),
        form=form,
        status=400 if form.errors else 200,
    )


@member_required
def meeting_unpublish(request, pk):
    meeting = _visible_meeting(request, pk)
    return _undo_page(
        request,
        meeting,
        permission="clubs.unpublish_meeting",
        undo=services.meeting_unpublish,
        form_class=MeetingWithdrawForm,
        title=_("Withdraw the %(meeting)s?") % {"meeting": meeting.name},
        question=_(
            "The meeting goes back to draft: members no longer see it nor register. "
            "The registrants receive an email with the reason."
        ),
        button=_("Withdraw the meeting"),
        done=_("The meeting is withdrawn: it is a draft again."),
    )


@member_required
def cahier_unpublish(request, pk):
    meeting = _visible_meeting(request, pk)
    return _undo_page(
        request,
        meeting,
        permission="clubs.unpublish_cahier",
        undo=services.cahier_unpublish,
        title=_("Withdraw the Cahier?"),
        question=_("The Cahier can no longer be downloaded until it is published again."),
        button=_("Withdraw the Cahier"),
        done=_("The Cahier is withdrawn."),
    )


# --- Registrations -----------------------------------------------------------------------------


@member_required
@require_POST
def registration_create(request, pk):
    meeting = meeting_workshops(_visible_meeting(request, pk, meeting_detail_queryset()))
    form = RegistrationForm(request.POST, meeting=meeting, actor=request.user)
    if form.is_valid():
        try:
            registration = services.registration_create(
                actor=request.user,
                meeting=meeting,
                user=form.cleaned_data.get("user") or request.user,
                workshops=form.chosen_workshops(),
                dietary_note=form.cleaned_data["dietary_note"],
                reduced_mobility=form.cleaned_data["reduced_mobility"],
                photo_consent=form.cleaned_data["photo_consent"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            _say_outcome(request, registration)
            return redirect("clubs:meeting-detail", pk=meeting.pk)
    return _meeting_page(request, meeting, form=form, status=400)


def _say_outcome(request, registration):
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation email is on its way."))
    else:
        messages.warning(
            request,
            _(
                "The meeting or your workshop is full: you are on the waiting list. "
                "We will email you if a place frees up."
            ),
        )


def _answerable_registration(request, pk) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("meeting__club", "user"), pk=pk
    )
    if not request.user.has_perm("clubs.cancel_registration", registration):
        raise Http404  # someone else's registration: as if it did not exist
    return registration


@member_required
@require_POST
def registration_change(request, pk):
    """Change one's choices and needs; the place is kept (a full workshop is refused)."""
    registration = _answerable_registration(request, pk)
    meeting = meeting_workshops(
        get_object_or_404(meeting_detail_queryset(), pk=registration.meeting_id)
    )
    form = RegistrationForm(request.POST, meeting=meeting, registration=registration)
    if form.is_valid():
        try:
            services.registration_update(
                actor=request.user,
                registration=registration,
                workshops=form.chosen_workshops(),
                dietary_note=form.cleaned_data["dietary_note"],
                reduced_mobility=form.cleaned_data["reduced_mobility"],
                photo_consent=form.cleaned_data["photo_consent"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("Your registration is updated; your place is kept."))
            return redirect("clubs:meeting-detail", pk=meeting.pk)
    if registration.user_id != request.user.pk:
        for error in form.errors.values():  # an animator's change: the page is someone else's
            messages.error(request, " ".join(error))
        return redirect("clubs:attendance", pk=meeting.pk)
    return _meeting_page(request, meeting, change_form=form, status=400)


@member_required
def registration_cancel(request, pk):
    """GET asks (and warns a rapporteur); POST cancels."""
    registration = _answerable_registration(request, pk)
    meeting = registration.meeting
    back_to_register = request.POST.get("next", request.GET.get("next")) == "register"
    back = reverse(
        "clubs:attendance" if back_to_register else "clubs:meeting-detail", args=[meeting.pk]
    )
    if request.method != "POST":
        reported = list(
            meeting.workshops.filter(rapporteurs=registration.user).values_list("title", flat=True)
        )
        own = registration.user_id == request.user.pk
        warnings = [
            (
                _(
                    "You are the rapporteur of “%(title)s”: tell the animators, who will find "
                    "someone else to write the restitution."
                )
                if own
                else _(
                    "%(name)s is the rapporteur of “%(title)s”: find someone else to write the "
                    "restitution."
                )
            )
            % {"title": title, "name": registration.user.full_name}
            for title in reported
        ]
        return confirm_page(
            request,
            title=_("Cancel the registration for the %(meeting)s?") % {"meeting": meeting.name}
            if not own
            else _("Cancel my registration for the %(meeting)s?") % {"meeting": meeting.name},
            question=_("Your place goes to the next person on the waiting list.")
            if own
            else _("%(name)s's place goes to the next person on the waiting list.")
            % {"name": registration.user.full_name},
            warnings=warnings,
            button=_("Yes, cancel the registration"),
            back=back,
            hidden={"next": "register"} if back_to_register else None,
        )
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration is cancelled."))
    return redirect(back)


@member_required
def my_registrations(request):
    return render(
        request,
        "clubs/my_registrations.html",
        {"registrations": user_registrations(request.user), "today": timezone.localdate()},
    )


# --- Attendance, sign-in sheet, export ---------------------------------------------------------


def _managed_meeting(request, pk) -> Meeting:
    meeting = _visible_meeting(request, pk, Meeting.objects.select_related("club", "host"))
    require_perm(request.user, "clubs.manage_meeting", meeting)
    return meeting


@member_required
def attendance(request, pk):
    """The register, ticked on the day: every confirmed participant, by organisation; walk-ins
    are added below. Before the day: who is coming, nothing to tick."""
    meeting = _managed_meeting(request, pk)
    if request.method == "POST":
        try:
            count = services.attendance_record(
                actor=request.user,
                meeting=meeting,
                attended_ids=request.POST.getlist("attended"),
            )
        except (ValidationError, ValueError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Attendance saved: %(count)s present.") % {"count": count})
            return redirect("clubs:attendance", pk=meeting.pk)
    return _attendance_page(request, meeting)


def _attendance_page(request, meeting, walk_in_form=None, status=200):
    participants = list(meeting_participants(meeting))
    on_the_day = meeting.has_taken_place()
    return render(
        request,
        "clubs/attendance.html",
        {
            "meeting": meeting,
            "on_the_day": on_the_day,
            "participants_by_organisation": _by_organisation(participants),
            "count": len(participants),
            "present": sum(1 for registration in participants if registration.attended),
            "waitlisted": meeting_registrations(meeting).filter(
                status=Registration.Status.WAITLISTED
            ),
            "walk_in_form": walk_in_form or (WalkInForm(meeting=meeting) if on_the_day else None),
        },
        status=status,
    )


@member_required
@require_POST
def walk_in_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = WalkInForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            registration = services.walk_in_add(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is on the register, present.") % {"name": registration.person_name},
            )
            return redirect("clubs:attendance", pk=meeting.pk)
    return _attendance_page(request, meeting, walk_in_form=form, status=400)


@member_required
def sign_in_sheet(request, pk):
    meeting = _managed_meeting(request, pk)
    participants = list(meeting_participants(meeting))
    return render(
        request,
        "clubs/sign_in_sheet.html",
        {"meeting": meeting, "participants_by_organisation": _by_organisation(participants)},
    )


@member_required
def participants_csv(request, pk):
    meeting = _managed_meeting(request, pk)
    header, rows = participants_table(meeting)
    return csv_response(f"participants-club-{meeting.number}.csv", header, rows)


# --- Session logs ------------------------------------------------------------------------------


def session_log(request, pk):
    """Read a restitution; its rapporteurs write it here; animators approve or send it back."""
    workshop = _visible_workshop(request, pk)
    user = request.user
    if not user.has_perm("clubs.see_session_log", workshop):
        raise Http404
    log = session_log_for(workshop)
    can_write = user.has_perm("clubs.write_session_log", workshop) and (
        log is None or log.status == SessionLog.Status.DRAFT
    )
    if can_write and not workshop.meeting.has_taken_place():
        # The rapporteur writes once the meeting took place (the service refuses before).
        can_write = False
        messages.info(request, _("The restitution is written once the meeting has taken place."))
        if request.method == "POST":
            return redirect("clubs:session-log", pk=workshop.pk)
    form = formset = None
    if can_write:
        if request.method == "POST":
            form = SessionLogForm(request.POST)
            formset = ActionFormSet(request.POST, prefix="actions")
            if form.is_valid() and formset.is_valid():
                saved = _save_log(request, workshop, form, formset)
                if saved:
                    return redirect("clubs:session-log", pk=workshop.pk)
                log = session_log_for(workshop)
        else:
            initial = {"version": log.version if log else 0}
            if log:
                initial.update(
                    summary=log.summary, key_findings=log.key_findings, proposals=log.proposals
                )
            form = SessionLogForm(initial=initial)
            formset = ActionFormSet(initial=actions_initial(log), prefix="actions")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "clubs/session_log.html",
        {
            "workshop": workshop,
            "meeting": workshop.meeting,
            "log": log,
            "form": form,
            "formset": formset,
            "can_review": user.has_perm("clubs.review_session_log", workshop),
            "return_form": ReturnForm(),
        },
    )


def _save_log(request, workshop, form, formset) -> bool:
    data = form.cleaned_data
    actions = [
        {
            "id": row.get("id"),
            "title": row.get("title"),
            "owner": row.get("owner"),
            "due_date": row.get("due_date"),
            "delete": row.get("DELETE", False),
        }
        for row in formset.cleaned_data
        if row and (row.get("id") or row.get("title"))
    ]
    submit = "submit" in request.POST
    try:
        services.session_log_save(
            actor=request.user,
            workshop=workshop,
            version=data["version"],
            actions=actions,
            summary=data["summary"],
            key_findings=data["key_findings"],
            proposals=data["proposals"],
            submit=submit,
        )
    except ValidationError as error:
        errors_into(form, error)
        return False
    if submit:
        messages.success(request, _("The restitution is submitted to the animators."))
    else:
        messages.success(request, _("Draft saved."))
    return True


@member_required
@require_POST
def session_log_approve(request, pk):
    workshop = _visible_workshop(request, pk)
    require_perm(request.user, "clubs.review_session_log", workshop)
    log = get_object_or_404(SessionLog, workshop=workshop)
    try:
        services.session_log_approve(actor=request.user, log=log)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The restitution is approved."))
    return redirect("clubs:session-log", pk=workshop.pk)


@member_required
@require_POST
def session_log_return(request, pk):
    workshop = _visible_workshop(request, pk)
    require_perm(request.user, "clubs.review_session_log", workshop)
    log = get_object_or_404(SessionLog, workshop=workshop)
    return_form = ReturnForm(request.POST)
    if return_form.is_valid():
        try:
            services.session_log_return(
                actor=request.user, log=log, comment=return_form.cleaned_data["comment"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # The log moved on meanwhile (approved, sent back): say so on its page.
                messages.error(request, " ".join(error.messages))
                return redirect("clubs:session-log", pk=workshop.pk)
            errors_into(return_form, error)
        else:
            messages.success(request, _("The restitution is sent back to its rapporteurs."))
            return redirect("clubs:session-log", pk=workshop.pk)
    return render(
        request,
        "clubs/session_log.html",
        {
            "workshop": workshop,
            "meeting": workshop.meeting,
            "log": session_log_for(workshop),
            "can_review": True,
            "return_form": return_form,
        },
        status=400,
    )


@member_required
def session_log_history(request, pk):
    workshop = _visible_workshop(request, pk)
    require_perm(request.user, "clubs.review_session_log", workshop)
    log = get_object_or_404(SessionLog, workshop=workshop)
    records = list(log.history.select_related("history_user").order_by("-history_date", "-pk"))
    changes = []
    for newer, older in itertools.zip_longest(records, records[1:]):
        fields = []
        if older is not None:
            fields = [change.field for change in newer.diff_against(older).changes]
        labels = [capfirst(SessionLog._meta.get_field(name).verbose_name) for name in fields]
        changes.append({"record": newer, "labels": labels})
    return render(
        request,
        "clubs/session_log_history.html",
        {"workshop": workshop, "meeting": workshop.meeting, "log": log, "changes": changes},
    )
