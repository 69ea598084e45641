from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clubs.models import Meeting
from config.forms import errors_into, paginate, query_string, valid_filters
from config.public_cache import public_page
from config.spreadsheets import csv_response, xlsx_response
from config.typography import date_text
from initiatives import services
from initiatives.attachments import private_file_response
from initiatives.charts import indicator_chart
from initiatives.exports import catalogue_table
from initiatives.filters import InitiativeFilter, ResourceFilter
from initiatives.forms import (
    AssessmentForm,
    FundingForm,
    IndicatorForm,
    InitiativeForm,
    MeasurementForm,
    PhotoEditForm,
    PhotoForm,
    ResourceForm,
)
from initiatives.models import (
    Application,
    CallForProjects,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    Resource,
)
from initiatives.nearby import helpful_members, similar_initiatives
from initiatives.selectors import (
    indicator_impact,
    initiative_detail_full,
    initiative_detail_queryset,
    initiative_list,
    initiative_spelling,
    shared_indicator_names,
)
from landlords.departements import DEPARTEMENT_CHOICES
from landlords.permissions import is_member, member_required
from places import map as places_map

PER_PAGE = 20


@public_page(params=[*InitiativeFilter.base_filters, "page"])
def catalogue(request):
    """Public initiatives (members: all), filtered, searched, sorted, paginated."""
    user = request.user
    filterset = InitiativeFilter(request.GET, queryset=initiative_list(user=user))
    page, query = paginate(request, filterset, PER_PAGE)
    return render(
        request,
        "initiatives/catalogue.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "spelling": _spelling(filterset, page, user),
            "path": request.path,
            "follows": _followable(filterset),
            # Longer lists are prepared by a job (jobs/): their links lead to that page.
            "export_prepared": page.paginator.count > settings.EXPORT_SYNC_LIMIT,
            "can_add": user.has_perm(
                "initiatives.add_initiative_for", getattr(user, "organisation", None)
            ),
        },
    )


@public_page(params=list(InitiativeFilter.base_filters))
def catalogue_map(request):
    """The catalogue's results on a map of the club's départements, with the same filters; the
    list of communes under it is the map's text alternative."""
    filterset = InitiativeFilter(request.GET, queryset=initiative_list(user=request.user))
    filters = valid_filters(filterset)
    query = query_string(filters)
    request.valid_query = query
    markers = places_map.markers(filterset.qs)
    catalogue_url = reverse("initiatives:catalogue")
    without_place = [
        (name, value) for name, value in filters if name not in {"commune", "departement"}
    ]
    for marker in markers:
        where = "commune" if marker.is_commune else "departement"
        marker.query = query_string([*without_place, (where, marker.code)])
    return render(
        request,
        "initiatives/catalogue_map.html",
        {
            "filter": filterset,
            "query": query,
            "path": request.path,
            "markers": markers,
            "marker_links": places_map.marker_links(markers, catalogue_url),
            "marker_counts": places_map.marker_counts(markers),
            "place_list": places_map.place_list(markers, catalogue_url),
            "total": sum(marker.count for marker in markers),
            "departements": places_map.departements(),
            "view_box": places_map.view_box(),
            "place_query": query_string(without_place),
        },
    )


def _spelling(filterset, page, user) -> dict | None:
    """ "Did you mean: jardin?" when a search found nothing: the corrected words and the query
    string of the same filters with them (PostgreSQL only, config/search.py)."""
    text = filterset.form.cleaned_data.get("q") if filterset.form.is_valid() else ""
    if page.paginator.count or not text:
        return None
    proposal = initiative_spelling(initiative_list(user=user), text)
    if not proposal:
        return None
    filters = [(name, value) for name, value in valid_filters(filterset) if name != "q"]
    return {"text": proposal, "query": query_string([*filters, ("q", proposal)])}


def _followable(filterset) -> list[tuple[str, str, str]]:
    """The theme and the département the catalogue is narrowed to, which a member may follow
    from here: (kind, key, label)."""
    chosen = getattr(filterset.form, "cleaned_data", {})
    follows = []
    if theme := chosen.get("theme"):
        follows.append(("theme", theme.slug, theme.name))
    if code := chosen.get("departement"):
        follows.append(("departement", code, dict(DEPARTEMENT_CHOICES).get(code, code)))
    return follows


EXPORT_FORMATS = {"csv", "xlsx"}


def catalogue_export(request, fmt):
    """The filtered catalogue as CSV or XLSX (what the visitor may see, nothing more). Past
    EXPORT_SYNC_LIMIT rows the file is prepared by a job, for the one who asks (signed in)."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filterset = InitiativeFilter(request.GET, queryset=initiative_list(user=request.user))
    if filterset.qs.count() > settings.EXPORT_SYNC_LIMIT:
        query = request.GET.urlencode()
        return redirect(reverse("jobs:export-new", args=[fmt]) + (f"?{query}" if query else ""))
    header, rows = catalogue_table(filterset.qs, absolute_uri=request.build_absolute_uri)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        return csv_response(f"initiatives-{stamp}.csv", header, rows)
    return xlsx_response(f"initiatives-{stamp}.xlsx", _("Initiatives"), header, rows)


def _visible(request, slug) -> Initiative:
    initiative = get_object_or_404(initiative_detail_queryset(user=request.user), slug=slug)
    if not request.user.has_perm("initiatives.see_initiative", initiative):
        raise Http404
    return initiative


def _editable(request, slug) -> Initiative:
    initiative = _visible(request, slug)
    if not request.user.has_perm("initiatives.edit_initiative", initiative):
        raise PermissionDenied
    return initiative


@public_page()
def initiative_detail(request, slug):
    user = request.user
    initiative = _visible(request, slug)
    initiative_detail_full(initiative)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "is_member": is_member(user),
            "can_edit": user.has_perm("initiatives.edit_initiative", initiative),
            "indicators": [
                {"indicator": indicator, "chart": indicator_chart(indicator)}
                for indicator in initiative.indicators.all()
            ],
            # Who else works on this: four initiatives, as the page always listed; the
            # members who offer what its contact seeks only for members (never cached).
            "related": similar_initiatives(initiative, user, limit=4),
            "helpful_members": helpful_members(initiative, user),
            "resources": Resource.objects.visible_to(user).filter(initiatives=initiative),
        },
    )


@member_required
def initiative_create(request):
    organisation = request.user.organisation
    if organisation is None or not request.user.has_perm(
        "initiatives.add_initiative_for", organisation
    ):
        raise PermissionDenied
    return _initiative_form(request, Initiative(lead=organisation), organisation)


@member_required
def initiative_edit(request, slug):
    initiative = _editable(request, slug)
    return _initiative_form(request, initiative, initiative.lead)


def _initiative_form(request, initiative, lead):
    form = InitiativeForm(
        request.POST or None,
        instance=Initiative.objects.get(pk=initiative.pk) if initiative.pk else initiative,
        lead=lead,
    )
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if initiative.pk:
                saved = services.initiative_update(
                    actor=request.user, initiative=initiative, **data
                )
            else:
                saved = services.initiative_create(actor=request.user, organisation=lead, **data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The initiative is saved."))
            return redirect("initiatives:detail", slug=saved.slug)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"form": form, "initiative": initiative, "lead": lead},
    )


def _sub_form(request, slug, form_class, heading, save, *, form_kwargs):
    """A small form that adds something to an initiative its editors manage."""
    initiative = _editable(request, slug)
    form = form_class(request.POST or None, request.FILES or None, **form_kwargs(initiative))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save(initiative, form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            return redirect("initiatives:detail", slug=initiative.slug)
    return render(
        request,
        "initiatives/sub_form.html",
        {"initiative": initiative, "form": form, "heading": heading},
    )


@member_required
def indicator_add(request, slug):
    def save(initiative, data):
        services.indicator_add(actor=request.user, initiative=initiative, **data)
        messages.success(request, _("The indicator is added."))

    return _sub_form(
        request, slug, IndicatorForm, _("Add an indicator"), save, form_kwargs=lambda i: {}
    )


@member_required
def measurement_add(request, slug, pk):
    initiative = _editable(request, slug)
    indicator = get_object_or_404(Indicator, pk=pk, initiative=initiative)
    form = MeasurementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_add(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(
                request, _("Measurement added to “%(name)s”.") % {"name": indicator.name}
            )
            return redirect(f"{initiative.get_absolute_url()}#indicator-{indicator.pk}")
    return render(
        request,
        "initiatives/sub_form.html",
        {
            "initiative": initiative,
            "form": form,
            "heading": _("Add a measurement to “%(name)s”") % {"name": indicator.name},
        },
    )


@member_required
def assessment_add(request, slug):
    def save(initiative, data):
        services.assessment_add(actor=request.user, initiative=initiative, **data)
        messages.success(request, _("The bilan is added."))

    return _sub_form(
        request,
        slug,
        AssessmentForm,
        _("Add a bilan"),
        save,
        form_kwargs=lambda initiative: {"initiative": initiative},
    )


@member_required
def photo_add(request, slug):
    def save(initiative, data):
        services.photo_add(actor=request.user, initiative=initiative, **data)
        messages.success(request, _("The photo is added."))

    return _sub_form(request, slug, PhotoForm, _("Add a photo"), save, form_kwargs=lambda i: {})


# Corrections: the editors of an initiative change or remove what was added ------------------


@member_required
def initiative_data(request, slug):
    """Indicators and their measurements, fundings and photos, each to correct or remove."""
    initiative = _editable(request, slug)
    indicators = initiative.indicators.prefetch_related("measurements")
    fundings = initiative.fundings.select_related("funder", "call")
    return render(
        request,
        "initiatives/initiative_data.html",
        {
            "initiative": initiative,
            "indicators": indicators,
            "fundings": fundings,
            "photos": initiative.photos.all(),
        },
    )


def _data_page(initiative, anchor: str):
    return redirect(f"{reverse('initiatives:data', args=[initiative.slug])}#{anchor}")


def _correct(request, initiative, obj, form_class, save, *, heading, done, anchor):
    """Edit `obj` (a row of `initiative`) with `form_class`; `save(data)` calls the service."""
    form = form_class(request.POST or None, instance=type(obj).objects.get(pk=obj.pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            save(data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, done)
            return _data_page(initiative, anchor)
    return render(
        request,
        "initiatives/sub_form.html",
        {"initiative": initiative, "form": form, "heading": heading, "back": "data"},
    )


def _remove(request, initiative, remove, *, heading, consequence, done, anchor):
    """Ask, then (on POST) call `remove()`: the service that deletes."""
    if request.method == "POST":
        remove()
        messages.success(request, done)
        return _data_page(initiative, anchor)
    return render(
        request,
        "initiatives/remove_confirm.html",
        {"initiative": initiative, "heading": heading, "consequence": consequence},
    )


def _indicator(request, slug, pk):
    initiative = _editable(request, slug)
    return initiative, get_object_or_404(Indicator, pk=pk, initiative=initiative)


@member_required
def indicator_edit(request, slug, pk):
    initiative, indicator = _indicator(request, slug, pk)
    return _correct(
        request,
        initiative,
        indicator,
        IndicatorForm,
        lambda data: services.indicator_update(actor=request.user, indicator=indicator, **data),
        heading=_("Edit the indicator “%(name)s”") % {"name": indicator.name},
        done=_("The indicator is saved."),
        anchor="indicators",
    )


@member_required
def indicator_delete(request, slug, pk):
    initiative, indicator = _indicator(request, slug, pk)
    count = indicator.measurements.count()
    return _remove(
        request,
        initiative,
        lambda: services.indicator_delete(actor=request.user, indicator=indicator),
        heading=_("Remove the indicator “%(name)s”?") % {"name": indicator.name},
        consequence=ngettext(
            "Its %(count)s measurement will be removed with it.",
            "Its %(count)s measurements will be removed with it.",
            count,
        )
        % {"count": count},
        done=_("The indicator is removed."),
        anchor="indicators",
    )


def _measurement(request, slug, pk):
    initiative = _editable(request, slug)
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator"), pk=pk, indicator__initiative=initiative
    )
    measurement.indicator.initiative = initiative
    return initiative, measurement


@member_required
def measurement_edit(request, slug, pk):
    initiative, measurement = _measurement(request, slug, pk)
    return _correct(
        request,
        initiative,
        measurement,
        MeasurementForm,
        lambda data: services.measurement_update(
            actor=request.user, measurement=measurement, **data
        ),
        heading=_("Edit a measurement of “%(name)s”") % {"name": measurement.indicator.name},
        done=_("The measurement is saved."),
        anchor=f"indicator-{measurement.indicator_id}",
    )


@member_required
def measurement_delete(request, slug, pk):
    initiative, measurement = _measurement(request, slug, pk)
    return _remove(
        request,
        initiative,
        lambda: services.measurement_delete(actor=request.user, measurement=measurement),
        heading=_("Remove the measurement of %(date)s?") % {"date": date_text(measurement.date)},
        consequence=_("“%(name)s”: %(value)s on that date will no longer be shown.")
        % {
            "name": measurement.indicator.name,
            "value": floatformat(measurement.value, "-2g"),
        },
        done=_("The measurement is removed."),
        anchor=f"indicator-{measurement.indicator_id}",
    )


def _photo(request, slug, pk):
    initiative = _editable(request, slug)
    photo = get_object_or_404(Photo, pk=pk, initiative=initiative)
    photo.initiative = initiative
    return initiative, photo


@member_required
def photo_edit(request, slug, pk):
    initiative, photo = _photo(request, slug, pk)
    return _correct(
        request,
        initiative,
        photo,
        PhotoEditForm,
        lambda data: services.photo_update(actor=request.user, photo=photo, **data),
        heading=_("Edit the photo"),
        done=_("The photo is saved."),
        anchor="photos",
    )


@member_required
def photo_delete(request, slug, pk):
    initiative, photo = _photo(request, slug, pk)
    return _remove(
        request,
        initiative,
        lambda: services.photo_delete(actor=request.user, photo=photo),
        heading=_("Remove the photo?"),
        consequence=_("“%(alt)s” (© %(credit)s) will be deleted from the portal.")
        % {"alt": photo.alt_text, "credit": photo.credit},
        done=_("The photo is removed."),
        anchor="photos",
    )


@member_required
def funding_add(request, slug):
    initiative = _editable(request, slug)
    form = FundingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.funding_add(actor=request.user, initiative=initiative, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The funding is added."))
            return _data_page(initiative, "fundings")
    return render(
        request,
        "initiatives/sub_form.html",
        {
            "initiative": initiative,
            "form": form,
            "heading": _("Add a funding"),
            "back": "data",
        },
    )


def _funding(request, slug, pk):
    initiative = _editable(request, slug)
    funding = get_object_or_404(
        Funding.objects.select_related("funder"), pk=pk, initiative=initiative
    )
    funding.initiative = initiative
    return initiative, funding


@member_required
def funding_edit(request, slug, pk):
    initiative, funding = _funding(request, slug, pk)
    return _correct(
        request,
        initiative,
        funding,
        FundingForm,
        lambda data: services.funding_update(actor=request.user, funding=funding, **data),
        heading=_("Edit the funding by %(funder)s") % {"funder": funding.funder.name},
        done=_("The funding is saved."),
        anchor="fundings",
    )


@member_required
def funding_delete(request, slug, pk):
    initiative, funding = _funding(request, slug, pk)
    return _remove(
        request,
        initiative,
        lambda: services.funding_delete(actor=request.user, funding=funding),
        heading=_("Remove the funding by %(funder)s?") % {"funder": funding.funder.name},
        consequence=_("%(amount)s € will no longer be counted in the initiative's fundings.")
        % {"amount": number_format(funding.amount, 0, use_l10n=True, force_grouping=True)},
        done=_("The funding is removed."),
        anchor="fundings",
    )


@member_required
def meeting_photo_add(request, pk):
    """Animators add photos of a meeting: they show on its page and in its Cahier."""
    meeting = get_object_or_404(Meeting.objects.select_related("club"), pk=pk)
    if not request.user.has_perm("clubs.see_meeting", meeting):
        raise Http404
    if not request.user.has_perm("clubs.manage_meeting", meeting):
        raise PermissionDenied
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_photo_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The photo is added."))
            return redirect("clubs:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "initiatives/meeting_photo_form.html",
        {"meeting": meeting, "form": form},
    )


@public_page()
def call_list(request):
    calls = (
        CallForProjects.objects.exclude(status=CallForProjects.Status.DRAFT)
        .select_related("organiser")
        .prefetch_related("themes")
    )
    user = request.user
    can_add = user.has_perm("initiatives.add_call_for", getattr(user, "organisation", None))
    return render(request, "initiatives/call_list.html", {"calls": calls, "can_add": can_add})


@public_page()
def call_detail(request, slug):
    """A call for projects: its rules, dates and money; once its results are published, the
    laureates by their own organisation and the total awarded. A draft is its organiser's."""
    call = get_object_or_404(
        CallForProjects.objects.select_related("organiser").prefetch_related("themes", "criteria"),
        slug=slug,
    )
    if not request.user.has_perm("initiatives.see_call", call):
        raise Http404
    laureates = []
    if call.results_published_at is not None:
        laureates = list(
            call.applications.filter(status=Application.Status.LAUREATE)
            .select_related("applicant", "initiative")
            .prefetch_related("co_applicants")
            .order_by("title", "pk")
        )
        # A laureate's initiative is linked where the visitor may open it.
        visible = set(
            Initiative.objects.visible_to(request.user)
            .filter(pk__in=[a.initiative_id for a in laureates if a.initiative_id])
            .values_list("pk", flat=True)
        )
        for application in laureates:
            application.linked = application.initiative_id in visible
    return render(
        request,
        "initiatives/call_detail.html",
        {
            "call": call,
            "laureates": laureates,
            "total_awarded": sum((a.amount_awarded or 0) for a in laureates),
            "board": request.user.has_perm("initiatives.manage_call", call),
        },
    )


# --- Toolbox ---------------------------------------------------------------------------------


@public_page(params=[*ResourceFilter.base_filters, "page"])
def toolbox(request):
    """Guides, templates, links and files, by theme and kind."""
    filterset = ResourceFilter(
        request.GET,
        queryset=Resource.objects.visible_to(request.user)
        .select_related("added_by__organisation")
        .prefetch_related("themes"),
    )
    page, query = paginate(request, filterset, PER_PAGE)
    for resource in page:
        resource.can_delete = request.user.has_perm("initiatives.delete_resource_of", resource)
    return render(
        request,
        "initiatives/toolbox.html",
        {
            "filter": filterset,
            "page": page,
            "query": query,
            "can_add": request.user.has_perm("initiatives.add_resource"),
        },
    )


@member_required
def resource_add(request):
    if not request.user.has_perm("initiatives.add_resource"):
        raise PermissionDenied
    form = ResourceForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.resource_add(
                actor=request.user,
                file=data["file"],
                themes=data["themes"],
                initiatives=data["initiatives"],
                workshops=data["workshops"],
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                url=data["url"],
                visibility=data["visibility"],
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The resource is in the toolbox."))
            return redirect("initiatives:toolbox")
    return render(request, "initiatives/resource_form.html", {"form": form})


def resource_download(request, pk):
    """Toolbox files are served as attachments, never inline, and only to who may see them."""
    resource = get_object_or_404(Resource, pk=pk)
    if not request.user.has_perm("initiatives.see_resource", resource) or not resource.file:
        raise Http404
    return private_file_response(resource.file, resource.filename)


@member_required
@require_POST
def resource_delete(request, pk):
    resource = get_object_or_404(Resource.objects.visible_to(request.user), pk=pk)
    services.resource_delete(actor=request.user, resource=resource)
    messages.success(request, _("The resource is removed from the toolbox."))
    return redirect("initiatives:toolbox")


def impact(request):
    """An indicator shared by several initiatives, added up by landlord, theme and year."""
    names = shared_indicator_names(user=request.user)
    chosen = (request.GET.get("indicateur") or "").strip().casefold()
    if chosen and chosen not in names:
        chosen = ""
    chosen = chosen or (names[0] if names else "")
    result = indicator_impact(chosen, user=request.user) if chosen else None
    if result:
        for key in ("by_landlord", "by_theme", "by_year"):
            top = max((value for _label, value in result[key]), default=0) or 1
            result[key] = [
                (label, value, round(100 * float(value) / float(top)))
                for label, value in result[key]
            ]
    return render(
        request,
        "initiatives/impact.html",
        {"names": names, "chosen": chosen, "result": result},
    )
