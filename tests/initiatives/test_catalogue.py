"""The catalogue of initiatives: who sees what, filters, search, sorting, pagination, cost."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import CallForProjects, TargetPublic
from initiatives.services import initiative_index
from tests.factories import (
    ApplicationFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    ThemeFactory,
    region,
)

CATALOGUE = reverse("initiatives:catalogue")
MEMBER_ROLES = ["alice", "bob", "charlie", "staff_user"]
POSTGRESQL = connection.vendor == "postgresql"
NOTHING_FOUND = "Aucune initiative ne correspond à ces filtres."


def results_heading(content: str) -> str:
    """The “N initiatives” heading above the cards."""
    match = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', content, re.S)
    assert match, "no results heading"
    return html.unescape(match.group(1)).strip()


def card_titles(content: str) -> list[str]:
    """The titles of the initiative cards, in the order they are listed."""
    cards = re.findall(
        r'<li class="card initiative-card">.*?<h3><a href="[^"]*">(.*?)</a>', content, re.S
    )
    return [html.unescape(title) for title in cards]


def catalogue(client, params=None) -> str:
    response = client.get(CATALOGUE, params or {})
    assert response.status_code == 200
    return response.content.decode()


def byte_ordered_collation() -> bool:
    """SQLite, or a PostgreSQL database whose collation compares code points (C, POSIX)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        collation = cursor.fetchone()[0]
    return collation.split(".")[0] in {"C", "POSIX"}


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- Visibility per role ---------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_sees_only_public_initiatives(client, initiative, shared_initiative):
    content = catalogue(client)
    assert results_heading(content) == "1 initiative"
    assert card_titles(content) == ["Jardins partagés du Saint-Georges"]
    assert "Compost entre voisins" not in content


@pytest.mark.django_db
def test_unapproved_account_sees_only_public_initiatives(
    client, unapproved, initiative, shared_initiative
):
    client.force_login(unapproved)
    content = catalogue(client)
    assert results_heading(content) == "1 initiative"
    assert card_titles(content) == ["Jardins partagés du Saint-Georges"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_members_also_see_members_only_initiatives_marked_as_such(
    client, request, role, initiative, shared_initiative
):
    client.force_login(request.getfixturevalue(role))
    content = catalogue(client)
    assert results_heading(content) == "2 initiatives"
    assert set(card_titles(content)) == {
        "Jardins partagés du Saint-Georges",
        "Compost entre voisins",
    }
    members_badge = '<span class="badge badge-warning">membres</span>'
    assert content.count(members_badge) == 1
    compost_card = content.split("Compost entre voisins</a>")[1].split("</h3>")[0]
    assert members_badge in compost_card


@pytest.mark.django_db
def test_members_only_initiative_page_is_404_for_anonymous_and_unapproved(
    client, unapproved, shared_initiative
):
    url = reverse("initiatives:detail", args=[shared_initiative.slug])
    assert client.get(url).status_code == 404
    client.force_login(unapproved)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_members_open_a_members_only_initiative_page(client, request, role, shared_initiative):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("initiatives:detail", args=[shared_initiative.slug]))
    assert response.status_code == 200
    assert "Compost entre voisins" in response.content.decode()


@pytest.mark.django_db
def test_empty_catalogue_says_that_nothing_matches(client):
    content = catalogue(client)
    assert results_heading(content) == "0 initiative"
    assert NOTHING_FOUND in content


# --- Filters ---------------------------------------------------------------------------------


@pytest.fixture
def sport(db):
    return ThemeFactory(name="Sport", slug="sport")


@pytest.fixture
def employment(db):
    return ThemeFactory(name="Emploi", slug="emploi")


@pytest.fixture
def seniors(db):
    return TargetPublic.objects.create(name="Seniors", slug="seniors")


@pytest.fixture
def youth(db):
    return TargetPublic.objects.create(name="Jeunes", slug="jeunes")


@pytest.fixture
def erilia(db):
    return OrganisationFactory(name="Erilia", slug="erilia", departement="13")


@pytest.fixture
def unicil(db):
    return OrganisationFactory(name="Unicil", slug="unicil", departement="13")


@pytest.fixture
def famille_provence(db):
    return OrganisationFactory(name="Famille & Provence", slug="famille-et-provence")


@pytest.fixture
def la_poste(db):
    return PartnerFactory(name="La Poste", slug="la-poste")


@pytest.fixture
def cpie(db):
    return PartnerFactory(name="CPIE Côte Provençale", slug="cpie")


@pytest.fixture
def solidarity_call(chalets):
    return CallForProjects.objects.create(
        organiser=chalets,
        title="Habitat et Initiatives solidaires",
        slug="habitat-et-initiatives-solidaires",
        rules="Des projets portés avec les habitants.",
        ceiling=30000,
        status=CallForProjects.Status.DECIDED,
        results_published_at=timezone.now(),  # the catalogue tells announced laureates only
    )


@pytest.fixture
def territory(
    icf,
    chalets,
    erilia,
    unicil,
    famille_provence,
    gardens,
    sport,
    employment,
    seniors,
    youth,
    la_poste,
    cpie,
    solidarity_call,
):
    """Four public initiatives, each different on every filter.

    Busserine: ICF, gardens, seniors, PACA 13 Marseille, running, QPV, La Poste.
    Tours: Chalets (co-landlord ICF), sport, youth, Occitanie 31 Toulouse, completed, CPIE.
    Lilas: Erilia (co-landlord Chalets), gardens, seniors, PACA 06 Nice, idea, QPV, laureate.
    Emploi: Unicil (co-landlord Famille & Provence), employment, youth, Corse 2A Ajaccio,
    running, La Poste, only submitted to the call.
    """
    busserine = InitiativeFactory(
        title="Jardins de la Busserine",
        lead=icf,
        themes=[gardens],
        region=region("paca"),
        departement="13",
        commune="Marseille",
        status="running",
        in_qpv=True,
    )
    busserine.publics.set([seniors])
    busserine.partners.set([la_poste])
    tours = InitiativeFactory(
        title="Sport au pied des tours",
        lead=chalets,
        themes=[sport],
        region=region("occitanie"),
        departement="31",
        commune="Toulouse",
        status="completed",
        in_qpv=False,
    )
    tours.publics.set([youth])
    tours.partners.set([cpie])
    tours.co_landlords.set([icf])
    lilas = InitiativeFactory(
        title="Salle commune des Lilas",
        lead=erilia,
        themes=[gardens],
        region=region("paca"),
        departement="06",
        commune="Nice",
        status="idea",
        in_qpv=True,
    )
    lilas.publics.set([seniors])
    lilas.co_landlords.set([chalets])
    emploi = InitiativeFactory(
        title="Espace emploi des Cannes",
        lead=unicil,
        themes=[employment],
        region=region("corse"),
        departement="2A",
        commune="Ajaccio",
        status="running",
        in_qpv=False,
    )
    emploi.publics.set([youth])
    emploi.partners.set([la_poste])
    emploi.co_landlords.set([famille_provence])
    ApplicationFactory(
        call=solidarity_call, initiative=lilas, status="laureate", amount_awarded=12000
    )
    ApplicationFactory(call=solidarity_call, initiative=emploi, status="submitted")
    return {"busserine": busserine, "tours": tours, "lilas": lilas, "emploi": emploi}


BUSSERINE = "Jardins de la Busserine"
TOURS = "Sport au pied des tours"
LILAS = "Salle commune des Lilas"
EMPLOI = "Espace emploi des Cannes"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {BUSSERINE, TOURS, LILAS, EMPLOI}),
        ({"theme": "jardins-partages"}, {BUSSERINE, LILAS}),
        ({"theme": "sport"}, {TOURS}),
        ({"public": "seniors"}, {BUSSERINE, LILAS}),
        ({"public": "jeunes"}, {TOURS, EMPLOI}),
        ({"region": "paca"}, {BUSSERINE, LILAS}),
        ({"region": "occitanie"}, {TOURS}),
        ({"region": "corse"}, {EMPLOI}),
        ({"departement": "06"}, {LILAS}),
        ({"departement": "2a"}, {EMPLOI}),
        ({"commune": "toulouse"}, {TOURS}),
        ({"commune": "Mars"}, {BUSSERINE}),
        ({"landlord": "erilia"}, {LILAS}),
        ({"landlord": "unicil"}, {EMPLOI}),
        ({"landlord": "famille-et-provence"}, {EMPLOI}),
        ({"landlord": "icf-habitat-sud-est-mediterranee"}, {BUSSERINE, TOURS}),
        ({"landlord": "groupe-des-chalets"}, {TOURS, LILAS}),
        ({"partner": "la-poste"}, {BUSSERINE, EMPLOI}),
        ({"partner": "cpie"}, {TOURS}),
        ({"status": "running"}, {BUSSERINE, EMPLOI}),
        ({"status": "completed"}, {TOURS}),
        ({"status": "idea"}, {LILAS}),
        ({"status": "stopped"}, set()),
        ({"in_qpv": "true"}, {BUSSERINE, LILAS}),
        ({"in_qpv": "false"}, {TOURS, EMPLOI}),
        ({"in_qpv": ""}, {BUSSERINE, TOURS, LILAS, EMPLOI}),
        ({"call": "habitat-et-initiatives-solidaires"}, {LILAS}),
    ],
    ids=lambda value: (
        "-".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_each_filter_alone_narrows_the_catalogue(client, territory, params, expected):
    content = catalogue(client, params)
    assert set(card_titles(content)) == expected
    count = len(expected)
    assert results_heading(content) == f"{count} initiative{'s' if count > 1 else ''}"
    if not expected:
        assert NOTHING_FOUND in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "jardins-partages", "region": "paca"}, {BUSSERINE, LILAS}),
        ({"theme": "jardins-partages", "departement": "13"}, {BUSSERINE}),
        ({"landlord": "groupe-des-chalets", "in_qpv": "true"}, {LILAS}),
        ({"landlord": "icf-habitat-sud-est-mediterranee", "status": "completed"}, {TOURS}),
        ({"partner": "la-poste", "public": "jeunes"}, {EMPLOI}),
        ({"status": "running", "in_qpv": "false", "region": "corse"}, {EMPLOI}),
        ({"theme": "jardins-partages", "call": "habitat-et-initiatives-solidaires"}, {LILAS}),
        ({"theme": "sport", "call": "habitat-et-initiatives-solidaires"}, set()),
        ({"commune": "nice", "public": "seniors", "landlord": "erilia"}, {LILAS}),
        ({"partner": "cpie", "region": "paca"}, set()),
    ],
    ids=lambda value: (
        "&".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else None
    ),
)
def test_filters_combine_so_that_every_condition_holds(client, territory, params, expected):
    content = catalogue(client, params)
    assert set(card_titles(content)) == expected
    if not expected:
        assert NOTHING_FOUND in content


@pytest.mark.django_db
def test_an_initiative_with_several_co_landlords_is_listed_once_for_its_lead(
    client, icf, chalets, erilia, unicil
):
    shared = InitiativeFactory(title="Conciergerie solidaire", lead=icf)
    shared.co_landlords.set([chalets, erilia, unicil])
    content = catalogue(client, {"landlord": icf.slug})
    assert card_titles(content) == ["Conciergerie solidaire"]
    assert results_heading(content) == "1 initiative"
    content = catalogue(client, {"landlord": erilia.slug})
    assert card_titles(content) == ["Conciergerie solidaire"]


@pytest.mark.django_db
def test_the_call_filter_ignores_initiatives_not_retained_or_only_submitted(
    client, icf, solidarity_call
):
    for title, status in [
        ("Lauréate A", "laureate"),
        ("Candidate B", "submitted"),
        ("Refusée C", "not_retained"),
    ]:
        ApplicationFactory(
            call=solidarity_call, initiative=InitiativeFactory(title=title), status=status
        )
    other_call = CallForProjects.objects.create(organiser=icf, title="Autre appel", slug="autre")
    ApplicationFactory(
        call=other_call, initiative=InitiativeFactory(title="Lauréate ailleurs"), status="laureate"
    )
    content = catalogue(client, {"call": solidarity_call.slug})
    assert card_titles(content) == ["Lauréate A"]


@pytest.mark.django_db
def test_catalogue_cards_mark_the_laureates(client, territory):
    content = catalogue(client)
    laureate_badge = '<span class="badge badge-success">lauréate</span>'
    assert content.count(laureate_badge) == 1
    lilas_card = content.split(f"{LILAS}</a>")[1].split("</h3>")[0]
    assert laureate_badge in lilas_card


@pytest.mark.django_db
def test_a_members_only_initiative_stays_hidden_from_anonymous_even_when_filtered(
    client, alice, initiative, shared_initiative
):
    params = {"landlord": "icf-habitat-sud-est-mediterranee"}
    assert card_titles(catalogue(client, params)) == ["Jardins partagés du Saint-Georges"]
    assert card_titles(catalogue(client, {"q": "compost"})) == []
    client.force_login(alice)
    assert set(card_titles(catalogue(client, params))) == {
        "Jardins partagés du Saint-Georges",
        "Compost entre voisins",
    }


# --- Pagination ------------------------------------------------------------------------------


@pytest.fixture
def many_gardens(icf, gardens, sport):
    """25 running gardens in the 13 (Jardin 00 the oldest) and 3 sport initiatives."""
    for number in range(25):
        InitiativeFactory(
            title=f"Jardin {number:02d}",
            lead=icf,
            themes=[gardens],
            status="running",
            created_at=ago(100 - number),
        )
    for number in range(3):
        InitiativeFactory(
            title=f"Sport {number}",
            summary="Du football avec les jeunes.",
            lead=icf,
            themes=[sport],
            status="running",
        )


@pytest.mark.django_db
def test_pagination_shows_20_initiatives_a_page_and_keeps_the_filters(client, many_gardens):
    params = {"theme": "jardins-partages", "status": "running"}
    content = catalogue(client, params)
    assert results_heading(content) == "25 initiatives"
    assert len(card_titles(content)) == 20
    assert "Page 1 sur 2" in content
    assert "?status=running&amp;theme=jardins-partages&amp;page=2" in content
    second = catalogue(client, {**params, "page": 2})
    assert card_titles(second) == [f"Jardin {number:02d}" for number in (4, 3, 2, 1, 0)]
    assert "Page 2 sur 2" in second
    assert "?status=running&amp;theme=jardins-partages&amp;page=1" in second
    assert "Sport" not in "".join(card_titles(second))


@pytest.mark.django_db
def test_pagination_keeps_the_search_and_the_sort_without_repeating_the_page(client, many_gardens):
    content = catalogue(client, {"q": "jardin", "sort": "title", "page": 1})
    assert results_heading(content) == "25 initiatives"
    assert card_titles(content)[0] == "Jardin 00"
    assert "?q=jardin&amp;sort=title&amp;page=2" in content
    hrefs = re.findall(r'href="([^"]*)"', content)
    assert not [href for href in hrefs if href.count("page=") > 1]
    second = catalogue(client, {"q": "jardin", "sort": "title", "page": 2})
    assert card_titles(second) == [f"Jardin {number:02d}" for number in range(20, 25)]


@pytest.mark.django_db
def test_an_out_of_range_or_invalid_page_falls_back_to_a_real_page(client, many_gardens):
    assert card_titles(catalogue(client, {"page": 99}))[-1] == "Jardin 00"
    assert len(card_titles(catalogue(client, {"page": "abc"}))) == 20


# --- Search ----------------------------------------------------------------------------------


@pytest.fixture
def library(icf, chalets, gardens, sport):
    """Three public initiatives with distinct words in their title, summary and description."""
    orchard = InitiativeFactory(
        title="Verger collectif de la Busserine",
        summary="Des arbres fruitiers plantés avec les locataires de la résidence.",
        description="Une cueillette est organisée chaque automne avec l'amicale.",
        lead=icf,
        themes=[gardens],
        commune="Marseille",
        created_at=ago(3),
    )
    boxing = InitiativeFactory(
        title="Boxe éducative au pied des tours",
        summary="Des séances hebdomadaires pour les adolescents de la résidence.",
        description="Un éducateur diplômé encadre les entraînements.",
        lead=chalets,
        themes=[sport],
        commune="Toulouse",
        created_at=ago(2),
    )
    kitchen = InitiativeFactory(
        title="Cuisine partagée des Lilas",
        summary="Les habitants cuisinent ensemble dans la salle commune de la résidence.",
        description="Des ateliers réguliers avec une diététicienne.",
        lead=icf,
        themes=[gardens],
        commune="Nice",
        created_at=ago(1),
    )
    return {"orchard": orchard, "boxing": boxing, "kitchen": kitchen}


ORCHARD = "Verger collectif de la Busserine"
BOXING = "Boxe éducative au pied des tours"
KITCHEN = "Cuisine partagée des Lilas"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("verger", [ORCHARD]),
        ("Boxe", [BOXING]),
        ("fruitiers", [ORCHARD]),
        ("adolescents", [BOXING]),
        ("cueillette", [ORCHARD]),
        ("diététicienne", [KITCHEN]),
        ("éducateur", [BOXING]),
        ("CUISINE", [KITCHEN]),
        ("  verger  ", [ORCHARD]),
        ("Toulouse", [BOXING]),
    ],
)
def test_search_finds_a_word_of_the_title_summary_or_description(client, library, q, expected):
    content = catalogue(client, {"q": q})
    assert card_titles(content) == expected
    assert results_heading(content) == "1 initiative"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("verger automne", [ORCHARD]),
        ("cuisine salle", [KITCHEN]),
        ("séances éducateur", [BOXING]),
        ("verger boxe", []),
        ("cuisine adolescents", []),
    ],
)
def test_search_with_several_words_needs_all_of_them(client, library, q, expected):
    content = catalogue(client, {"q": q})
    assert card_titles(content) == expected
    if not expected:
        assert NOTHING_FOUND in content


@pytest.mark.django_db
def test_search_without_match_says_that_nothing_matches(client, library):
    content = catalogue(client, {"q": "trottinette"})
    assert card_titles(content) == []
    assert results_heading(content) == "0 initiative"
    assert NOTHING_FOUND in content


@pytest.mark.django_db
def test_empty_search_lists_everything(client, library):
    assert len(card_titles(catalogue(client, {"q": "   "}))) == 3


@pytest.mark.django_db
def test_search_finds_plural_from_singular_and_on_postgresql_the_reverse(client, icf, gardens):
    InitiativeFactory(title="Jardins suspendus", summary="Des bacs sur les balcons.", lead=icf)
    InitiativeFactory(title="Un potager", summary="Un jardin au pied de la tour.", lead=icf)
    InitiativeFactory(title="Atelier vélo", summary="Une association répare les vélos.", lead=icf)
    singular = set(card_titles(catalogue(client, {"q": "jardin"})))
    assert singular == {"Jardins suspendus", "Un potager"}
    if connection.vendor == "postgresql":
        # French stemming: "jardins" and "jardin" share a stem, so do the two below.
        assert set(card_titles(catalogue(client, {"q": "jardins"}))) == {
            "Jardins suspendus",
            "Un potager",
        }
        assert card_titles(catalogue(client, {"q": "associations"})) == ["Atelier vélo"]


@pytest.mark.django_db
def test_search_sees_a_title_changed_after_the_initiative_was_indexed(client, library):
    kitchen = library["kitchen"]
    kitchen.title = "Fournil partagé des Lilas"
    kitchen.save()
    initiative_index(kitchen)
    assert card_titles(catalogue(client, {"q": "fournil"})) == ["Fournil partagé des Lilas"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "habitants", "theme": "jardins-partages"}, [KITCHEN]),
        ({"q": "résidence", "landlord": "groupe-des-chalets"}, [BOXING]),
        ({"q": "pied", "theme": "jardins-partages"}, []),
        ({"q": "adolescents", "commune": "toulouse"}, [BOXING]),
        ({"q": "ensemble", "landlord": "icf-habitat-sud-est-mediterranee"}, [KITCHEN]),
    ],
)
def test_search_combines_with_the_filters(client, library, params, expected):
    assert card_titles(catalogue(client, params)) == expected


@pytest.mark.django_db
def test_search_does_not_reveal_members_only_initiatives(
    client, alice, initiative, shared_initiative
):
    assert card_titles(catalogue(client, {"q": "compost"})) == []
    client.force_login(alice)
    assert card_titles(catalogue(client, {"q": "compost"})) == ["Compost entre voisins"]


@pytest.mark.django_db
def test_relevance_puts_the_title_match_first_on_postgresql(client, icf):
    InitiativeFactory(
        title="Compostage collectif",
        summary="Les déchets verts deviennent du terreau.",
        lead=icf,
        created_at=ago(10),
    )
    InitiativeFactory(
        title="Fête de quartier",
        summary="Une fête chaque printemps.",
        description="On y parle aussi de compostage et de tri.",
        lead=icf,
        created_at=ago(1),
    )
    recent = card_titles(catalogue(client, {"q": "compostage"}))
    assert recent == ["Fête de quartier", "Compostage collectif"]
    relevance = card_titles(catalogue(client, {"q": "compostage", "sort": "relevance"}))
    if connection.vendor == "postgresql":
        assert relevance == ["Compostage collectif", "Fête de quartier"]
    else:
        # SQLite has no rank: the newest first, and nothing is lost.
        assert set(relevance) == {"Compostage collectif", "Fête de quartier"}


@pytest.mark.django_db
def test_relevance_without_a_search_falls_back_to_newest_first(client, library):
    assert card_titles(catalogue(client, {"sort": "relevance"})) == [KITCHEN, BOXING, ORCHARD]


@pytest.mark.django_db
def test_catalogue_lists_the_newest_initiatives_first_by_default(client, library):
    assert card_titles(catalogue(client)) == [KITCHEN, BOXING, ORCHARD]
    assert card_titles(catalogue(client, {"sort": "recent"})) == [KITCHEN, BOXING, ORCHARD]


@pytest.mark.django_db
def test_sort_by_title_is_alphabetical_whatever_the_case(client, icf):
    for title in ["Zumba seniors", "atelier vélo", "Boxe éducative", "Cuisine partagée"]:
        InitiativeFactory(title=title, lead=icf)
    assert card_titles(catalogue(client, {"sort": "title"})) == [
        "atelier vélo",
        "Boxe éducative",
        "Cuisine partagée",
        "Zumba seniors",
    ]


@pytest.mark.django_db
def test_sort_by_title_applies_to_search_results(client, library):
    assert card_titles(catalogue(client, {"q": "résidence", "sort": "title"})) == [
        BOXING,
        KITCHEN,
        ORCHARD,
    ]


@pytest.mark.django_db
def test_an_unknown_sort_or_filter_value_does_not_break_the_catalogue(client, library):
    response = client.get(CATALOGUE, {"sort": "drop table", "theme": "inconnu", "in_qpv": "x"})
    assert response.status_code == 200
    # Values it does not know are ignored: the whole catalogue, in its usual order.
    assert card_titles(response.content.decode()) == card_titles(catalogue(client, {}))


@pytest.mark.django_db
def test_sort_by_start_date_puts_the_latest_start_first_and_undated_ones_last(client, icf, request):
    InitiativeFactory(title="Sans date", lead=icf, start_date=None)
    InitiativeFactory(title="Depuis 2021", lead=icf, start_date=datetime.date(2021, 9, 1))
    InitiativeFactory(title="Depuis 2024", lead=icf, start_date=datetime.date(2024, 3, 1))
    assert card_titles(catalogue(client, {"sort": "start"})) == [
        "Depuis 2024",
        "Depuis 2021",
        "Sans date",
    ]


@pytest.mark.django_db
def test_search_finds_a_word_of_the_replicability_notes_on_both_databases(client, icf, request):
    InitiativeFactory(
        title="Conciergerie solidaire",
        summary="Des services rendus entre voisins.",
        replicability="Prévoir une convention avec la régie de quartier.",
        lead=icf,
    )
    assert card_titles(catalogue(client, {"q": "convention"})) == ["Conciergerie solidaire"]


@pytest.mark.django_db
def test_filter_form_shows_back_the_chosen_filters_and_search(client, territory):
    content = catalogue(
        client,
        {
            "q": "jardins",
            "theme": "jardins-partages",
            "region": "paca",
            "in_qpv": "true",
            "status": "running",
            "landlord": "icf-habitat-sud-est-mediterranee",
            "sort": "title",
        },
    )
    assert re.search(r'<input type="search" name="q" value="jardins"', content)
    for value in [
        "jardins-partages",
        "paca",
        "true",
        "running",
        "icf-habitat-sud-est-mediterranee",
        "title",
    ]:
        assert f'<option value="{value}" selected>' in content, value
    assert card_titles(content) == [BUSSERINE]


@pytest.mark.django_db
def test_only_members_get_the_button_to_share_an_initiative(client, alice, unapproved):
    assert "Partager une initiative" not in catalogue(client)
    client.force_login(unapproved)
    assert "Partager une initiative" not in catalogue(client)
    client.force_login(alice)
    content = catalogue(client)
    assert "Partager une initiative" in content
    assert f'href="{reverse("initiatives:create")}"' in content


# --- Cost ------------------------------------------------------------------------------------


def catalogue_queries(client, count, lead, co_landlord, themes) -> tuple[int, int]:
    for _ in range(count):
        initiative = InitiativeFactory(lead=lead, themes=themes)
        initiative.co_landlords.set([co_landlord])
    client.get(CATALOGUE)  # warm the caches (session, content types…)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CATALOGUE)
    assert response.status_code == 200
    return len(queries), len(card_titles(response.content.decode()))


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "alice", "staff_user"])
def test_catalogue_query_count_does_not_grow_with_initiatives(
    client, request, role, icf, chalets, gardens, sport, solidarity_call
):
    if role:
        client.force_login(request.getfixturevalue(role))
    one, shown_one = catalogue_queries(client, 1, icf, chalets, [gardens, sport])
    many, shown_many = catalogue_queries(client, 99, icf, chalets, [gardens, sport])
    assert (shown_one, shown_many) == (1, 20)
    assert one == many


# --- Escaping --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_cards_escape_what_members_wrote(client, icf):
    evil_org = OrganisationFactory(name="<b>Bailleur</b> & Cie", slug="evil")
    evil_theme = ThemeFactory(name="<i>thème</i>", slug="evil-theme")
    initiative = InitiativeFactory(
        title="<script>alert(1)</script>",
        summary='"><img src=x onerror=alert(2)>',
        commune_label="<svg onload=alert(3)>",
        lead=icf,
        themes=[evil_theme],
    )
    initiative.co_landlords.set([evil_org])
    content = catalogue(client)
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "<svg onload" not in content
    assert "<b>Bailleur</b>" not in content
    assert "<i>thème</i>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in content
    assert "&lt;b&gt;Bailleur&lt;/b&gt; &amp; Cie" in content
    assert card_titles(content) == ["<script>alert(1)</script>"]


@pytest.mark.django_db
def test_catalogue_escapes_the_search_text_it_shows_back(client, library):
    content = catalogue(client, {"q": '"><script>alert(4)</script>'})
    assert "<script>alert(4)" not in content
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in content


@pytest.mark.django_db
def test_search_ignores_the_case_of_accented_capitals(client, icf, request):
    InitiativeFactory(title="Épicerie solidaire", summary="Des produits à petit prix.", lead=icf)
    InitiativeFactory(title="Atelier cuisine", summary="Une ÉQUIPE de bénévoles.", lead=icf)
    assert card_titles(catalogue(client, {"q": "épicerie"})) == ["Épicerie solidaire"]
    assert card_titles(catalogue(client, {"q": "équipe"})) == ["Atelier cuisine"]


@pytest.mark.django_db
def test_search_with_punctuation_or_operators_does_not_break(client, library):
    for q in ['"verger', "verger & (boxe", "-", "verger:*", "'; drop table", "%", "_"]:
        response = client.get(CATALOGUE, {"q": q})
        assert response.status_code == 200, q
    assert card_titles(catalogue(client, {"q": "%"})) == []


@pytest.mark.django_db
def test_sorts_still_apply_when_a_landlord_filter_makes_the_list_distinct(client, library):
    icf_slug = "icf-habitat-sud-est-mediterranee"
    params = {"q": "résidence", "landlord": icf_slug}
    assert card_titles(catalogue(client, {**params, "sort": "title"})) == [KITCHEN, ORCHARD]
    assert card_titles(catalogue(client, params)) == [KITCHEN, ORCHARD]
    assert set(card_titles(catalogue(client, {**params, "sort": "relevance"}))) == {
        KITCHEN,
        ORCHARD,
    }


@pytest.mark.django_db
def test_sort_by_title_puts_accented_initials_among_their_letter(client, icf, request):
    InitiativeFactory(title="Zumba seniors", lead=icf)
    InitiativeFactory(title="Épicerie solidaire", lead=icf)
    InitiativeFactory(title="Cuisine partagée", lead=icf)
    InitiativeFactory(title="Fête des voisins", lead=icf)
    titles = card_titles(catalogue(client, {"sort": "title"}))
    assert titles == [
        "Cuisine partagée",
        "Épicerie solidaire",
        "Fête des voisins",
        "Zumba seniors",
    ]
