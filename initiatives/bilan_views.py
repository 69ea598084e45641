"""The laureates' bilans: writing one, the organiser's board of a call's bilans, reading one.

Who may see the application, the call or the bilan gets the page or a 403 for what they may
not do there; others get a 404 (initiatives/permissions.py decides)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from config.forms import errors_into, require_perm
from initiatives import bilans as services
from initiatives.bilan_forms import BilanForm
from initiatives.models import Application, CallForProjects
from landlords.permissions import member_required


@member_required
def bilan_add(request, pk):
    application = get_object_or_404(
        Application.objects.select_related(
            "call__organiser", "applicant", "initiative"
        ).prefetch_related("co_applicants", "assessments"),
        pk=pk,
    )
    if not request.user.has_perm("initiatives.see_application", application):
        raise Http404
    require_perm(request.user, "initiatives.write_bilan", application)
    bilans = services.laureate_bilans(application, timezone.localdate())
    next_due = bilans.next_due
    form = BilanForm(
        request.POST or None,
        request.FILES or None,
        indicators=services.indicators_of(application),
        next_kind=next_due.kind if next_due else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.bilan_submit(
                actor=request.user,
                application=application,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                files=form.files_to_store(),
                measurements=form.measurements(),
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("Your bilan is sent: the call's organiser is told of it."))
            return redirect("initiatives:bilan-detail", assessment.pk)
    return render(
        request,
        "initiatives/bilans/bilan_form.html",
        {"application": application, "call": application.call, "bilans": bilans, "form": form},
    )


@member_required
def call_bilans(request, slug):
    call = get_object_or_404(CallForProjects.objects.select_related("organiser"), slug=slug)
    if not request.user.has_perm("initiatives.see_call", call):
        raise Http404
    require_perm(request.user, "initiatives.manage_call", call)
    return render(
        request,
        "initiatives/bilans/call_bilans.html",
        {"call": call, "laureates": services.call_bilans(call), "today": timezone.localdate()},
    )


@member_required
def bilan_detail(request, pk):
    assessment = services.bilan_for_reading(request.user, pk)
    if assessment is None:
        raise Http404
    application = assessment.application
    return render(
        request,
        "initiatives/bilans/bilan_detail.html",
        {
            "assessment": assessment,
            "application": application,
            "call": application.call,
            "manages_call": request.user.has_perm("initiatives.manage_call", application.call),
            "writes_bilans": request.user.has_perm("initiatives.write_bilan", application),
            "attachments": list(assessment.attachments.all()),
        },
    )
