import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from clubs import services as club_services
from clubs.models import Meeting
from clubs.selectors import meeting_detail_queryset
from clubs.views import confirm_page
from config.forms import query_string, require_perm, valid_filters
from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from initiatives.selectors import initiative_list
from landlords.permissions import is_member, member_required
from reports import services

CATALOGUE_PDF_LIMIT = 300


def _may_build(request):
    """Spend one of the PDF builds the one asking may make (`PDF_BUILD_RATE`, per account or,
    for visitors, per address): building costs 0.4 to 1.3 s of WeasyPrint, and a stranger
    varying a query string could otherwise keep every worker busy. A PDF already built costs
    nothing. When the cache cannot count (Redis down), builds go on (RATELIMIT_FAIL_OPEN)."""
    return lambda: (
        not is_ratelimited(
            request,
            group="pdf-build",
            key="user_or_ip",
            rate=settings.PDF_BUILD_RATE,
            increment=True,
        )
    )


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_response(
    request, filename: str, build, content_type="application/pdf", **arguments
) -> HttpResponse:
    """The document `build(**arguments)` gives (a PDF unless told), as a download; 429 past
    the builds allowed."""
    try:
        content = build(**arguments, may_build=_may_build(request))
    except services.TooManyBuildsError:
        explanation = _(
            "Many PDFs have just been prepared for you. Wait a minute, then download this one "
            "again: the PDFs already prepared download at once."
        )
        response = render(request, "429.html", {"explanation": explanation}, status=429)
        response["Retry-After"] = "60"
        return response
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@member_required
def cahier_docx(request, pk):
    """The Cahier as an editable document (members' edition), for its animators and staff to
    hand to the communication team: built afresh each time (no cache), within the build limit."""
    from reports.docx import cahier_docx as build_docx

    meeting = get_object_or_404(meeting_detail_queryset(), pk=pk)
    if not request.user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    require_perm(request.user, "clubs.preview_cahier", meeting)

    def build(*, may_build):
        if not may_build():
            raise services.TooManyBuildsError
        with translation.override(settings.LANGUAGE_CODE):  # French, like the PDF
            return build_docx(services.cahier_data(meeting, audience="members"))

    name = slugify(meeting.cahier_name) or f"cahier-{meeting.number}"
    return pdf_response(request, f"{name}.docx", build, content_type=DOCX)


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
    name = slugify(meeting.cahier_name) or f"cahier-{meeting.number}"
    return pdf_response(
        request,
        f"{name}{'-projet' if draft else ''}.pdf",
        services.cahier_pdf,
        meeting=meeting,
        audience=audience,
        draft=draft,
    )


@member_required
def cahier_publish(request, pk):
    """GET asks (what the Cahier lacks, if anything); POST publishes."""
    meeting = get_object_or_404(Meeting.objects.select_related("club"), pk=pk)
    if not request.user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    require_perm(request.user, "clubs.manage_meeting", meeting)
    if request.method != "POST":
        missing = club_services.cahier_missing(meeting)
        return confirm_page(
            request,
            title=_("Publish the %(cahier)s?") % {"cahier": meeting.cahier_name},
            question=_(
                "Once published, everyone who sees the meeting can download it (members with "
                "the names, the public with the counts). Check the draft first."
            ),
            warnings=missing,
            blocked=bool(missing),
            button=_("Publish the Cahier"),
            back=meeting.get_absolute_url(),
            danger=False,
        )
    try:
        club_services.cahier_publish(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The Cahier is published."))
    return redirect("clubs:meeting-detail", pk=meeting.pk)


def initiative_sheet(request, pk):
    """The sheet as the one asking may read it: members' edition (with the contact) or the
    public one."""
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), pk=pk)
    return pdf_response(
        request,
        f"{initiative.slug}.pdf",
        services.initiative_sheet_pdf,
        initiative=initiative,
        audience="members" if is_member(request.user) else "public",
    )


def catalogue(request):
    """The catalogue's current filters as a PDF list (up to CATALOGUE_PDF_LIMIT initiatives)."""
    filterset = InitiativeFilter(request.GET, queryset=initiative_list(user=request.user))
    initiatives = list(filterset.qs[:CATALOGUE_PDF_LIMIT])
    key = _catalogue_key(request, filterset)
    return pdf_response(
        request,
        "initiatives.pdf",
        services.catalogue_pdf,
        initiatives=initiatives,
        title=gettext_lazy("Initiatives of the landlords"),
        key=key,
        filters=_catalogue_filters(filterset),
    )


def _catalogue_filters(filterset) -> list[tuple]:
    """The filters applied, in words, for the catalogue's cover: (label, value) pairs such as
    ("Thème", "Jardins partagés"), in the form's order; the sort is an order, not a filter.
    Labels stay lazy: the PDF reads them in French."""
    valid = dict(valid_filters(filterset))
    chosen = filterset.form.cleaned_data
    words = []
    for name, field in filterset.form.fields.items():
        if name not in valid or name == "sort":
            continue
        value = chosen[name]
        if name == "q":
            value = f"« {value} »"
        elif isinstance(value, bool):
            value = gettext_lazy("Yes") if value else gettext_lazy("No")
        elif isinstance(value, str) and hasattr(field, "choices"):
            value = dict(field.choices).get(value, value)
        words.append((field.label, value))
    return words


def _catalogue_key(request, filterset) -> str:
    """The catalogue PDF's file prefix: its audience and the valid filters with their values,
    sorted. An unknown parameter (utm_source…), `page`, an empty filter or a refused value
    (a theme that does not exist) changes nothing."""
    audience = "members" if is_member(request.user) else "public"
    filters = query_string(valid_filters(filterset))
    return hashlib.sha256(f"{audience}?{filters}".encode()).hexdigest()[:16]
