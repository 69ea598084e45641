"""The initiative page: what it lists, and a number of queries that does not grow with them."""

import datetime
import html

import pytest

from initiatives.models import (
    Assessment,
    CallForProjects,
    Funding,
    Indicator,
    Measurement,
    TargetPublic,
)
from tests.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    ResidenceFactory,
    ThemeFactory,
)
from tests.queries import page_queries


def rich_initiative(icf, author, n: int):
    """An initiative with `n` of every related thing the page lists."""
    initiative = InitiativeFactory(title=f"Jardins du Saint-Georges {n}", lead=icf)
    for j in range(n):
        k = f"{n}-{j}"
        initiative.themes.add(ThemeFactory(name=f"Thème {k}", slug=f"theme-{k}"))
        initiative.publics.add(TargetPublic.objects.create(name=f"Public {k}", slug=f"public-{k}"))
        initiative.partners.add(PartnerFactory(name=f"Partenaire {k}", slug=f"partenaire-{k}"))
        initiative.co_landlords.add(OrganisationFactory(name=f"Bailleur {k}", slug=f"bailleur-{k}"))
        initiative.residences.add(ResidenceFactory(landlord=icf, name=f"Résidence {k}"))
        indicator = Indicator.objects.create(initiative=initiative, name=f"Indicateur {k}")
        Measurement.objects.create(indicator=indicator, date=datetime.date(2025, 1, 1), value=j)
        Assessment.objects.create(
            initiative=initiative,
            kind="intermediate",
            date=datetime.date(2025, 6, 1),
            text="…",
            author=author,
        )
        call = CallForProjects.objects.create(
            organiser=icf,
            title=f"Appel {k}",
            slug=f"appel-{k}",
            opens_on=datetime.date(2025, 1, 1),
            closes_on=datetime.date(2025, 3, 1),
        )
        Funding.objects.create(initiative=initiative, funder=icf, amount=1000, call=call)
    return initiative


@pytest.mark.django_db
def test_the_initiative_page_lists_everything_in_a_fixed_number_of_queries(client, icf, alice):
    client.force_login(alice)
    first = rich_initiative(icf, alice, 1)
    one, _ = page_queries(client, first.get_absolute_url())
    many, page = page_queries(client, rich_initiative(icf, alice, 6).get_absolute_url())
    page = html.unescape(page)
    assert many == one
    # The initiative and twelve lists, each fetched once (themes, publics, partners,
    # co-landlords, residences, indicators, measurements, bilans, photos, calls, fundings,
    # toolbox), the signed-in user and the clubs they animate, and "who else works on this":
    # one indexed read of at most six rows per ring (its commune, its département, elsewhere),
    # their shared themes, and the members offering what its contact seeks.
    assert many <= 18
    for k in (f"6-{j}" for j in range(6)):
        for text in (f"Thème {k}", f"Public {k}", f"Partenaire {k}", f"Bailleur {k}"):
            assert text in page
        assert f"Résidence {k}" in page
        assert f"Indicateur {k}" in page
