from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from landlords.filters import OrganisationFilter
from landlords.permissions import is_member
from landlords.selectors import organisation_detail_queryset, organisation_list

ORGANISATIONS_PER_PAGE = 20


@login_required
def awaiting_approval(request):
    """Shown to signed-in accounts that AR Hlm staff have not approved yet."""
    if is_member(request.user):
        return redirect("clubs:dashboard")
    return render(request, "landlords/awaiting_approval.html")


def organisation_list_view(request):
    """Landlords, partners and federations, filtered by kind, family, region, département."""
    filterset = OrganisationFilter(request.GET, queryset=organisation_list())
    page = Paginator(filterset.qs, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "landlords/organisation_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def organisation_detail(request, slug):
    organisation = get_object_or_404(organisation_detail_queryset(), slug=slug)
    hosted_meetings = organisation.hosted_meetings.published().order_by("-date")
    return render(
        request,
        "landlords/organisation_detail.html",
        {"organisation": organisation, "hosted_meetings": hosted_meetings},
    )
