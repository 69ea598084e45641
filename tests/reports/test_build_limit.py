"""Building a PDF that is not cached yet costs 0.4 to 1.3 s of WeasyPrint: each account, or each
address for visitors, may have PDF_BUILD_RATE of them built; past it, a 429 that says what to
do. PDFs already built are served whatever the count."""

import pytest
from django.urls import reverse

from tests.config.test_redis_down import redis_down  # noqa: F401 — a fixture
from tests.factories import InitiativeFactory, UserFactory

CATALOGUE = reverse("reports:catalogue")


@pytest.fixture
def three_a_minute(settings, rate_clock_still):
    settings.PDF_BUILD_RATE = "3/m"


@pytest.fixture
def communes(icf, gardens):
    names = ["Marseille", "Aix-en-Provence", "Toulon", "Nice", "Avignon"]
    for name in names:
        InitiativeFactory(title=f"Jardin de {name}", commune=name, lead=icf, themes=[gardens])
    return names


def catalogue_of(client, commune, address="203.0.113.7"):
    return client.get(CATALOGUE, {"commune": commune}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_a_visitor_building_pdf_after_pdf_is_told_to_wait(
    client, three_a_minute, communes, renders
):
    for commune in communes[:3]:
        assert catalogue_of(client, commune).status_code == 200
    refused = catalogue_of(client, communes[3])
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    content = refused.content.decode()
    assert "Beaucoup de PDF viennent d’être préparés pour vous." in content
    assert '<html lang="fr">' in content  # a page of the portal, not a bare error
    assert len(renders) == 3

    # What was built is served still; another address builds its own.
    assert catalogue_of(client, communes[0]).status_code == 200
    assert catalogue_of(client, communes[3], address="198.51.100.9").status_code == 200
    assert len(renders) == 4


@pytest.mark.django_db
def test_members_count_per_account_not_per_address(
    client, three_a_minute, communes, alice, icf, renders
):
    """Colleagues behind one office address do not share one allowance."""
    client.force_login(alice)
    for commune in communes[:3]:
        assert catalogue_of(client, commune).status_code == 200
    assert catalogue_of(client, communes[3]).status_code == 429
    client.force_login(UserFactory(email="collegue@example.org", organisation=icf))
    assert catalogue_of(client, communes[3]).status_code == 200


@pytest.mark.django_db
def test_initiative_sheets_share_the_allowance_with_the_catalogue(
    client, three_a_minute, communes, initiative, renders
):
    sheet = reverse("reports:initiative-sheet", args=[initiative.pk])
    for commune in communes[:2]:
        assert catalogue_of(client, commune).status_code == 200
    assert client.get(sheet, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert client.get(sheet, REMOTE_ADDR="203.0.113.7").status_code == 200  # cached: free
    assert catalogue_of(client, communes[2]).status_code == 429


@pytest.mark.django_db
def test_with_redis_down_pdfs_are_still_built(
    client,
    redis_down,  # noqa: F811
    three_a_minute,
    communes,
    renders,
):
    """The limit cannot count without the cache: PDFs go on being built (and the PDF folder
    stays bounded by PDF_CACHE_MAX_BYTES) rather than every Cahier being refused."""
    for commune in communes:
        assert catalogue_of(client, commune).status_code == 200
    assert len(renders) == len(communes)
