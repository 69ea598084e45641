"""The initiative sheet and the catalogue as PDFs: what they say (read back with pdftotext), who
may download them (the same rules as the pages), the catalogue's filters and the sheet's cache."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from initiatives.models import Initiative, Measurement
from reports import services
from reports.typography import NBSP, NNBSP
from tests.factories import InitiativeFactory, ThemeFactory
from tests.reports.pdfs import Rendered, fr, fr_count, inflated, label

HOSTILE = "<b>gras</b> <script>alert(1)</script> {{ x }} {% now 'Y' %}"


def assert_pdf(response, filename: str) -> Rendered:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    return Rendered(response.content)


def get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def sheet_url(initiative) -> str:
    return reverse("reports:initiative-sheet", args=[initiative.pk])


@pytest.fixture
def detailed(initiative):
    """The conftest's public initiative with a description, a budget and a measurement."""
    initiative.description = 'Des bacs au pied des tours : "jardiner ensemble" !'
    initiative.budget = Decimal("12500")
    initiative.start_date = datetime.date(2023, 4, 1)
    initiative.save()
    indicator = initiative.indicators.get()
    indicator.unit = "personnes"
    indicator.save()
    Measurement.objects.create(indicator=indicator, date=datetime.date(2024, 3, 1), value=12)
    return initiative


# --- Initiative sheet ---------------------------------------------------------------------------


def test_a_public_initiative_sheet_is_downloaded_by_anyone(client, detailed, alice):
    for user in (None, alice):
        rendered = assert_pdf(
            get(client, user, sheet_url(detailed)), "jardins-partages-du-saint-georges.pdf"
        )
        text = rendered.flat
        assert text.startswith("JARDINS PARTAGÉS Jardins partagés du Saint-Georges")
        for expected in (
            "Des habitants jardinent ensemble au pied de leur résidence.",
            f"{fr('Led by')} ICF Habitat Sud-Est Méditerranée",
            f"{label(Initiative.Status.RUNNING)} · avril 2023",
            "12 500 €",
            "Des bacs au pied des tours : « jardiner ensemble » !",
            fr("Indicators"),
            "participants (personnes)",
            fr("Latest: %(value)s (%(date)s)", value="12", date="mars 2024"),
            f"{fr('Target')} 30",
            f"{fr('Measurements')} : 12 (03/2024)",
        ):
            assert expected in text, expected
        assert text.index(fr("Led by")) < text.index(fr("Indicators"))
        assert (
            f"Des bacs au pied des tours{NNBSP}: «{NBSP}jardiner ensemble{NBSP}»{NNBSP}!"
            in rendered.typeset
        )


def test_the_sheet_has_a_title_an_author_a_language_and_is_tagged(detailed):
    rendered = Rendered(services.initiative_sheet_pdf(initiative=detailed))

    assert rendered.info["Title"] == "Jardins partagés du Saint-Georges"
    assert rendered.info["Author"]
    assert rendered.info["Tagged"] == "yes"
    assert b"/Lang (fr)" in inflated(rendered.pdf)
    assert "page 1 / 1" in rendered.flat


def test_a_members_only_initiative_sheet_is_hidden_from_visitors(
    client, shared_initiative, alice, bob, unapproved
):
    for user in (None, unapproved):
        assert get(client, user, sheet_url(shared_initiative)).status_code == 404
    for user in (alice, bob):
        rendered = assert_pdf(
            get(client, user, sheet_url(shared_initiative)), "compost-entre-voisins.pdf"
        )
        assert "Compost entre voisins" in rendered.flat
        assert "Groupe des Chalets" in rendered.flat
        assert "ICF Habitat Sud-Est Méditerranée" in rendered.flat


def test_the_sheet_of_an_unknown_initiative_is_404(client, db):
    assert client.get(reverse("reports:initiative-sheet", args=[999_999])).status_code == 404


def test_markup_in_an_initiative_appears_literally_on_its_sheet(icf):
    initiative = InitiativeFactory(
        title="Atelier <i>balisé</i> {{ titre }}", summary=HOSTILE, lead=icf, slug="balise"
    )

    rendered = Rendered(services.initiative_sheet_pdf(initiative=initiative))

    assert "Atelier <i>balisé</i> {{ titre }}" in rendered.flat
    assert HOSTILE in rendered.flat
    assert rendered.info["Title"] == "Atelier <i>balisé</i> {{ titre }}"


def test_an_unchanged_sheet_comes_from_the_cache_and_a_change_makes_a_new_one(
    detailed, settings, monkeypatch
):
    calls = []

    def fake(html: str) -> bytes:
        calls.append(html)
        return f"%PDF-fake {len(calls)}".encode()

    monkeypatch.setattr(services, "html_to_pdf", fake)
    folder = Path(settings.PDF_CACHE_ROOT)

    first = services.initiative_sheet_pdf(initiative=detailed)
    assert services.initiative_sheet_pdf(initiative=detailed) == first
    [old] = folder.glob(f"initiative-{detailed.pk}-*.pdf")
    Measurement.objects.create(
        indicator=detailed.indicators.get(), date=datetime.date(2024, 6, 1), value=20
    )
    second = services.initiative_sheet_pdf(initiative=detailed)

    assert second != first
    assert len(calls) == 2
    assert "20 (06/2024)" in calls[1]
    [new] = folder.glob(f"initiative-{detailed.pk}-*.pdf")
    assert new != old


def test_the_sheet_downloaded_from_the_english_site_is_entirely_french(client, initiative):
    with translation.override("en"):
        url = sheet_url(initiative)

    rendered = assert_pdf(client.get(url), "jardins-partages-du-saint-georges.pdf")

    assert url.startswith("/en/")
    assert label(Initiative.Status.RUNNING) in rendered.flat
    assert "Running" not in rendered.flat


# --- Catalogue ----------------------------------------------------------------------------------


def catalogue(client, user, **query) -> Rendered:
    url = reverse("reports:catalogue")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return assert_pdf(get(client, user, url), "initiatives.pdf")


def titles(rendered: Rendered) -> list[str]:
    known = ["Compost entre voisins", "Jardins partagés du Saint-Georges", "Mobilité douce"]
    found = [(rendered.flat.index(title), title) for title in known if title in rendered.flat]
    return [title for _, title in sorted(found)]


@pytest.fixture
def mobility(chalets):
    theme = ThemeFactory(name="Mobilité", slug="mobilite")
    return InitiativeFactory(
        title="Mobilité douce", slug="mobilite-douce", lead=chalets, themes=[theme]
    )


def test_the_catalogue_pdf_lists_what_the_visitor_may_see(
    client, initiative, shared_initiative, mobility, alice, unapproved
):
    for visitor in (None, unapproved):
        rendered = catalogue(client, visitor)
        title = fr("Initiatives of the landlords")
        assert rendered.flat.startswith(f"Club Innovation sociale · AR Hlm {title}")
        assert fr_count("%(counter)s initiative", "%(counter)s initiatives", 2) in rendered.flat
        assert sorted(titles(rendered)) == ["Jardins partagés du Saint-Georges", "Mobilité douce"]
        assert rendered.info["Tagged"] == "yes"

    rendered = catalogue(client, alice)
    assert fr_count("%(counter)s initiative", "%(counter)s initiatives", 3) in rendered.flat
    assert sorted(titles(rendered)) == [
        "Compost entre voisins",
        "Jardins partagés du Saint-Georges",
        "Mobilité douce",
    ]
    assert "Groupe des Chalets · Toulouse, 31" in rendered.flat


def test_the_catalogue_pdf_follows_the_filters(
    client, initiative, shared_initiative, mobility, alice
):
    rendered = catalogue(client, alice, theme="jardins-partages")
    assert titles(rendered) == ["Jardins partagés du Saint-Georges"]
    assert fr_count("%(counter)s initiative", "%(counter)s initiatives", 1) in rendered.flat
    assert "Jardins partagés" in rendered.flat

    assert titles(catalogue(client, alice, theme="mobilite")) == ["Mobilité douce"]
    assert titles(catalogue(client, alice, departement="31")) == ["Compost entre voisins"]
    assert titles(catalogue(client, None, departement="31")) == []


def test_a_catalogue_with_no_match_says_so(client, initiative):
    ThemeFactory(name="Numérique", slug="numerique")

    rendered = catalogue(client, None, theme="numerique")

    assert fr("No initiative matches these filters.") in rendered.flat
    assert fr_count("%(counter)s initiative", "%(counter)s initiatives", 0) in rendered.flat
    assert re.search(r"page 1 / 1", rendered.flat)


def catalogue_files(settings) -> list[str]:
    return sorted(path.name for path in Path(settings.PDF_CACHE_ROOT).glob("catalogue-*.pdf"))


def test_unknown_parameters_page_and_order_give_the_same_catalogue_file(
    client, initiative, mobility, settings, renders
):
    url = reverse("reports:catalogue")
    first = client.get(f"{url}?theme=jardins-partages&departement=13")
    [name] = catalogue_files(settings)

    for query in (
        "departement=13&theme=jardins-partages",
        "theme=jardins-partages&departement=13&utm_source=newsletter&utm_medium=email",
        "page=3&theme=jardins-partages&commune=&departement=13",
    ):
        again = client.get(f"{url}?{query}")
        assert again.status_code == 200
        assert again.content == first.content, query

    assert len(renders) == 1
    assert catalogue_files(settings) == [name]


def test_refused_filter_values_give_the_unfiltered_catalogue_file(
    client, initiative, settings, renders
):
    """Each junk value used to render and keep a PDF of its own: the disk filled up."""
    url = reverse("reports:catalogue")
    first = client.get(url)
    for number in range(5):
        again = client.get(f"{url}?theme=junk-{number}&landlord=x{number}&status=nope")
        assert again.content == first.content
    assert len(renders) == 1
    assert len(catalogue_files(settings)) == 1


def test_other_filters_or_another_audience_give_another_catalogue_file(
    client, initiative, mobility, alice, settings, renders
):
    url = reverse("reports:catalogue")
    client.get(f"{url}?theme=jardins-partages")
    client.get(f"{url}?theme=mobilite")
    client.force_login(alice)
    client.get(f"{url}?theme=jardins-partages")

    assert len(renders) == 3
    assert len(catalogue_files(settings)) == 3
    assert "Jardins partagés du Saint-Georges" in renders[0]
    assert "Mobilité douce" in renders[1]
    assert "Mobilité douce" not in renders[0]
