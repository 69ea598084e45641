"""What people type, and what the catalogue finds: the same table on SQLite and PostgreSQL
(`make test` runs both), with the rows that only PostgreSQL honours marked so."""

import pytest
from django.db import connection
from django.urls import reverse

from config.search import fold, singular, words
from initiatives.models import Initiative
from initiatives.selectors import initiative_search, initiative_spelling
from tests.factories import InitiativeFactory

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="PostgreSQL's text search only"
)

INITIATIVES = {
    "seniors": {
        "title": "Ateliers numériques pour les seniors",
        "summary": "Des tablettes et des bénévoles.",
        "description": "",
    },
    "intergenerational": {
        "title": "Colocation intergénérationnelle",
        "summary": "Un étudiant et une personne âgée sous le même toit.",
        "description": "Un projet intergénérationnel au pied des tours.",
    },
    "garden": {
        "title": "Jardins potagers du Saint-Georges",
        "summary": "Des parcelles pour les habitants.",
        "description": "Compost, récupérateurs d'eau et ateliers.",
        "commune": "Marseille",
    },
    "football": {
        "title": "Tournoi de football inter-quartiers",
        "summary": "Les jeunes de trois résidences.",
        "description": "",
        "commune": "Nîmes",
    },
    "grocery": {
        "title": "Épicerie solidaire",
        "summary": "Des produits frais à petit prix, dans un jardin d'hiver.",
        "description": "",
        "commune": "Toulouse",
    },
}


@pytest.fixture
def catalogue(db):
    return {
        key: InitiativeFactory(status=Initiative.Status.RUNNING, **fields)
        for key, fields in INITIATIVES.items()
    }


def found(text) -> set[str]:
    titles = {fields["title"]: key for key, fields in INITIATIVES.items()}
    matches = initiative_search(Initiative.objects.all(), text)
    return {titles[title] for title in matches.values_list("title", flat=True)}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("senior", {"seniors"}),
        ("sénior", {"seniors"}),
        ("SENIORS", {"seniors"}),
        ("intergénérationnel", {"intergenerational"}),
        ("intergenerationnel", {"intergenerational"}),
        ("potager", {"garden"}),
        ("potagers", {"garden"}),
        ("jardin", {"garden", "grocery"}),
        ("jardins", {"garden", "grocery"}),
        ("foot", {"football"}),  # the last word, half typed
        ("epicerie", {"grocery"}),
        ("ÉPICERIE", {"grocery"}),
        ("jardin marseille", {"garden"}),  # every word must match
        ("nimes", {"football"}),  # the commune too
        ("compost", {"garden"}),  # the description too
        ("jardin & | ! (", {"garden", "grocery"}),  # operators are not syntax
        ("l'épicerie", {"grocery"}),
        ("pétanque", set()),
    ],
)
def test_the_catalogue_finds_what_people_type(catalogue, typed, expected):
    assert found(typed) == expected


@pytest.mark.parametrize("typed", ["", "   "])
def test_an_empty_query_narrows_nothing(catalogue, typed):
    assert found(typed) == set(INITIATIVES)


@pytest.mark.parametrize("typed", ["!!", "«»", "%", "_"])
def test_a_query_without_words_finds_nothing(catalogue, typed):
    assert found(typed) == set()


@postgresql_only
def test_postgresql_ranks_the_title_before_the_summary_and_the_description(catalogue):
    ranked = initiative_search(Initiative.objects.all(), "jardin").order_by("-rank")
    assert [i.title for i in ranked] == [
        INITIATIVES["garden"]["title"],  # in the title
        INITIATIVES["grocery"]["title"],  # in the summary only
    ]


@postgresql_only
@pytest.mark.parametrize(
    ("typed", "proposal"),
    [
        ("jardn", "jardins"),
        ("epicrie solidaire", "épicerie solidaire"),
        ("footbal", ""),  # found as a prefix: nothing to correct
        ("xyzwv", ""),
    ],
)
def test_postgresql_proposes_a_spelling_when_nothing_is_found(catalogue, typed, proposal):
    assert initiative_spelling(Initiative.objects.all(), typed) == proposal


def test_sqlite_proposes_no_spelling(catalogue):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's behaviour")
    assert initiative_spelling(Initiative.objects.all(), "jardn") == ""


@postgresql_only
def test_the_catalogue_page_says_did_you_mean(client, catalogue):
    content = client.get(reverse("initiatives:catalogue"), {"q": "jardn"}).content.decode()
    assert "Vouliez-vous dire : <a" in content
    assert f'href="{reverse("initiatives:catalogue")}?q=jardins"' in content


def test_the_words_of_a_query():
    assert words("l'été, jardins!") == ["l", "été", "jardins"]
    assert fold("Œuvre Épicerie ÇA") == "oeuvre epicerie ca"
    assert singular("Jardins") == "jardin"
    assert singular("bus") == "bus"
    assert singular("travaux") == "travau"
