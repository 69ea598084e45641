"""The public sets the API lists, from the selectors that already say what a visitor sees,
with what api/data.py reads loaded in a fixed number of queries (whatever the page's size)."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from clubs.models import Meeting, Workshop
from initiatives.models import CallForProjects, Initiative
from initiatives.selectors import announced_laureates, initiative_list
from landlords.models import Organisation, Residence
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


# What `initiative_rows` reads beside each initiative, in SQL that both databases run ("fr" is
# the collation of config/collation.py on both; the ORM's orderings use it too). Through the
# ORM, building and compiling these five queries for each page took 5 of the list's 12 ms of
# CPU; their text changes only with the number of ids. tests/api/test_initiative_rows.py
# compares what they read with the ORM's relations.
RELATED_SQL = {
    "themes": (
        "SELECT l.initiative_id, t.slug, t.name FROM initiatives_initiative_themes l"
        " JOIN landlords_theme t ON t.id = l.theme_id"
        ' WHERE l.initiative_id IN ({ids}) ORDER BY t.name COLLATE "fr", t.id'
    ),
    "publics": (
        "SELECT l.initiative_id, t.slug, t.name FROM initiatives_initiative_publics l"
        " JOIN initiatives_targetpublic t ON t.id = l.targetpublic_id"
        ' WHERE l.initiative_id IN ({ids}) ORDER BY t.name COLLATE "fr", t.id'
    ),
    "co_landlords": (
        "SELECT l.initiative_id, o.id, o.name FROM initiatives_initiative_co_landlords l"
        " JOIN landlords_organisation o ON o.id = l.organisation_id"
        ' WHERE l.initiative_id IN ({ids}) ORDER BY o.name COLLATE "fr", o.id'
    ),
    "partners": (
        "SELECT l.initiative_id, o.id, o.name FROM initiatives_initiative_partners l"
        " JOIN landlords_organisation o ON o.id = l.organisation_id"
        ' WHERE l.initiative_id IN ({ids}) ORDER BY o.name COLLATE "fr", o.id'
    ),
    # Each indicator with its latest measurement (by date, then the latest entered).
    "indicators": (
        "SELECT i.initiative_id, i.name, i.unit, i.baseline, i.target, m.date, m.value"
        " FROM initiatives_indicator i LEFT JOIN initiatives_measurement m ON m.id = ("
        "SELECT n.id FROM initiatives_measurement n WHERE n.indicator_id = i.id"
        " ORDER BY n.date DESC, n.id DESC LIMIT 1)"
        " WHERE i.initiative_id IN ({ids}) ORDER BY i.name, i.id"
    ),
}


def initiative_rows(page: QuerySet[Initiative]) -> list[dict]:
    """The initiatives of `page` as rows of values, each with its themes, publics, co-landlords,
    partners and indicators (each indicator with its latest measurement) as lists of tuples:
    6 queries whatever the page's size, and no model instance built (at 100 rows, building
    them and their prefetch caches took half of the list's time). Dates and numbers of the
    related rows come as the database gives them (on SQLite a date is its ISO text)."""
    rows = list(page.values(*INITIATIVE_COLUMNS))
    ids = [row["id"] for row in rows]
    related = {name: {} for name in RELATED_SQL}
    if ids:
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            for name, sql in RELATED_SQL.items():
                cursor.execute(sql.format(ids=placeholders), ids)
                groups = related[name]
                for initiative_id, *values in cursor.fetchall():
                    groups.setdefault(initiative_id, []).append(tuple(values))
    for row in rows:
        for name, groups in related.items():
            row[name] = groups.get(row["id"], [])
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
