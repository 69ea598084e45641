import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.forms import errors_into, paginate, require_perm
from config.public_cache import public_page
from landlords import my_data as my_data_display
from landlords import services
from landlords.filters import MemberFilter, OrganisationFilter
from landlords.forms import (
    AccountDeleteForm,
    ApprovalForm,
    OrganisationForm,
    ProfileForm,
    RefusalForm,
    ResidenceForm,
)
from landlords.models import Organisation, OrganisationProposal, Residence, User
from landlords.permissions import is_member, member_required
from landlords.selectors import (
    approval_queue,
    member_detail_queryset,
    member_directory,
    organisation_detail_queryset,
    organisation_list,
    user_data_export,
)

ORGANISATIONS_PER_PAGE = 20
MEMBERS_PER_PAGE = 24


@login_required
def awaiting_approval(request):
    """Shown to signed-in accounts that AR Hlm staff have not approved yet."""
    if is_member(request.user):
        return redirect("clubs:dashboard")
    return render(request, "landlords/awaiting_approval.html")


@public_page(params=[*OrganisationFilter.base_filters, "page"])
def organisation_list_view(request):
    """Landlords, partners and federations, filtered by kind, family, region, département."""
    filterset = OrganisationFilter(request.GET, queryset=organisation_list())
    page, query = paginate(request, filterset, ORGANISATIONS_PER_PAGE)
    return render(
        request,
        "landlords/organisation_list.html",
        {"filter": filterset, "page": page, "query": query},
    )


@public_page()
def organisation_detail(request, slug):
    organisation = get_object_or_404(organisation_detail_queryset(), slug=slug)
    hosted_meetings = (
        organisation.hosted_meetings.published().select_related("club").order_by("-date")
    )
    return render(
        request,
        "landlords/organisation_detail.html",
        {
            "organisation": organisation,
            "hosted_meetings": hosted_meetings,
            "can_edit": request.user.has_perm("landlords.edit_organisation", organisation),
        },
    )


@member_required
def organisation_edit(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    require_perm(request.user, "landlords.edit_organisation", organisation)
    form = OrganisationForm(
        request.POST or None,
        request.FILES or None,
        instance=Organisation.objects.get(pk=organisation.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organisation_update(
                actor=request.user,
                organisation=organisation,
                logo=data["new_logo"] or None,
                remove_logo=data["remove_logo"],
                **{
                    name: data[name] for name in services.ORGANISATION_FIELDS if name in form.fields
                },
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The organisation's page is updated."))
            return redirect("landlords:organisation-detail", slug=organisation.slug)
    return render(
        request,
        "landlords/organisation_form.html",
        {"organisation": organisation, "form": form},
    )


def _editable_landlord(request, slug) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.landlords().prefetch_related(
            Prefetch(
                "residences",
                queryset=Residence.objects.select_related("commune").order_by(
                    "commune__name", "name"
                ),
            )
        ),
        slug=slug,
    )
    require_perm(request.user, "landlords.edit_organisation", organisation)
    return organisation


@member_required
def residence_create(request, slug):
    organisation = _editable_landlord(request, slug)
    return _residence_form(request, organisation, Residence(landlord=organisation))


@member_required
def residence_edit(request, slug, pk):
    organisation = _editable_landlord(request, slug)
    # Looked up among this landlord's residences only: another landlord's id gives 404.
    residence = get_object_or_404(organisation.residences.all(), pk=pk)
    return _residence_form(request, organisation, residence)


def _residence_form(request, organisation, residence):
    form = ResidenceForm(request.POST or None, instance=residence, landlord=organisation)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if residence.pk:
                services.residence_update(actor=request.user, residence=residence, **fields)
            else:
                services.residence_create(actor=request.user, organisation=organisation, **fields)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request, _("The residence %(name)s is saved.") % {"name": fields["name"]}
            )
            return redirect("landlords:organisation-detail", slug=organisation.slug)
    return render(
        request,
        "landlords/residence_form.html",
        {"organisation": organisation, "residence": residence, "form": form},
    )


@member_required
def residence_delete(request, slug, pk):
    organisation = _editable_landlord(request, slug)
    residence = get_object_or_404(organisation.residences.all(), pk=pk)
    if request.method == "POST":
        try:
            services.residence_delete(actor=request.user, residence=residence)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The residence %(name)s is removed.") % {"name": residence.name}
            )
        return redirect("landlords:organisation-detail", slug=organisation.slug)
    return render(
        request,
        "landlords/residence_delete.html",
        {"organisation": organisation, "residence": residence},
    )


@member_required
def member_list(request):
    """The member directory: members who agreed to appear, with filters and a name search."""
    filterset = MemberFilter(request.GET, queryset=member_directory())
    page, query = paginate(request, filterset, MEMBERS_PER_PAGE)
    return render(
        request,
        "landlords/member_list.html",
        {"filter": filterset, "page": page, "query": query, "path": request.path},
    )


@member_required
def member_detail(request, pk):
    member = get_object_or_404(member_detail_queryset(), pk=pk)
    if not request.user.has_perm("landlords.see_member", member):
        raise Http404  # not in the directory: as if the page did not exist
    return render(request, "landlords/member_detail.html", {"member": member})


@member_required
def profile_edit(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=User.objects.get(pk=user.pk)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                actor=user,
                user=user,
                job_title=data["job_title"],
                phone=data["phone"],
                directory_consent=data["directory_consent"],
                themes=data["themes"],
                skills=data["skills"],
                sought_skills=data["sought_skills"],
                photo=data["new_photo"] or None,
                remove_photo=data["remove_photo"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("landlords:profile")
    return render(request, "landlords/profile_form.html", {"form": form})


@login_required
def my_data(request):
    """Everything the portal holds about the signed-in person, readable and downloadable."""
    if request.GET.get("format") == "json":
        data = user_data_export(request.user)
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="mes-donnees-{stamp}.json"'
        return response
    return render(
        request,
        "landlords/my_data.html",
        {
            "account_rows": my_data_display.account_rows(request.user),
            "related": my_data_display.other_records(request.user),
        },
    )


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(actor=request.user, user=request.user)
        except ValidationError as error:
            errors_into(form, error)
        else:
            logout(request)
            messages.success(
                request, _("Your account is deleted. Thank you for your part in the club.")
            )
            return redirect("clubs:home")
    return render(request, "landlords/account_delete.html", {"form": form})


@login_required
def approval_queue_view(request):
    require_perm(request.user, "landlords.approve_user")
    return render(request, "landlords/approval_queue.html", {"pending": approval_queue()})


@login_required
@require_POST
def approval_approve(request, pk):
    require_perm(request.user, "landlords.approve_user")
    user = get_object_or_404(User.objects.awaiting_approval(), pk=pk)
    if OrganisationProposal.objects.filter(user=user, resolved_at__isnull=True).exists():
        # The organisation proposed at sign-up needs a decision: the confirmation page asks it.
        return redirect("landlords:approval-confirm", pk=user.pk)
    try:
        services.user_approve(actor=request.user, user=user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s is approved and told by email.") % {"name": user.full_name}
        )
    return redirect("landlords:approval-queue")


@login_required
def approval_confirm(request, pk):
    """Approve an account on a page of its own: for one that proposed an organisation, staff
    create that organisation (its fields corrected) or merge it into one already listed."""
    require_perm(request.user, "landlords.approve_user")
    user = get_object_or_404(User.objects.awaiting_approval().select_related("organisation"), pk=pk)
    proposal = OrganisationProposal.objects.filter(user=user, resolved_at__isnull=True).first()
    form = ApprovalForm(request.POST or None, proposal=proposal) if proposal else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.user_approve(
                actor=request.user, user=user, **(form.decision_kwargs() if form else {})
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                errors_into(form, error)
        else:
            messages.success(
                request, _("%(name)s is approved and told by email.") % {"name": user.full_name}
            )
            return redirect("landlords:approval-queue")
    return render(
        request,
        "landlords/approval_confirm.html",
        {"candidate": user, "proposal": proposal, "form": form},
    )


@login_required
def approval_refuse(request, pk):
    require_perm(request.user, "landlords.approve_user")
    user = get_object_or_404(User.objects.awaiting_approval().select_related("organisation"), pk=pk)
    form = RefusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_refuse(actor=request.user, user=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request,
                _("%(name)s's account is refused; they are told why by email.")
                % {"name": user.full_name},
            )
            return redirect("landlords:approval-queue")
    return render(request, "landlords/approval_refuse.html", {"candidate": user, "form": form})
