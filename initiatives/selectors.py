"""Reads on initiatives shared by views (eager loading and search live here)."""

from django.db.models import (
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)

from clubs.models import Meeting, Registration, Workshop
from clubs.permissions import animated_club_ids
from config.search import search, suggestion
from initiatives.models import (
    Application,
    Assessment,
    CallForProjects,
    Funding,
    Indicator,
    Initiative,
    Measurement,
)
from landlords.models import Residence
from landlords.permissions import is_member


def announced_laureates() -> QuerySet[Application]:
    """Laureates whose call published its results: the organiser's decision is not public
    before (a laureate badge, an export's column or the `call` filter would tell it)."""
    return Application.objects.filter(
        status=Application.Status.LAUREATE, call__results_published_at__isnull=False
    ).exclude(call__status=CallForProjects.Status.DRAFT)


def calls_with_results() -> QuerySet[CallForProjects]:
    """The calls by whose laureates initiatives may be filtered: out of their draft, results
    published."""
    return CallForProjects.objects.exclude(status=CallForProjects.Status.DRAFT).filter(
        results_published_at__isnull=False
    )


def initiative_list(*, user) -> QuerySet[Initiative]:
    """What the catalogue lists for `user`, with what its cards show."""
    laureate = announced_laureates().filter(initiative=OuterRef("pk"))
    return (
        Initiative.objects.visible_to(user)
        .defer("description", "replicability", "search_vector")  # long texts no list shows
        .select_related("lead", "region", "commune")
        .prefetch_related("themes", "co_landlords")
        .annotate(is_laureate=Exists(laureate))
    )


def initiatives_editable_by(*, user) -> QuerySet[Initiative]:
    """The initiatives that initiatives.edit_initiative lets `user` edit, by title: staff all,
    a member those their organisation leads or co-leads."""
    if user.is_authenticated and user.is_staff:
        editable = Initiative.objects.all()
    elif is_member(user) and user.organisation_id is not None:
        co_led = Initiative.objects.filter(co_landlords=user.organisation_id).values("pk")
        editable = Initiative.objects.filter(Q(lead=user.organisation_id) | Q(pk__in=co_led))
    else:
        editable = Initiative.objects.none()
    return editable.order_by("sort_title", "pk")


def workshops_linkable_by(*, user) -> QuerySet[Workshop]:
    """The workshops that initiatives.link_resource_to_workshop lets `user` link a resource to,
    latest meeting first: of published meetings that they manage (animators, staff) or, for a
    member, took part in (registered and confirmed, facilitating or reporting)."""
    published = Workshop.objects.exclude(meeting__status=Meeting.Status.DRAFT)
    if not user.is_authenticated:
        published = published.none()
    elif not user.is_staff:
        reach = Q(meeting__club__in=animated_club_ids(user))
        if is_member(user):
            registered = Registration.objects.confirmed().filter(user=user).values("meeting")
            involved = Workshop.objects.filter(Q(facilitators=user) | Q(rapporteurs=user))
            reach |= Q(meeting__in=registered) | Q(meeting__in=involved.values("meeting"))
        published = published.filter(reach)
    return published.select_related("meeting__club").order_by("-meeting__date", "order", "pk")


# What the catalogue searches, and how much each counts (config/search.py). On PostgreSQL the
# stored vector holds these fields with these weights (services.initiative_index).
INITIATIVE_SEARCH_FIELDS = [
    ("title", "A"),
    ("summary", "B"),
    ("commune__name", "B"),
    ("description", "C"),
    ("replicability", "D"),
]
# Where a misspelt word is looked for when a search finds nothing (trigram-indexed, migration 0016).
INITIATIVE_SPELLING_FIELDS = ["title", "summary"]


def initiative_search(queryset: QuerySet[Initiative], text: str) -> QuerySet[Initiative]:
    """Initiatives matching what was typed: accents, case, plurals and a half-typed last word
    forgiven, ranked title first (config/search.py)."""
    return search(queryset, text, fields=INITIATIVE_SEARCH_FIELDS, vector="search_vector")


def initiative_spelling(queryset: QuerySet[Initiative], text: str) -> str:
    """ "jardin" for "jardn", when the search found nothing (PostgreSQL; "" otherwise)."""
    return suggestion(
        queryset,
        text,
        fields=INITIATIVE_SEARCH_FIELDS,
        vector="search_vector",
        titles=INITIATIVE_SPELLING_FIELDS,
    )


def initiative_detail_queryset(*, user) -> QuerySet[Initiative]:
    """The initiative with its co-landlords (who may edit it), for its page and its editors."""
    return (
        Initiative.objects.visible_to(user)
        .defer("search_vector")
        .select_related(
            "lead",
            "region",
            "commune",
            "contact__organisation",
            "origin_action__session_log__workshop__meeting",
        )
        .prefetch_related("co_landlords")
    )


def initiative_detail_full(initiative: Initiative) -> Initiative:
    """Prefetch onto `initiative` (from `initiative_detail_queryset`) the lists its page shows."""
    indicators = Indicator.objects.prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
    ).order_by("name")
    prefetch_related_objects(
        [initiative],
        "themes",
        "publics",
        "partners",
        Prefetch(
            "residences",
            queryset=Residence.objects.select_related("commune").order_by("name", "pk"),
        ),
        Prefetch("indicators", queryset=indicators),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.select_related("author", "call").order_by("date"),
        ),
        "photos",
        # Applications sent to calls out of their draft; the page gives an outcome only once the
        # call published its results (before, a decision is the organiser's and the jury's).
        Prefetch(
            "applications",
            queryset=Application.objects.exclude(status=Application.Status.DRAFT)
            .exclude(call__status=CallForProjects.Status.DRAFT)
            .select_related("call__organiser"),
        ),
        Prefetch("fundings", queryset=Funding.objects.select_related("funder", "call")),
    )
    return initiative


def shared_indicator_names(*, user) -> list[str]:
    """Indicator names used by at least two initiatives the user may see."""
    # Folded in Python: SQLite's lower() leaves accented capitals ("Économies…") as they are.
    pairs = (
        Indicator.objects.filter(initiative__in=Initiative.objects.visible_to(user))
        .values_list("name", "initiative_id")
        .distinct()
    )
    initiatives_by_name: dict[str, set] = {}
    for name, initiative_id in pairs:
        initiatives_by_name.setdefault(name.casefold(), set()).add(initiative_id)
    return sorted(key for key, ids in initiatives_by_name.items() if len(ids) >= 2)


def indicator_impact(name: str, *, user) -> dict:
    """Sums of an indicator shared by several initiatives: by landlord, by theme and by year.

    Each initiative counts with its latest measurement (by year: its latest known value at the
    end of that year, carried forward)."""
    candidates = Indicator.objects.filter(initiative__in=Initiative.objects.visible_to(user))
    wanted = {
        pk
        for pk, indicator_name in candidates.values_list("pk", "name")
        if indicator_name.casefold() == name.casefold()
    }
    indicators = list(
        Indicator.objects.filter(pk__in=wanted)
        .select_related("initiative__lead")
        .prefetch_related(
            "initiative__themes",
            Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk")),
        )
    )
    by_landlord, by_theme, by_year = {}, {}, {}
    years = set()
    rows = []
    for indicator in indicators:
        measurements = list(indicator.measurements.all())
        if not measurements:
            continue
        current = measurements[-1].value
        initiative = indicator.initiative
        rows.append((initiative, current, measurements[-1].date))
        by_landlord[initiative.lead.name] = by_landlord.get(initiative.lead.name, 0) + current
        for theme in initiative.themes.all():
            by_theme[theme.name] = by_theme.get(theme.name, 0) + current
        years.update(m.date.year for m in measurements)
    if years:
        for year in range(min(years), max(years) + 1):
            total = 0
            for indicator in indicators:
                known = [m.value for m in indicator.measurements.all() if m.date.year <= year]
                if known:
                    total += known[-1]
            by_year[year] = total

    def ranked(totals):
        return sorted(totals.items(), key=lambda item: (-item[1], str(item[0])))

    return {
        "initiatives": sorted(rows, key=lambda row: -row[1]),
        "by_landlord": ranked(by_landlord),
        "by_theme": ranked(by_theme),
        "by_year": sorted(by_year.items()),
        "total": sum(row[1] for row in rows),
    }
