"""Pages of calls for projects for their organiser and their applicants. Access is decided by
the rules (initiatives/permissions.py): 404 for what one may not see, 403 for what one may not
do on what one sees; the services write."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clubs.views import confirm_page
from config.forms import errors_into, require_perm
from initiatives import call_services as services
from initiatives import jury
from initiatives.attachments import private_file_response
from initiatives.call_forms import (
    ApplicationForm,
    AttachmentForm,
    CallForm,
    CriterionFormSet,
    DecisionForm,
    PlannedIndicatorFormSet,
    criteria_rows,
    indicator_rows,
)
from initiatives.models import Application, Attachment, CallForProjects
from landlords.permissions import member_required


def _call(request, slug) -> CallForProjects:
    call = get_object_or_404(
        CallForProjects.objects.select_related("organiser").prefetch_related("jurors"), slug=slug
    )
    if not request.user.has_perm("initiatives.see_call", call):
        raise Http404
    return call


def _application(request, pk) -> Application:
    application = get_object_or_404(
        Application.objects.select_related(
            "call__organiser", "applicant", "created_by"
        ).prefetch_related("co_applicants", "call__jurors"),
        pk=pk,
    )
    if not request.user.has_perm("initiatives.see_application", application):
        raise Http404
    return application


# --- The call ----------------------------------------------------------------------------------


def _call_form_page(request, *, call, form, criteria, status=200):
    return render(
        request,
        "initiatives/calls/call_form.html",
        {"call": call, "form": form, "criteria": criteria},
        status=status,
    )


def _call_data(form, criteria) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k in services.CALL_FIELDS}
    return {
        **data,
        "themes": form.cleaned_data["themes"],
        "jurors": form.cleaned_data["jurors"],
        "criteria": criteria_rows(criteria),
    }


@member_required
def call_create(request):
    user = request.user
    if not user.has_perm("initiatives.add_call_for", user.organisation):
        raise PermissionDenied
    staff = user.is_staff
    form = CallForm(request.POST or None, organiser_choice=staff)
    criteria = CriterionFormSet(request.POST or None, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        organiser = form.cleaned_data["organiser"] if staff else user.organisation
        try:
            call = services.call_create(
                actor=user, organiser=organiser, **_call_data(form, criteria)
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The call is saved as a draft: only your team sees it."))
            return redirect("initiatives:call-board", slug=call.slug)
    return _call_form_page(
        request, call=None, form=form, criteria=criteria, status=400 if form.errors else 200
    )


@member_required
def call_edit(request, slug):
    call = _call(request, slug)
    require_perm(request.user, "initiatives.manage_call", call)
    form = CallForm(request.POST or None, instance=call)
    criteria = CriterionFormSet(request.POST or None, instance=call, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        try:
            services.call_update(actor=request.user, call=call, **_call_data(form, criteria))
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("initiatives:call-board", slug=call.slug)
    invalid = form.errors or any(criteria.errors) or criteria.non_form_errors()
    return _call_form_page(
        request, call=call, form=form, criteria=criteria, status=400 if invalid else 200
    )


def _transition(request, call, *, act, title, question, button, done, warnings=(), heading=None):
    """Ask (GET), then act (POST): the board after, with what went wrong if anything did."""
    require_perm(request.user, "initiatives.manage_call", call)
    if request.method == "POST":
        try:
            act(actor=request.user, call=call)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
        return redirect("initiatives:call-board", slug=call.slug)
    return confirm_page(
        request,
        title=title,
        question=question,
        button=button,
        back=call.get_absolute_url(),
        warnings=warnings,
        danger=False,
        blocked=bool(warnings),
        blocked_heading=heading,
    )


@member_required
def call_open(request, slug):
    call = _call(request, slug)
    return _transition(
        request,
        call,
        act=services.call_open,
        title=_("Publish the call “%(title)s”?") % {"title": call.title},
        question=_(
            "Everyone will see it; eligible members apply from its opening date to the end of "
            "its closing date."
        ),
        button=_("Publish the call"),
        done=_("The call is published."),
        warnings=services.call_missing(call) if call.status == call.Status.DRAFT else (),
    )


@member_required
def call_review_start(request, slug):
    call = _call(request, slug)
    return _transition(
        request,
        call,
        act=services.call_review_start,
        title=_("Start the review of “%(title)s”?") % {"title": call.title},
        question=_("The jury is told and scores the submitted applications."),
        button=_("Start the review"),
        done=_("The review has started: the jury is told."),
    )


@member_required
def call_results_publish(request, slug):
    call = _call(request, slug)
    return _transition(
        request,
        call,
        act=services.call_results_publish,
        title=_("Publish the results of “%(title)s”?") % {"title": call.title},
        question=_(
            "Every applicant receives the decision by email; the laureates and the amounts "
            "become public. This cannot be undone."
        ),
        button=_("Publish the results"),
        done=_("The results are published and the applicants told."),
        warnings=services.results_missing(call) if call.status == call.Status.UNDER_REVIEW else (),
    )


@member_required
def call_board(request, slug):
    """The organiser's board: the applications with their review and decision, the money."""
    call = _call(request, slug)
    require_perm(request.user, "initiatives.manage_call", call)
    applications = list(
        call.applications.exclude(status=Application.Status.DRAFT)
        .select_related("applicant", "initiative")
        .prefetch_related("co_applicants")
        .order_by("title", "pk")
    )
    summary = {row.application.pk: row for row in jury.review_summary(call)}
    for application in applications:
        application.review = summary.get(application.pk)
    # Best ranked first; those the jury has not scored yet after them, by title.
    applications.sort(
        key=lambda a: (a.review is None or a.review.rank is None, getattr(a.review, "rank", 0) or 0)
    )
    awarded = (
        call.applications.filter(status=Application.Status.LAUREATE).aggregate(
            total=Sum("amount_awarded")
        )["total"]
        or 0
    )
    return render(
        request,
        "initiatives/calls/board.html",
        {
            "call": call,
            "phase": call.phase(),
            "applications": applications,
            "drafts": call.applications.filter(status=Application.Status.DRAFT).count(),
            "awarded": awarded,
            "left": None if call.total_budget is None else call.total_budget - awarded,
            "progress": jury.jury_progress(call),
        },
    )


# --- Applications ------------------------------------------------------------------------------


def _application_form_page(request, *, call, application, form, indicators, status=200):
    return render(
        request,
        "initiatives/calls/application_form.html",
        {"call": call, "application": application, "form": form, "indicators": indicators},
        status=status,
    )


def _application_data(form, indicators) -> dict:
    return {**form.cleaned_data, "indicators": indicator_rows(indicators)}


@member_required
def application_create(request, slug):
    call = _call(request, slug)
    user = request.user
    if not user.has_perm("initiatives.apply_to_call", call):
        if not call.takes_applications():
            messages.error(request, services.deadline_message(call))
            return redirect(call.get_absolute_url())
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, call=call, applicant=user.organisation)
    indicators = PlannedIndicatorFormSet(request.POST or None, prefix="indicators")
    if request.method == "POST" and form.is_valid() and indicators.is_valid():
        try:
            application = services.application_create(
                actor=user, call=call, **_application_data(form, indicators)
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request,
                _("Your application is saved as a draft. Attach the documents, then submit it."),
            )
            return redirect("initiatives:application-detail", pk=application.pk)
    return _application_form_page(
        request,
        call=call,
        application=None,
        form=form,
        indicators=indicators,
        status=400 if form.errors else 200,
    )


@member_required
def application_edit(request, pk):
    application = _application(request, pk)
    user = request.user
    if not user.has_perm("initiatives.edit_application", application):
        if services.is_of_applicants(user, application) and not (
            application.call.takes_applications()
        ):
            messages.error(request, services.deadline_message(application.call))
            return redirect(application.get_absolute_url())
        raise PermissionDenied
    call = application.call
    form = ApplicationForm(
        request.POST or None, instance=application, call=call, applicant=application.applicant
    )
    indicators = PlannedIndicatorFormSet(
        request.POST or None, instance=application, prefix="indicators"
    )
    if request.method == "POST" and form.is_valid() and indicators.is_valid():
        try:
            services.application_update(
                actor=user, application=application, **_application_data(form, indicators)
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("Your application is saved."))
            return redirect("initiatives:application-detail", pk=application.pk)
    invalid = form.errors or any(indicators.errors) or indicators.non_form_errors()
    return _application_form_page(
        request,
        call=call,
        application=application,
        form=form,
        indicators=indicators,
        status=400 if invalid else 200,
    )


@member_required
def application_detail(request, pk):
    application = _application(request, pk)
    user = request.user
    call = application.call
    anonymous = (
        call.anonymous_review
        and not user.has_perm("initiatives.manage_call", call)
        and not services.is_of_applicants(user, application)
    )
    return render(
        request,
        "initiatives/calls/application_detail.html",
        {
            "application": application,
            "call": call,
            "anonymous": anonymous,
            "attachments": application.attachments.select_related("uploaded_by"),
            "indicators": application.planned_indicators.all(),
            "is_applicant": services.is_of_applicants(user, application),
            "can_edit": user.has_perm("initiatives.edit_application", application),
            "missing": services.submission_missing(application)
            if application.status == Application.Status.DRAFT
            else [],
            "attachment_form": AttachmentForm(call=call),
        },
    )


@member_required
def application_submit(request, pk):
    application = _application(request, pk)
    if not services.is_of_applicants(request.user, application):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.application_submit(actor=request.user, application=application)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Your application is submitted: an acknowledgement is on its way by email."),
            )
        return redirect(application.get_absolute_url())
    missing = services.submission_missing(application)
    if not application.call.takes_applications():
        missing = [services.deadline_message(application.call), *missing]
    return confirm_page(
        request,
        title=_("Submit “%(title)s”?") % {"title": application.title},
        question=_(
            "The organiser and the jury will read it. You may still change it until the deadline."
        )
        if not missing
        else _("It cannot be submitted yet:"),
        button=_("Submit the application"),
        back=application.get_absolute_url(),
        warnings=missing,
        danger=False,
        blocked=bool(missing),
        blocked_heading=_("It cannot be submitted yet:"),
    )


@member_required
def application_withdraw(request, pk):
    application = _application(request, pk)
    if not services.is_of_applicants(request.user, application):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.application_withdraw(actor=request.user, application=application)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect(application.get_absolute_url())
    return confirm_page(
        request,
        title=_("Withdraw “%(title)s”?") % {"title": application.title},
        question=_("The organiser and the jury will no longer consider it. This cannot be undone."),
        button=_("Withdraw the application"),
        back=application.get_absolute_url(),
    )


@member_required
@require_POST
def attachment_add(request, pk):
    application = _application(request, pk)
    require_perm(request.user, "initiatives.edit_application", application)
    form = AttachmentForm(request.POST, request.FILES, call=application.call)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                application=application,
                label=form.cleaned_data["label"],
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The document is attached."))
            return redirect(application.get_absolute_url())
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect(application.get_absolute_url())


def _attachment(request, pk) -> Attachment:
    """An application's document for who may read the application; a bilan's for who may read
    the bilan (not the jury)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related(
            "application__call", "assessment__application__call"
        ).prefetch_related("application__co_applicants", "assessment__application__co_applicants"),
        pk=pk,
    )
    if attachment.assessment is not None:
        visible = request.user.has_perm("initiatives.read_bilan", attachment.assessment)
    else:
        visible = request.user.has_perm("initiatives.see_application", attachment.application)
    if not visible:
        raise Http404
    return attachment


@member_required
def attachment_download(request, pk):
    attachment = _attachment(request, pk)
    return private_file_response(attachment.file, attachment.filename)


@member_required
@require_POST
def attachment_delete(request, pk):
    attachment = _attachment(request, pk)
    if attachment.application is None:
        raise PermissionDenied  # a bilan's documents stay with the bilan
    require_perm(request.user, "initiatives.edit_application", attachment.application)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The document is removed."))
    return redirect(attachment.application.get_absolute_url())


@member_required
def application_decide(request, pk):
    application = _application(request, pk)
    require_perm(request.user, "initiatives.decide_application", application)
    initial = {
        "decision": {"laureate": "laureate", "not_retained": "not_retained"}.get(
            application.status
        ),
        "amount_awarded": application.amount_awarded or application.amount_asked,
        "intermediate_bilan_due_on": application.intermediate_bilan_due_on,
        "bilan_due_on": application.bilan_due_on,
        "reason": application.decision_reason,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_decide(
                actor=request.user, application=application, **form.decision_data()
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request, _("The decision is saved; the applicant is told when the results are out.")
            )
            return redirect("initiatives:call-board", slug=application.call.slug)
    return render(
        request,
        "initiatives/calls/decide.html",
        {"application": application, "call": application.call, "form": form},
        status=400 if form.errors else 200,
    )
