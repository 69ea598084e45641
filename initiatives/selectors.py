"""Reads on initiatives shared by views (eager loading and search live here)."""

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Exists,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Concat, JSONObject

from initiatives.models import (
    Application,
    Assessment,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    TargetPublic,
)
from landlords.models import Organisation, Residence, Theme


def initiative_list(*, user) -> QuerySet[Initiative]:
    """What the catalogue lists for `user`, with what its cards show."""
    laureate = Application.objects.filter(
        initiative=OuterRef("pk"), status=Application.Status.LAUREATE
    )
    return (
        Initiative.objects.visible_to(user)
        .select_related("lead", "region")
        .prefetch_related("themes", "co_landlords")
        .annotate(is_laureate=Exists(laureate))
    )


def initiative_search(queryset: QuerySet[Initiative], text: str) -> QuerySet[Initiative]:
    """French full-text search on PostgreSQL (stemming: "jardin" finds "jardins"); on SQLite,
    every word must appear in the title, summary, description, commune or replicability notes."""
    text = (text or "").strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, config="french", search_type="websearch")
        return queryset.filter(search_vector=query).annotate(
            rank=SearchRank("search_vector", query)
        )
    # SQLite's LIKE folds ASCII letters only: compare case-folded text ("Épicerie", "ÉQUIPE").
    queryset = queryset.annotate(
        folded=Casefold(
            Concat(
                "title",
                Value(" "),
                "summary",
                Value(" "),
                "description",
                Value(" "),
                "commune",
                Value(" "),
                "replicability",
                output_field=TextField(),
            )
        )
    )
    for word in text.split():
        queryset = queryset.filter(folded__contains=word.casefold())
    return queryset


class Casefold(Func):
    """Python's str.casefold, registered on SQLite connections by InitiativesConfig.ready."""

    function = "CASEFOLD"
    output_field = TextField()


def initiative_detail_queryset(*, user) -> QuerySet[Initiative]:
    """The initiative as its permissions and its page title need it: without joins (a
    join-heavy query costs PostgreSQL more to plan than to run), with its co-landlords (who
    may edit)."""
    return (
        Initiative.objects.visible_to(user)
        .defer("search_vector", "description")
        .prefetch_related("co_landlords")
    )


class JSONList(Aggregate):
    """The grouped values as a JSON array: json_group_array on SQLite, json_agg on PostgreSQL."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, function="JSON_AGG", **extra_context)
        return f"({sql})::text", params  # decoded by JSONField, as SQLite's text is


def _json_list(model, link: str, **fields) -> Subquery:
    """The rows of `model` linked to the outer initiative, as a list of small dicts, within the
    initiative's own query: the page lists them, it needs no model objects."""
    rows = (
        model.objects.filter(**{link: OuterRef("pk")})
        .annotate(item=JSONObject(**fields))
        .values(link)
        .annotate(items=JSONList("item"))
        .values("items")
    )
    return Subquery(rows, output_field=JSONField())


JSON_LISTS = ("themes_list", "publics_list", "partners_list", "residences_list")


def initiative_detail_full(initiative: Initiative) -> Initiative:
    """Everything the initiative page shows, fetched when the page is not in the cache (what
    `initiative` already prefetched, its co-landlords for the permissions, is kept)."""
    fetched = getattr(initiative, "_prefetched_objects_cache", {})
    initiative = (
        Initiative.objects.defer("search_vector")
        .select_related(
            "lead",
            "region",
            "contact__organisation",
            "origin_action__session_log__workshop__meeting",
        )
        .annotate(
            themes_list=_json_list(Theme, "initiatives", id="id", slug="slug", name="name"),
            publics_list=_json_list(TargetPublic, "initiatives", name="name"),
            partners_list=_json_list(Organisation, "partner_initiatives", slug="slug", name="name"),
            residences_list=_json_list(Residence, "initiatives", name="name", commune="commune"),
        )
        .get(pk=initiative.pk)
    )
    initiative._prefetched_objects_cache = dict(fetched)
    for name in JSON_LISTS:  # by name, as the models' own ordering would give them
        items = getattr(initiative, name) or []
        setattr(initiative, name, sorted(items, key=lambda i: (i["name"].casefold(), i["name"])))
    indicators = Indicator.objects.prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("date", "pk"))
    ).order_by("name")
    prefetch_related_objects(
        [initiative],
        "co_landlords",
        Prefetch("indicators", queryset=indicators),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.select_related("author", "call").order_by("date"),
        ),
        Prefetch("photos", queryset=Photo.objects.order_by("created_at", "pk")),
        Prefetch("applications", queryset=Application.objects.select_related("call__organiser")),
        Prefetch("fundings", queryset=Funding.objects.select_related("funder", "call")),
    )
    return initiative


def related_initiatives(initiative: Initiative, *, user, limit: int = 4) -> list[Initiative]:
    """Initiatives sharing a theme, those of the same département first (one query);
    `initiative` comes from `initiative_detail_full`."""
    theme_ids = [theme["id"] for theme in initiative.themes_list]
    shares_a_theme = Initiative.themes.through.objects.filter(
        initiative=OuterRef("pk"), theme_id__in=theme_ids
    )
    order = ["-created_at", "pk"]
    if initiative.departement:
        same_place = Case(
            When(departement=initiative.departement, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        order.insert(0, same_place)
    return list(
        Initiative.objects.visible_to(user)
        .exclude(pk=initiative.pk)
        .filter(Exists(shares_a_theme))
        .select_related("lead")
        .order_by(*order)[:limit]
    )


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
