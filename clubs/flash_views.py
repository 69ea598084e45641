"""Pages of an event's flash meetings: the organiser's (the session, the scheduler, the table
plan) and the participants' (profile, requests, agenda). Access: the rules (clubs.manage_flash,
clubs.take_part_in_flash, clubs.see_flash_agenda); 404 for a session one may not see."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clubs import flash as services
from clubs.calendar import flash_agenda_calendar
from clubs.models import Action, FlashMeeting, FlashProfile, FlashRequest, FlashSession, Meeting
from config.collation import french
from config.forms import errors_into, require_perm
from landlords.departements import DEPARTEMENT_CHOICES
from landlords.models import Organisation, Skill, Theme
from landlords.permissions import member_required


class SessionForm(forms.ModelForm):
    class Meta:
        model = FlashSession
        fields = list(services.SESSION_FIELDS)
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class ProfileForm(forms.Form):
    sentence = forms.CharField(
        label=gettext_lazy("In one sentence: who you are, what you are after"),
        max_length=300,
        required=False,
    )
    offers_themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("I offer, on the themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offers_skills = forms.ModelMultipleChoiceField(
        label=gettext_lazy("I offer the skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks_themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("I seek, on the themes"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    seeks_skills = forms.ModelMultipleChoiceField(
        label=gettext_lazy("I seek the skills"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    departement = forms.ChoiceField(label=gettext_lazy("Territory"), required=False)
    available_rounds = forms.MultipleChoiceField(
        label=gettext_lazy("The rounds I am free"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Tick the rounds you are free.")},
    )

    def __init__(self, *args, session: FlashSession, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.order_by(french("name"))
        skills = Skill.objects.order_by(french("name"))
        for name in ("offers_themes", "seeks_themes"):
            self.fields[name].queryset = themes
        for name in ("offers_skills", "seeks_skills"):
            self.fields[name].queryset = skills
        self.fields["departement"].choices = [("", "—"), *DEPARTEMENT_CHOICES]
        self.fields["available_rounds"].choices = [
            (
                str(number),
                _("Round %(number)s, %(start)s–%(end)s")
                % {"number": number, "start": f"{start:%H:%M}", "end": f"{end:%H:%M}"},
            )
            for number, start, end in session.round_times()
        ]


class FollowUpForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Next step"), max_length=300)
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Carried by"),
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": gettext_lazy("Choose one of the two organisations that met.")},
    )
    due_date = forms.DateField(
        label=gettext_lazy("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in owners])
        self.fields["title"].error_messages["required"] = _("Say what the next step is.")


def _session(request, pk) -> FlashSession:
    session = get_object_or_404(
        FlashSession.objects.select_related("meeting__club", "meeting__host"), meeting_id=pk
    )
    if not request.user.has_perm("clubs.see_flash", session):
        raise Http404
    return session


def _profiles(session):
    return (
        session.profiles.select_related("user__organisation")
        .prefetch_related("offers_themes", "offers_skills", "seeks_themes", "seeks_skills")
        .order_by(french("user__full_name"), "pk")
    )


def _suggestions(me: FlashProfile, others: list[FlashProfile]) -> list[tuple]:
    """Others ranked for `me`: what they offer that I seek and what I offer that they seek,
    the same territory; never my own organisation. (profile, score, reasons)."""

    def names(items):
        return {item.pk: item.name for item in items}

    my_seeks = {**names(me.seeks_themes.all()), **names(me.seeks_skills.all())}
    my_offers = {**names(me.offers_themes.all()), **names(me.offers_skills.all())}
    ranked = []
    for other in others:
        if other.user.organisation_id and other.user.organisation_id == me.user.organisation_id:
            continue
        offers = {**names(other.offers_themes.all()), **names(other.offers_skills.all())}
        seeks = {**names(other.seeks_themes.all()), **names(other.seeks_skills.all())}
        they_give = sorted(set(offers.values()) & set(my_seeks.values()))
        i_give = sorted(set(seeks.values()) & set(my_offers.values()))
        near = bool(me.departement) and other.departement == me.departement
        score = 2 * len(they_give) + 2 * len(i_give) + (1 if near else 0)
        if score == 0:
            continue
        reasons = []
        if they_give:
            reasons.append(_("offers what you seek: %(what)s") % {"what": ", ".join(they_give)})
        if i_give:
            reasons.append(_("seeks what you offer: %(what)s") % {"what": ", ".join(i_give)})
        if near:
            reasons.append(_("same territory"))
        ranked.append((other, score, reasons))
    ranked.sort(key=lambda row: -row[1])
    return ranked[:6]


@member_required
def flash(request, pk):
    """The participant's page: their profile, the others (suggested first), the requests."""
    session = _session(request, pk)
    user = request.user
    may_take_part = user.has_perm("clubs.take_part_in_flash", session)
    profiles = list(_profiles(session))
    me = next((p for p in profiles if p.user_id == user.pk), None)
    others = [p for p in profiles if p.user_id != user.pk]
    initial = {}
    if me is not None:
        initial = {
            "sentence": me.sentence,
            "departement": me.departement,
            "available_rounds": [str(n) for n in me.available_rounds],
            "offers_themes": list(me.offers_themes.all()),
            "offers_skills": list(me.offers_skills.all()),
            "seeks_themes": list(me.seeks_themes.all()),
            "seeks_skills": list(me.seeks_skills.all()),
        }
    elif user.organisation:
        initial = {"departement": user.organisation.departement}
    form = ProfileForm(request.POST or None, initial=initial, session=session)
    if request.method == "POST":
        if not may_take_part:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.profile_save(actor=user, session=session, **form.cleaned_data)
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return redirect("clubs:flash", pk=pk)
    sent = {r.recipient_id: r for r in session.requests.filter(sender=me)} if me else {}
    received = (
        list(session.requests.filter(recipient=me).select_related("sender__user__organisation"))
        if me
        else []
    )
    return render(
        request,
        "clubs/flash/participant.html",
        {
            "session": session,
            "meeting": session.meeting,
            "form": form,
            "me": me,
            "may_take_part": may_take_part,
            "others": others,
            "sent": sent,
            "received": received,
            "suggestions": _suggestions(me, others) if me else [],
        },
        status=400 if form.errors else 200,
    )


@member_required
@require_POST
def flash_request(request, pk, profile_pk):
    session = _session(request, pk)
    recipient = get_object_or_404(FlashProfile, session=session, pk=profile_pk)
    require_perm(request.user, "clubs.take_part_in_flash", session)
    try:
        services.request_send(
            actor=request.user,
            session=session,
            recipient=recipient,
            message=request.POST.get("message", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is sent to %(name)s.") % {"name": recipient})
    return redirect("clubs:flash", pk=pk)


@member_required
@require_POST
def flash_answer(request, pk, request_pk):
    session = _session(request, pk)
    asked = get_object_or_404(
        FlashRequest.objects.select_related("recipient", "session"), session=session, pk=request_pk
    )
    if not request.user.has_perm("clubs.answer_flash_request", asked):
        # Someone else's request: not theirs to see.
        raise Http404
    services.request_answer(
        actor=request.user, request=asked, accept=request.POST.get("answer") == "accept"
    )
    messages.success(request, _("Your answer is saved."))
    return redirect("clubs:flash", pk=pk)


@member_required
def flash_agenda(request, pk):
    session = _session(request, pk)
    require_perm(request.user, "clubs.see_flash_agenda", session)
    published = session.status == FlashSession.Status.PUBLISHED
    return render(
        request,
        "clubs/flash/agenda.html",
        {
            "session": session,
            "meeting": session.meeting,
            "published": published,
            "agenda": services.agenda(session, request.user) if published else [],
            "after": session.meeting.has_taken_place(),
        },
    )


@member_required
def flash_agenda_ics(request, pk):
    """The participant's flash meetings for their calendar."""
    session = _session(request, pk)
    require_perm(request.user, "clubs.see_flash_agenda", session)
    rows = (
        services.agenda(session, request.user)
        if session.status == FlashSession.Status.PUBLISHED
        else []
    )
    response = HttpResponse(
        flash_agenda_calendar(session, rows), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-flash-{pk}.ics"'
    return response


@member_required
def flash_agenda_pdf(request, pk):
    """The participant's agenda as a small PDF to slip in a badge holder. Built afresh (one
    person's, not cached), within the PDF build limit of reports."""
    from reports.services import TooManyBuildsError, html_to_pdf, render_html
    from reports.views import pdf_response

    session = _session(request, pk)
    require_perm(request.user, "clubs.see_flash_agenda", session)
    user = request.user
    rows = services.agenda(session, user) if session.status == FlashSession.Status.PUBLISHED else []
    data = {
        "event": {"name": session.meeting.name, "date": session.meeting.date},
        "person": {"name": user.full_name, "organisation": str(user.organisation or "")},
        "rows": [
            {
                "round": row["round"],
                "start": row["start"],
                "end": row["end"],
                "table": row["table"],
                "with": row["with"].user.full_name,
                "organisation": str(row["with"].user.organisation or ""),
            }
            for row in rows
        ],
    }

    def build(*, may_build):
        if may_build is not None and not may_build():
            raise TooManyBuildsError
        return html_to_pdf(render_html("reports/flash_agenda.html", data))

    return pdf_response(request, f"rendez-vous-flash-{pk}.pdf", build)


@member_required
@require_POST
def flash_qualify(request, pk, meeting_pk):
    session = _session(request, pk)
    meeting = get_object_or_404(FlashMeeting, session=session, pk=meeting_pk)
    try:
        services.qualify(
            actor=request.user, meeting=meeting, qualified=request.POST.get("qualified") == "yes"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: your opinion of this exchange is saved."))
    if request.POST.get("next") == "follow-up":
        return redirect("clubs:flash-followup", pk=pk, meeting_pk=meeting.pk)
    return redirect("clubs:flash-agenda", pk=pk)


@member_required
def flash_followup(request, pk, meeting_pk):
    """One flash meeting after the event: what each side made of it and the next steps written
    down, each a follow-up action carried by one of the two organisations. The two sides and
    the organisers see it; the two sides write."""
    session = _session(request, pk)
    meeting = get_object_or_404(
        FlashMeeting.objects.select_related(
            "first__user__organisation", "second__user__organisation"
        ),
        session=session,
        pk=meeting_pk,
    )
    meeting.session = session
    if not request.user.has_perm("clubs.see_flash_meeting", meeting):
        raise Http404
    is_side = request.user.has_perm("clubs.qualify_flash_meeting", meeting)
    owners = services.follow_up_owners(meeting)
    form = FollowUpForm(request.POST or None, owners=owners)
    if request.method == "POST":
        require_perm(request.user, "clubs.qualify_flash_meeting", meeting)
        if form.is_valid():
            try:
                action = services.follow_up_add(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
            except ValidationError as error:
                errors_into(form, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is added to the follow-up actions.") % {"title": action.title},
                )
                return redirect("clubs:flash-followup", pk=pk, meeting_pk=meeting.pk)
    actions = list(
        Action.objects.filter(flash_meeting=meeting)
        .select_related("owner", "meeting")
        .order_by("pk")
    )
    for action in actions:
        action.can_update = request.user.has_perm("clubs.update_action", action)
    times = {number: (start, end) for number, start, end in session.round_times()}
    me_first = meeting.first.user_id == request.user.pk
    return render(
        request,
        "clubs/flash/followup.html",
        {
            "session": session,
            "event": session.meeting,
            "flash_meeting": meeting,
            "start_end": times.get(meeting.round, (None, None)),
            "is_side": is_side,
            "other": (meeting.second if me_first else meeting.first) if is_side else None,
            "my_answer": (meeting.qualified_by_first if me_first else meeting.qualified_by_second)
            if is_side
            else None,
            "after": session.meeting.has_taken_place(),
            "owners": owners,
            "form": form,
            "actions": actions,
            "statuses": Action.Status.choices,
        },
        status=400 if form.errors else 200,
    )


@member_required
def flash_manage(request, pk):
    """The organiser's page: the session's rounds and tables, opening it, running the scheduler
    and publishing its result, the counts."""
    meeting = get_object_or_404(Meeting.objects.select_related("club"), pk=pk)
    if not request.user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    session = FlashSession.objects.filter(meeting=meeting).first() or FlashSession(meeting=meeting)
    require_perm(request.user, "clubs.manage_flash", session)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                if form.is_valid():
                    data = {f: form.cleaned_data[f] for f in services.SESSION_FIELDS}
                    services.session_save(actor=request.user, meeting=meeting, **data)
                    messages.success(request, _("The flash session is saved."))
                    return redirect("clubs:flash-manage", pk=pk)
            elif action == "open":
                services.session_open(actor=request.user, session=session)
                messages.success(request, _("Participants may now fill their profile and ask."))
                return redirect("clubs:flash-manage", pk=pk)
            elif action == "schedule":
                services.schedule_run(
                    actor=request.user,
                    session=session,
                    allow_moves=request.POST.get("allow_moves") == "on",
                )
                messages.success(request, _("The scheduler has placed the meetings."))
                return redirect("clubs:flash-manage", pk=pk)
            elif action == "publish":
                services.schedule_publish(actor=request.user, session=session)
                messages.success(request, _("The schedule is published: each participant has it."))
                return redirect("clubs:flash-manage", pk=pk)
        except ValidationError as error:
            if action == "save":
                errors_into(form, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("clubs:flash-manage", pk=pk)
    return render(
        request,
        "clubs/flash/manage.html",
        {
            "meeting": meeting,
            "session": session,
            "form": form,
            "counts": services.counts(session) if session.pk else None,
            "profiles": session.profiles.count() if session.pk else 0,
        },
        status=400 if form.errors else 200,
    )


@member_required
def flash_plan(request, pk):
    """The table plan to print: for each round, who sits at which table."""
    session = _session(request, pk)
    require_perm(request.user, "clubs.manage_flash", session)
    meetings = list(
        session.meetings.select_related(
            "first__user__organisation", "second__user__organisation"
        ).order_by("round", "table")
    )
    by_round = {}
    for meeting in meetings:
        by_round.setdefault(meeting.round, []).append(meeting)
    return render(
        request,
        "clubs/flash/plan.html",
        {
            "session": session,
            "meeting": session.meeting,
            "rounds": [
                (number, start, end, by_round.get(number, []))
                for number, start, end in session.round_times()
            ],
        },
    )
