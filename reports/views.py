import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clubs import services as club_services
from clubs.models import Meeting
from clubs.selectors import meeting_detail_queryset
from config.forms import query_string, valid_filters
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from initiatives.selectors import initiative_list
from landlords.permissions import is_member, member_required
from reports import services

CATALOGUE_PDF_LIMIT = 300


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def cahier(request, pk):
    """The published Cahier (members: with names; public: counts); its animators and staff
    preview the draft, watermarked, with ?projet=1 or before it is published."""
    user = request.user
    audience = "members" if is_member(user) else "public"
    meeting = get_object_or_404(meeting_detail_queryset(), pk=pk)
    if not user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    can_preview = user.has_perm("clubs.preview_cahier", meeting)
    published = user.has_perm("clubs.see_cahier", meeting)
    draft = can_preview and (not published or request.GET.get("projet") == "1")
    if not published and not draft:
        raise Http404
    content = services.cahier_pdf(meeting=meeting, audience=audience, draft=draft)
    name = slugify(meeting.cahier_name) or f"cahier-{meeting.number}"
    return _pdf(content, f"{name}{'-projet' if draft else ''}.pdf")


@member_required
@require_POST
def cahier_publish(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("club"), pk=pk)
    if not request.user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    try:
        club_services.cahier_publish(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The Cahier is published."))
    return redirect("clubs:meeting-detail", pk=meeting.pk)


def initiative_sheet(request, pk):
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), pk=pk)
    content = services.initiative_sheet_pdf(initiative=initiative)
    return _pdf(content, f"{initiative.slug}.pdf")


def catalogue(request):
    """The catalogue's current filters as a PDF list (up to CATALOGUE_PDF_LIMIT initiatives)."""
    filterset = InitiativeFilter(request.GET, queryset=initiative_list(user=request.user))
    initiatives = list(filterset.qs[:CATALOGUE_PDF_LIMIT])
    key = _catalogue_key(request, filterset)
    content = services.catalogue_pdf(
        initiatives=initiatives, title=gettext_lazy("Initiatives of the landlords"), key=key
    )
    return _pdf(content, "initiatives.pdf")


def _catalogue_key(request, filterset) -> str:
    """The catalogue PDF's file prefix: its audience and the valid filters with their values,
    sorted. An unknown parameter (utm_source…), `page`, an empty filter or a refused value
    (a theme that does not exist) changes nothing."""
    audience = "members" if is_member(request.user) else "public"
    filters = query_string(valid_filters(filterset))
    return hashlib.sha256(f"{audience}?{filters}".encode()).hexdigest()[:16]
