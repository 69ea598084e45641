"""`api.selectors.initiative_rows` reads an initiative's relations in SQL of its own: what it
reads must be what the ORM says of the same initiatives, in the same order, on both databases."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.selectors import initiative_rows, initiatives
from initiatives.models import Indicator, Initiative, Measurement, TargetPublic
from tests.factories import InitiativeFactory, OrganisationFactory, PartnerFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def orm_relations(initiative: Initiative) -> dict:
    """The relations as the models and their orderings give them."""

    def latest(indicator):
        measurement = indicator.measurements.order_by("-date", "-pk").first()
        if measurement is None:
            return None, None
        return measurement.date.isoformat(), float(measurement.value)

    def number(value):
        return float(value) if value is not None else None

    return {
        "themes": [(t.slug, t.name) for t in initiative.themes.all()],
        "publics": [(p.slug, p.name) for p in initiative.publics.all()],
        "co_landlords": [(o.pk, o.name) for o in initiative.co_landlords.all()],
        "partners": [(o.pk, o.name) for o in initiative.partners.all()],
        "indicators": [
            (i.name, i.unit, number(i.baseline), number(i.target), *latest(i))
            for i in Indicator.objects.filter(initiative=initiative).order_by("name", "pk")
        ],
    }


def as_read(row: dict) -> dict:
    """A row's relations with the indicators' dates as ISO text and numbers as floats: the raw
    cursor gives decimals as Decimal on PostgreSQL, int or float on SQLite; the API writes
    them the same way."""

    def plain(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal | int | float):
            return float(value)
        return value

    relations = {
        name: [tuple(values) for values in row[name]]
        for name in ("themes", "publics", "co_landlords", "partners")
    }
    relations["indicators"] = [tuple(map(plain, values)) for values in row["indicators"]]
    return relations


@pytest.fixture
def crowded():
    """Two initiatives with several of everything, named so that French order is not byte
    order (É among the E's, lower case among capitals), and one with nothing at all."""
    themes = [
        ThemeFactory(name="Économies d'énergie", slug="economies"),
        ThemeFactory(name="emploi", slug="emploi"),
        ThemeFactory(name="Culture", slug="culture"),
    ]
    publics = [
        TargetPublic.objects.create(name="Seniors", slug="seniors"),
        TargetPublic.objects.create(name="Étudiants", slug="etudiants"),
        TargetPublic.objects.create(name="familles", slug="familles"),
    ]
    landlords = [
        OrganisationFactory(name="Érilia", slug="erilia"),
        OrganisationFactory(name="3F Sud", slug="3f-sud"),
        OrganisationFactory(name="alogea", slug="alogea"),
        OrganisationFactory(name="Bâtir", slug="batir"),
    ]
    partners = [
        PartnerFactory(name="Énergies solidaires", slug="energies"),
        PartnerFactory(name="La Poste", slug="la-poste"),
    ]
    first = InitiativeFactory(title="Premier", themes=themes)
    first.publics.set(publics)
    first.co_landlords.set(landlords)
    first.partners.set(partners)
    second = InitiativeFactory(title="Second", themes=themes[1:])
    second.publics.set(publics[:1])
    second.partners.set(partners[1:])
    InitiativeFactory(title="Rien")
    participants = Indicator.objects.create(
        initiative=first,
        name="participants",
        unit="personnes",
        baseline=Decimal("3.50"),
        target=30,
    )
    # Two measurements on the latest date: the one entered last is the latest.
    for day, value in [(1, "12"), (9, "19.25"), (9, "21.75"), (5, "40")]:
        Measurement.objects.create(
            indicator=participants, date=datetime.date(2025, 3, day), value=Decimal(value)
        )
    Indicator.objects.create(initiative=first, name="ateliers", unit="")  # never measured
    # Indicators go by name in the database's own order, not in French order.
    Indicator.objects.create(initiative=first, name="Été", unit="jours")
    Indicator.objects.create(initiative=first, name="Ateliers d'été", unit="")
    Indicator.objects.create(initiative=second, name="bacs", unit="bacs", target=12)
    return Initiative.objects.order_by("pk")


def test_the_rows_read_what_the_orm_says_in_its_order(crowded):
    rows = {row["id"]: row for row in initiative_rows(initiatives().order_by("pk"))}
    assert set(rows) == {initiative.pk for initiative in crowded}
    for initiative in crowded:
        assert as_read(rows[initiative.pk]) == orm_relations(initiative), initiative.title
    first, _second, empty = (as_read(rows[initiative.pk]) for initiative in crowded)
    assert [name for _slug, name in first["themes"]] == ["Culture", "Économies d'énergie", "emploi"]
    assert [name for _pk, name in first["co_landlords"]] == ["3F Sud", "alogea", "Bâtir", "Érilia"]
    # Their order is the database's (compared with the ORM's above); their values are these.
    assert sorted(first["indicators"]) == sorted(
        [
            ("Ateliers d'été", "", None, None, None, None),
            ("Été", "jours", None, None, None, None),
            ("ateliers", "", None, None, None, None),
            ("participants", "personnes", 3.5, 30.0, "2025-03-09", 21.75),
        ]
    )
    assert empty == {name: [] for name in first}


def test_an_empty_page_reads_nothing_more(crowded, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert initiative_rows(initiatives().filter(title="Personne")) == []


def test_a_page_reads_the_relations_of_its_own_items_only(client, crowded):
    """The list reads one initiative beyond its page (is there a next page?), but not that
    one's relations."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/initiatives", {"page_size": 2}).json()
    assert len(body["results"]) == 2
    assert body["next"] is not None
    (related,) = [query["sql"] for query in queries if "UNION ALL" in query["sql"]]
    ids = re.search(r"IN \(([^)]*)\)", related).group(1).split(",")
    assert sorted(int(pk) for pk in ids) == sorted(item["id"] for item in body["results"])
