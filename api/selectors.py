"""The public sets the API lists, from the selectors that already say what a visitor sees,
with what api/data.py reads loaded in a fixed number of queries (whatever the page's size)."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from clubs.models import Meeting, Workshop
from initiatives.models import (
    CallForProjects,
    Indicator,
    Initiative,
    Measurement,
    TargetPublic,
)
from initiatives.selectors import announced_laureates, initiative_list
from landlords.models import Organisation, Residence, Theme
from landlords.selectors import organisation_list
from news.models import Article
from news.selectors import article_list


def initiatives() -> QuerySet[Initiative]:
    """The catalogue's initiatives for a visitor (public ones only): what the filters narrow
    and the pages cut. Each page is read by `initiative_rows`."""
    return initiative_list(user=AnonymousUser()).prefetch_related(None)


# The columns of an initiative that the API shows, its commune, region and lead joined.
INITIATIVE_COLUMNS = (
    "id",
    "slug",
    "title",
    "summary",
    "description",
    "status",
    "commune_id",
    "commune__name",
    "commune__latitude",
    "commune__longitude",
    "departement",
    "region__code",
    "region__name",
    "in_qpv",
    "lead_id",
    "lead__name",
    "is_laureate",
    "start_date",
    "end_date",
    "created_at",
    "updated_at",
)


def initiative_rows(page: QuerySet[Initiative]) -> list[dict]:
    """The initiatives of `page` as rows of values, each with its themes, publics, co-landlords,
    partners and indicators (each indicator with its latest measurement): 6 queries whatever
    the page's size, and no model instance built (at 100 rows, building them and their
    prefetch caches took half of the list's time)."""
    rows = list(page.values(*INITIATIVE_COLUMNS))
    ids = [row["id"] for row in rows]

    def grouped(queryset, *columns) -> dict[int, list[tuple]]:
        groups = {}
        for initiative_id, *values in queryset.values_list(*columns):
            groups.setdefault(initiative_id, []).append(tuple(values))
        return groups

    # Each relation read from its own model, so that the model's ordering applies.
    themes = grouped(Theme.objects.filter(initiatives__in=ids), "initiatives", "slug", "name")
    publics = grouped(
        TargetPublic.objects.filter(initiatives__in=ids), "initiatives", "slug", "name"
    )
    co_landlords = grouped(
        Organisation.objects.filter(co_led_initiatives__in=ids), "co_led_initiatives", "id", "name"
    )
    partners = grouped(
        Organisation.objects.filter(partner_initiatives__in=ids),
        "partner_initiatives",
        "id",
        "name",
    )
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-pk")
    indicators = grouped(
        Indicator.objects.filter(initiative__in=ids)
        .annotate(
            latest_date=Subquery(latest.values("date")[:1]),
            latest_value=Subquery(latest.values("value")[:1]),
        )
        .order_by("name", "pk"),
        "initiative",
        "name",
        "unit",
        "baseline",
        "target",
        "latest_date",
        "latest_value",
    )
    for row in rows:
        row["themes"] = themes.get(row["id"], [])
        row["publics"] = publics.get(row["id"], [])
        row["co_landlords"] = co_landlords.get(row["id"], [])
        row["partners"] = partners.get(row["id"], [])
        row["indicators"] = indicators.get(row["id"], [])
    return rows


def organisations() -> QuerySet[Organisation]:
    """Every organisation (their pages are public), with residences' names and communes."""
    return (
        organisation_list()
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "residences", queryset=Residence.objects.order_by("commune__name", "name", "pk")
            )
        )
    )


def meetings() -> QuerySet[Meeting]:
    """Published meetings (drafts stay with their animators), newest first, with their
    workshops; a workshop's restitution is shown only once approved (api/data.py)."""
    workshops = Workshop.objects.select_related("theme", "session_log").order_by("order", "pk")
    return (
        Meeting.objects.published()
        .select_related("club", "host")
        .prefetch_related("co_organisers", "partners", Prefetch("workshops", queryset=workshops))
        .order_by("-date", "-pk")
    )


def calls() -> QuerySet[CallForProjects]:
    """Calls out of their draft; their laureates once the results are published, without those
    whose initiative is for members only."""
    laureates = (
        announced_laureates()
        .filter(Q(initiative__isnull=True) | Q(initiative__in=Initiative.objects.public()))
        .select_related("applicant", "initiative")
        .prefetch_related("co_applicants")
        .order_by("title", "pk")
    )
    return (
        CallForProjects.objects.exclude(status=CallForProjects.Status.DRAFT)
        .select_related("organiser")
        .prefetch_related(
            "themes", Prefetch("applications", queryset=laureates, to_attr="public_laureates")
        )
        .order_by("-opens_on", "-pk")
    )


def articles() -> QuerySet[Article]:
    """Published articles, newest first, with the public initiatives they tell about."""
    return (
        article_list(user=AnonymousUser())
        .select_related("call")
        .prefetch_related(
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.public().only("pk", "title").order_by("title", "pk"),
                to_attr="public_initiatives",
            )
        )
    )
