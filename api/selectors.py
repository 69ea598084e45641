"""The public sets the API lists, from the selectors that already say what a visitor sees,
with what api/data.py reads loaded in a fixed number of queries (whatever the page's size)."""

from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
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
    and the pages cut. A page is read by `initiative_values`, then `with_relations`."""
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


# What `with_relations` reads beside the initiatives of a page, in one SQL statement that both
# databases run. Through the ORM, building and compiling five queries for each page took 5 of
# the list's 12 ms of CPU, and each statement is parsed and planned again by PostgreSQL: the
# five relations are one UNION ALL of rows of the same columns (NULL where a relation has
# none; the first branch casts them, for PostgreSQL to know their types). Themes, publics and
# organisations in French order ("fr": config/collation.py, on both databases), indicators by
# name (their model's order), each with its latest measurement: by date, then the latest
# entered. tests/api/test_initiative_rows.py compares the rows with the ORM's relations.
RELATED_SQL = """
SELECT relation, initiative_id, ref, slug, name, unit, baseline, target, day, value FROM (
  SELECT 'themes' AS relation, l.initiative_id, t.id AS ref, t.slug, t.name,
    CAST(NULL AS VARCHAR(40)) AS unit, CAST(NULL AS NUMERIC) AS baseline,
    CAST(NULL AS NUMERIC) AS target, CAST(NULL AS DATE) AS day, CAST(NULL AS NUMERIC) AS value
  FROM initiatives_initiative_themes l JOIN landlords_theme t ON t.id = l.theme_id
  WHERE l.initiative_id IN ({ids})
  UNION ALL
  SELECT 'publics', l.initiative_id, t.id, t.slug, t.name, NULL, NULL, NULL, NULL, NULL
  FROM initiatives_initiative_publics l JOIN initiatives_targetpublic t ON t.id = l.targetpublic_id
  WHERE l.initiative_id IN ({ids})
  UNION ALL
  SELECT 'co_landlords', l.initiative_id, o.id, NULL, o.name, NULL, NULL, NULL, NULL, NULL
  FROM initiatives_initiative_co_landlords l
  JOIN landlords_organisation o ON o.id = l.organisation_id
  WHERE l.initiative_id IN ({ids})
  UNION ALL
  SELECT 'partners', l.initiative_id, o.id, NULL, o.name, NULL, NULL, NULL, NULL, NULL
  FROM initiatives_initiative_partners l JOIN landlords_organisation o ON o.id = l.organisation_id
  WHERE l.initiative_id IN ({ids})
  UNION ALL
  SELECT 'indicators', i.initiative_id, i.id, NULL, i.name, i.unit, i.baseline, i.target,
    (SELECT m.date FROM initiatives_measurement m WHERE m.indicator_id = i.id
      ORDER BY m.date DESC, m.id DESC LIMIT 1),
    (SELECT m.value FROM initiatives_measurement m WHERE m.indicator_id = i.id
      ORDER BY m.date DESC, m.id DESC LIMIT 1)
  FROM initiatives_indicator i
  WHERE i.initiative_id IN ({ids})
) related
ORDER BY relation, CASE WHEN relation = 'indicators' THEN name END, name COLLATE "fr", ref
"""
RELATIONS = ("themes", "publics", "co_landlords", "partners", "indicators")


def initiative_values(page: QuerySet[Initiative]) -> list[dict]:
    """The initiatives of `page` as rows of values (no model instance built: at 100 rows,
    building them and their prefetch caches took half of the list's time)."""
    return list(page.values(*INITIATIVE_COLUMNS))


def with_relations(rows: list[dict]) -> list[dict]:
    """`rows` of `initiative_values`, each given its themes and publics as (slug, name),
    co-landlords and partners as (id, name), indicators as (name, unit, baseline, target,
    date, value) of their latest measurement: one query whatever their number. Dates and
    numbers come as the database gives them (a date, or its ISO text; a decimal, or an int or
    a float on SQLite): api/data.py writes them the same."""
    related = {(row["id"], relation): [] for row in rows for relation in RELATIONS}
    if rows:
        # Named, so that each id is sent once whatever the number of relations: psycopg keeps
        # the parsing of a statement of at most 50 parameters (a page of 20 as 100 was not).
        params = {f"id{index}": row["id"] for index, row in enumerate(rows)}
        placeholders = ", ".join(f"%({name})s" for name in params)
        with connections[router.db_for_read(Initiative)].cursor() as cursor:
            cursor.execute(RELATED_SQL.format(ids=placeholders), params)
            for relation, initiative_id, ref, slug, name, *indicator in cursor.fetchall():
                if relation == "indicators":
                    values = (name, *indicator)
                elif relation in ("themes", "publics"):
                    values = (slug, name)
                else:
                    values = (ref, name)
                related[initiative_id, relation].append(values)
    for row in rows:
        for relation in RELATIONS:
            row[relation] = related[row["id"], relation]
    return rows


def initiative_rows(page: QuerySet[Initiative]) -> list[dict]:
    """The initiatives of `page` with their relations, as api/data.py reads them: 2 queries
    whatever the page's size."""
    return with_relations(initiative_values(page))


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
