"""The catalogue's map: what it draws for whom, its links, its text alternative, its queries,
and that it agrees with the list and the open-data file on the same filters."""

import json
import re

import pytest

from tests.factories import InitiativeFactory, OrganisationFactory
from tests.queries import page_queries

MAP = "/initiatives/carte/"


def markers(html: str) -> dict[str, str]:
    """aria-label → href of each marker of the map."""
    svg = html[html.index("<svg") : html.index("</svg>")]
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(
            r'<a href="([^"]+)" class="map-\w+" aria-label="([^"]+)"', svg
        )
    }


@pytest.fixture
def spread(icf, chalets, gardens):
    InitiativeFactory(title="Jardin Empalot", lead=chalets, commune="Toulouse", themes=[gardens])
    InitiativeFactory(title="Jardin Bagatelle", lead=chalets, commune="Toulouse", themes=[gardens])
    InitiativeFactory(title="Sport à Encagnane", lead=icf, commune="Aix-en-Provence")
    InitiativeFactory(title="Salle d'Onet", lead=chalets, commune="Onet-le-Château")  # not placed
    InitiativeFactory(title="Réservé", lead=chalets, commune="Toulouse", visibility="members")


@pytest.mark.django_db
def test_visitors_see_a_marker_per_commune_with_public_initiatives_only(client, spread):
    html = client.get(MAP).content.decode()
    assert markers(html) == {
        "Toulouse : 2 initiatives": "/initiatives/?commune=31555",
        "Aix-en-Provence : 1 initiative": "/initiatives/?commune=13001",
        "Aveyron : 1 initiative": "/initiatives/?departement=12",
    }
    assert "4 initiatives sur la carte" in html
    # the text alternative: the same places and links, as a list
    places = html[html.index('class="map-list"') :]
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', places[: places.index("</ul>")])
    assert [(href.replace("&amp;", "&"), text) for href, text in listed] == [
        ("/initiatives/?commune=31555", "Toulouse"),
        ("/initiatives/?commune=13001", "Aix-en-Provence"),
        ("/initiatives/?departement=12", "Ailleurs en Aveyron"),
    ]
    assert html.count('<path d="m ') == 21  # the départements of the three regions


@pytest.mark.django_db
def test_members_see_members_only_initiatives_on_the_map_too(client, spread, alice):
    client.force_login(alice)
    assert "Toulouse : 3 initiatives" in markers(client.get(MAP).content.decode())


@pytest.mark.django_db
def test_the_filters_drive_the_map_and_its_links_keep_them(client, spread):
    html = client.get(MAP, {"theme": "jardins-partages", "commune": "aix"}).content.decode()
    assert markers(html) == {}
    html = client.get(MAP, {"theme": "jardins-partages"}).content.decode()
    assert markers(html) == {
        "Toulouse : 2 initiatives": "/initiatives/?commune=31555&theme=jardins-partages"
    }
    # a marker's link replaces the place filters and keeps the others
    html = client.get(MAP, {"theme": "jardins-partages", "departement": "31"}).content.decode()
    assert list(markers(html).values()) == ["/initiatives/?commune=31555&theme=jardins-partages"]


@pytest.mark.django_db
def test_commune_names_are_escaped_in_the_svg(client, chalets):
    InitiativeFactory(lead=chalets, commune_label="<script>x</script>", departement="31")
    html = client.get(MAP).content.decode()
    assert "<script>x</script>" not in html


@pytest.mark.django_db
def test_the_map_costs_the_same_queries_for_one_initiative_or_many(client, icf):
    InitiativeFactory(lead=icf, commune="Toulouse")
    one, _html = page_queries(client, MAP + "?status=running")
    for name in [
        "Marseille",
        "Nice",
        "Montpellier",
        "Nîmes",
        "Perpignan",
        "Ajaccio",
        "Onet-le-Château",
    ]:
        InitiativeFactory(lead=icf, commune=name)
        InitiativeFactory(lead=icf, commune=name)
    many, html = page_queries(client, MAP + "?status=running")
    assert len(markers(html)) == 8
    assert one == many


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        {"theme": "jardins-partages", "departement": "31"},
        {"commune": "toulouse"},
        {"q": "jardin"},
        {},
    ],
)
def test_the_map_the_list_the_api_and_the_open_data_agree_on_the_same_filters(
    client, spread, filters
):
    on_map = sum(
        int(re.search(r": (\d+) initiative", label)[1])
        for label in markers(client.get(MAP, filters).content.decode())
    )
    listed = (
        client.get("/initiatives/", filters).content.decode().count('class="card initiative-card"')
    )
    data = json.loads(b"".join(client.get("/donnees/initiatives.json", filters).streaming_content))
    api = client.get("/api/v1/initiatives", {**filters, "page_size": 100, "count": "true"}).json()
    assert on_map == listed == len(data["data"]) == api["count"]
    assert {row["title"] for row in data["data"]} == {item["title"] for item in api["results"]}
    codes = {row["commune_insee"] for row in data["data"]}
    assert codes == {(item["territory"]["commune"] or {}).get("code") for item in api["results"]}
    if filters.get("commune"):
        assert codes == {"31555"}
        assert {(row["latitude"], row["longitude"]) for row in data["data"]} == {
            (43.60426, 1.44367)
        }


@pytest.mark.django_db
def test_an_initiative_counts_once_when_a_filter_joins(client, chalets, icf):
    """The landlord filter joins the co-landlords: two of them must not count it twice."""
    erilia = OrganisationFactory(name="Erilia", slug="erilia")
    initiative = InitiativeFactory(title="Jardin Empalot", lead=chalets, commune="Toulouse")
    initiative.co_landlords.add(icf, erilia)
    html = client.get(MAP, {"landlord": chalets.slug}).content.decode()
    assert markers(html) == {
        "Toulouse : 1 initiative": "/initiatives/?commune=31555&landlord=" + chalets.slug
    }
