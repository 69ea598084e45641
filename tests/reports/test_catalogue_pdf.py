"""The catalogue PDF: a cover with the filters applied in words, the date and the count; the
contents by theme (in French alphabetical order, an initiative under each of its themes); the
entries grouped by theme, each initiative described once, under its first theme."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative
from reports import services
from tests.factories import InitiativeFactory, ThemeFactory
from tests.reports.pdfs import fr, fr_count, label
from tests.reports.test_sheets import HOSTILE, catalogue


@pytest.fixture
def themed(icf, chalets, gardens):
    """Four initiatives on three themes (one on two of them), one without a theme."""
    sport = ThemeFactory(name="Sport et santé", slug="sport")
    energy = ThemeFactory(name="Économies d'énergie", slug="energie")
    InitiativeFactory(
        title="Foot en bas des tours", slug="foot", lead=icf, themes=[sport], departement="31"
    )
    InitiativeFactory(
        title="Potager et marche", slug="potager", lead=chalets, themes=[gardens, sport]
    )
    InitiativeFactory(title="Isolation partagée", slug="isolation", lead=icf, themes=[energy])
    InitiativeFactory(title="Salle commune", slug="salle", lead=icf)


def test_the_cover_lists_the_filters_in_words_the_date_and_the_count(
    client, initiative, themed, alice
):
    rendered = catalogue(
        client, alice, theme="jardins-partages", departement="13", status="running"
    )

    cover = " ".join(rendered.raw_pages[0].split())
    assert (
        f"{fr('Theme')} : Jardins partagés · {fr('Département')} : Bouches-du-Rhône (13) · "
        f"{fr('Status')} : {label(Initiative.Status.RUNNING)}"
    ) in cover
    assert fr_count("%(counter)s initiative", "%(counter)s initiatives", 2) in cover
    assert re.search(r"\b\d{1,2} \w+ 20\d\d\b", cover)  # the date


def test_the_cover_of_the_unfiltered_catalogue_says_so(client, initiative):
    cover = " ".join(catalogue(client, None).raw_pages[0].split())

    assert fr("All the initiatives, without a filter") in cover


def test_a_search_and_a_yes_no_filter_read_as_words(client, initiative, alice):
    cover = " ".join(catalogue(client, alice, q="jardins", in_qpv="false").raw_pages[0].split())

    assert f"{fr('Search')} : « jardins »" in cover
    assert f"{fr('In a QPV')} : {fr('No')}" in cover


def test_refused_filter_values_are_not_on_the_cover(client, initiative):
    cover = " ".join(catalogue(client, None, theme="nope", status="x").raw_pages[0].split())

    assert fr("All the initiatives, without a filter") in cover
    assert "nope" not in cover


def test_the_contents_list_the_themes_in_order_and_each_initiative_under_its_themes(
    client, initiative, themed
):
    rendered = catalogue(client, None, sort="title")

    assert [title for title, _page in rendered.toc] == [
        "Économies d'énergie",
        "Isolation partagée",
        "Jardins partagés",
        "Jardins partagés du Saint-Georges",
        "Potager et marche",
        "Sport et santé",
        "Foot en bas des tours",
        "Potager et marche",
        fr("Without a theme"),
        "Salle commune",
    ]
    assert all(page >= 2 for _title, page in rendered.toc)
    assert fr(
        "By theme. An initiative with several themes is described under its first theme; the "
        "contents list it under each of its themes, with the page of that description."
    ) in " ".join(rendered.raw_pages[1].split())


def test_an_initiative_with_two_themes_is_described_once_under_its_first_theme(
    client, initiative, themed
):
    rendered = catalogue(client, None, sort="title")
    data = services.catalogue_data(
        Initiative.objects.order_by("sort_title").prefetch_related("themes"), title="T"
    )

    assert rendered.flat.count("Potager et marche") == 3  # twice in the contents, once described
    described = {group["theme"]: [e["title"] for e in group["entries"]] for group in data["themes"]}
    assert described == {
        "Économies d'énergie": ["Isolation partagée"],
        "Jardins partagés": ["Jardins partagés du Saint-Georges", "Potager et marche"],
        "Sport et santé": ["Foot en bas des tours"],
        "": ["Salle commune"],
    }
    [sport] = [group for group in data["themes"] if group["theme"] == "Sport et santé"]
    [potager] = [item for item in sport["listed"] if item["title"] == "Potager et marche"]
    [entry] = [
        e for group in data["themes"] for e in group["entries"] if e["title"] == "Potager et marche"
    ]
    assert potager["anchor"] == entry["anchor"]  # the contents link to the one description


def test_hostile_text_in_the_catalogue_appears_literally(client, icf):
    theme = ThemeFactory(name="<b>Thème</b>", slug="balise")
    InitiativeFactory(title="Atelier {{ x }}", summary=HOSTILE, lead=icf, themes=[theme])

    rendered = catalogue(client, None, theme="balise")

    assert f"{fr('Theme')} : <b>Thème</b>" in " ".join(rendered.raw_pages[0].split())
    assert HOSTILE in rendered.flat
    assert "Atelier {{ x }}" in rendered.flat


def test_the_filters_are_part_of_the_catalogues_digest(initiative, renders):
    initiatives = [initiative]
    services.catalogue_pdf(initiatives=initiatives, title="T", key="k", filters=[("A", "B")])
    services.catalogue_pdf(initiatives=initiatives, title="T", key="k", filters=[("A", "B")])
    services.catalogue_pdf(initiatives=initiatives, title="T", key="k", filters=[("A", "C")])

    assert len(renders) == 2
    assert "A&#8239;: C" in renders[1]


def test_the_catalogue_pdf_costs_the_same_queries_for_one_initiative_and_many(
    client, initiative, icf, gardens, renders
):
    url = reverse("reports:catalogue")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for number in range(4):
        InitiativeFactory(
            title=f"Autre {number}", slug=f"autre-{number}", lead=icf, themes=[gardens]
        )
    assert count() == one
    assert len(renders) == 2
    assert "Autre 3" in renders[1]
