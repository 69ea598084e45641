"""What each endpoint answers, and that nothing members-only ever shows, whatever is asked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.filters import InitiativeFilter
from initiatives.models import Initiative
from landlords.filters import OrganisationFilter
from landlords.models import Organisation
from landlords.selectors import organisation_list
from tests.api.conftest import SECRETS
from tests.factories import InitiativeFactory

MARSEILLE = {"code": "13055", "name": "Marseille", "latitude": 43.29695, "longitude": 5.38107}

pytestmark = pytest.mark.django_db

ENDPOINTS = ["initiative", "organisation", "meeting", "call", "article"]
ICF = "icf-habitat-sud-est-mediterranee"  # the lead of public_world's public initiative


def get(client, name, *args, **params):
    response = client.get(reverse(f"api:{name}", args=args), params)
    return response, response.json()


def test_initiative_list_holds_the_public_initiative_with_its_territory_and_people(
    client, public_world
):
    response, body = get(client, "initiative-list", landlord=ICF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert body["count"] is None  # counted only when asked
    assert body["next"] is None
    assert body["previous"] is None
    (item,) = body["results"]
    initiative = public_world["initiative"]
    assert item["id"] == initiative.pk
    assert item["url"] == "http://testserver/initiatives/jardins-partages-du-saint-georges/"
    assert item["description"] == "Des bacs potagers au pied des immeubles."
    assert item["themes"] == [{"slug": "jardins-partages", "name": "Jardins partagés"}]
    assert item["territory"] == {
        "commune": MARSEILLE,
        "departement": {"code": "13", "name": "Bouches-du-Rhône"},
        "region": {"code": "paca", "name": "Provence-Alpes-Côte d'Azur"},
        "in_qpv": False,
    }
    assert item["lead"] == {"id": public_world["organisation"].pk, "name": initiative.lead.name}
    assert [o["name"] for o in item["co_landlords"]] == ["Groupe des Chalets"]
    assert [o["name"] for o in item["partners"]] == ["La Poste"]
    assert item["indicators"] == [
        {
            "name": "participants",
            "unit": "personnes",
            "baseline": None,
            "target": 30.0,
            "latest": {"date": "2025-03-01", "value": 21.0},
        }
    ]
    assert item["laureate"] is True
    assert item["links"]["api"] == f"http://testserver/api/v1/initiatives/{initiative.pk}"
    assert item["links"]["sheet_pdf"].endswith(f"/initiatives/fiche/{initiative.pk}.pdf")


def test_initiative_detail_is_the_list_item(client, public_world):
    initiative = public_world["initiative"]
    _response, listed = get(client, "initiative-list", landlord=ICF)
    response, body = get(client, "initiative-detail", initiative.pk)
    assert response.status_code == 200
    assert body == listed["results"][0]


def test_the_catalogue_filters_apply(client, public_world, chalets):
    InitiativeFactory(title="Sport en pied d'immeuble", lead=chalets, departement="31")
    assert get(client, "initiative-list", departement="31", count=True)[1]["count"] == 1
    assert get(client, "initiative-list", departement="13", count=True)[1]["count"] == 2
    assert get(client, "initiative-list", theme="jardins-partages", count=True)[1]["count"] == 1
    assert (
        get(client, "initiative-list", landlord="groupe-des-chalets", count=True)[1]["count"] == 3
    )
    assert get(client, "initiative-list", q="potager", count=True)[1]["count"] == 1
    assert get(client, "initiative-list", call="his", count=True)[1]["count"] == 1
    titles = [i["title"] for i in get(client, "initiative-list", sort="title")[1]["results"]]
    assert titles == [
        "Atelier vélo",
        "Jardins partagés du Saint-Georges",
        "Sport en pied d'immeuble",
    ]


def test_without_parameters_the_list_is_the_catalogue_newest_first(client, public_world, chalets):
    """Without any filter parameter the API skips the filter set: the set and its order must
    still be the catalogue's, as with its filters given empty; the same for organisations."""
    older = InitiativeFactory(title="Plus ancienne", lead=chalets)
    Initiative.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=400))
    newest = InitiativeFactory(title="La plus récente", lead=chalets)
    titles = [i["title"] for i in get(client, "initiative-list")[1]["results"]]
    expected = list(
        InitiativeFilter({"q": ""}, queryset=Initiative.objects.public()).qs.values_list(
            "title", flat=True
        )
    )
    assert titles == expected
    assert titles[0] == newest.title
    assert titles[-1] == older.title
    assert len(titles) == Initiative.objects.public().count() == 4
    names = [o["name"] for o in get(client, "organisation-list", page_size=100)[1]["results"]]
    filtered = OrganisationFilter({"q": ""}, queryset=organisation_list()).qs
    assert names == list(filtered.values_list("name", flat=True))
    assert len(names) == Organisation.objects.count() > 2


def test_a_laureate_is_told_only_once_its_calls_results_are_out(client, public_world):
    """The catalogue's `call` filter and laureate flag count decisions not yet announced; the
    API's wait for the results."""
    awaiting = public_world["awaiting_results"]
    _response, body = get(client, "initiative-detail", awaiting.pk)
    assert body["laureate"] is False
    assert get(client, "initiative-detail", public_world["initiative"].pk)[1]["laureate"]
    for slug in ["deliberation", "brouillon"]:
        response, body = get(client, "initiative-list", call=slug)
        assert response.status_code == 400
        assert [error["parameter"] for error in body["errors"]] == ["call"]
    titles = [i["title"] for i in get(client, "initiative-list", call="his")[1]["results"]]
    assert titles == ["Jardins partagés du Saint-Georges"]


def test_updated_since_keeps_what_changed_since(client, public_world):
    initiative = public_world["initiative"]
    since = initiative.updated_at.isoformat()
    assert (
        get(client, "initiative-list", landlord=ICF, updated_since=since, count=True)[1]["count"]
        == 1
    )
    later = (initiative.updated_at.replace(year=initiative.updated_at.year + 1)).isoformat()
    assert (
        get(client, "initiative-list", landlord=ICF, updated_since=later, count=True)[1]["count"]
        == 0
    )


def test_a_filter_refused_is_a_400_naming_it(client, public_world):
    response, body = get(client, "initiative-list", theme="nothing-like-it")
    assert response.status_code == 400
    assert [error["parameter"] for error in body["errors"]] == ["theme"]
    response, body = get(client, "initiative-list", page_size="101")
    assert response.status_code == 400
    assert [error["parameter"] for error in body["errors"]] == ["page_size"]
    response, body = get(client, "initiative-list", updated_since="yesterday")
    assert response.status_code == 400
    assert [error["parameter"] for error in body["errors"]] == ["updated_since"]


def test_ids_too_big_or_not_numbers_are_refused_never_a_500(client, public_world):
    for name in ENDPOINTS:
        for wrong in ["9223372036854775808", "99999999999999999999999", "0", "-1", "abc"]:
            response = client.get(reverse(f"api:{name}-list") + "/" + wrong)
            assert response.status_code == 400, (name, wrong)
            assert response.json()["errors"][0]["parameter"] == "id"
        response = client.get(reverse(f"api:{name}-detail", args=[2**63 - 1]))
        assert response.status_code == 404
        assert response.json() == {"detail": "Introuvable."}


def test_pages_link_to_each_other(client, public_world, icf):
    for number in range(3):
        InitiativeFactory(title=f"Initiative {number}", lead=icf)
    response, body = get(client, "initiative-list", page_size=2, theme="")
    assert body["count"] is None
    assert len(body["results"]) == 2
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/initiatives?page_size=2&theme=&page=2"
    _response, last = get(client, "initiative-list", page_size=2, page=3, count="true")
    assert last["count"] == 5
    assert len(last["results"]) == 1
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/v1/initiatives?page_size=2&page=2&count=true"
    # Exactly one page's worth: no next page (the row read beyond the page is not there).
    _response, whole = get(client, "initiative-list", page_size=5)
    assert len(whole["results"]) == 5
    assert whole["next"] is None
    for page in [4, 2**63 - 1]:  # past the last page, and an offset no database takes
        response, body = get(client, "initiative-list", page_size=100, page=page)
        assert response.status_code == 404
        assert body == {"detail": "Cette page n’existe pas."}
    _response, empty = get(client, "initiative-list", q="introuvable", count="true")
    assert empty == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_meeting_shows_its_approved_restitution_only(client, public_world):
    response, body = get(client, "meeting-detail", public_world["meeting"].pk)
    assert response.status_code == 200
    assert body["name"] == "7e Club Innovation sociale"
    assert body["is_online"] is True
    assert "online_url" not in body
    restitutions = {w["title"]: w["restitution"] for w in body["workshops"]}
    assert restitutions["Intergénérationnel"]["summary"] == "Restitution validée"
    assert restitutions["Souffrance psychique"] is None
    assert [p["name"] for p in body["partners"]] == ["La Poste"]


def test_a_call_shows_its_public_laureates_once_announced(client, public_world):
    _response, body = get(client, "call-detail", public_world["call"].pk)
    (laureate,) = body["laureates"]
    assert laureate["title"] == "Jardins partagés du Saint-Georges"
    assert laureate["amount_awarded"] == 8000.0
    assert laureate["initiative"]["id"] == public_world["initiative"].pk
    _response, body = get(client, "call-detail", public_world["unannounced_call"].pk)
    assert body["laureates"] == []
    assert body["results_published_at"] is None


def test_an_article_links_only_to_what_the_public_sees(client, public_world):
    _response, body = get(client, "article-detail", public_world["article"].pk)
    assert body["meeting"] == {
        "id": public_world["meeting"].pk,
        "name": "7e Club Innovation sociale",
    }
    assert body["call"]["name"] == "Habitat et Initiatives solidaires"
    assert [i["title"] for i in body["initiatives"]] == ["Jardins partagés du Saint-Georges"]
    _response, listed = get(client, "article-list")
    leaky = next(a for a in listed["results"] if a["slug"] == "public")
    assert leaky["meeting"] is None
    assert leaky["call"] is None
    assert leaky["initiatives"] == []


def test_an_organisation_shows_its_residences_without_addresses(client, public_world):
    response, body = get(client, "organisation-detail", public_world["organisation"].pk)
    assert response.status_code == 200
    assert body["residences"] == [
        {"name": "Le Saint-Georges", "commune": MARSEILLE, "dwellings": None, "in_qpv": False}
    ]
    assert get(client, "organisation-list", kind="partner", count=True)[1]["count"] == 1


def test_what_the_public_may_not_see_is_not_found(client, public_world):
    hidden = {
        "initiative-detail": public_world["members_only"],
        "meeting-detail": public_world["draft_meeting"],
        "call-detail": public_world["draft_call"],
        "article-detail": public_world["draft_article"],
    }
    for name, obj in hidden.items():
        response = client.get(reverse(f"api:{name}", args=[obj.pk]))
        assert response.status_code == 404, name


@pytest.mark.parametrize("role", ["anonymous", "alice", "charlie", "staff_user"])
def test_no_members_only_content_in_any_body_whoever_asks(client, request, public_world, role):
    """The API answers everyone the same public set: signed in as a member, an animator or
    staff changes nothing."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    bodies = []
    for name in ENDPOINTS:
        for params in [{}, {"page_size": 100}]:
            response = client.get(reverse(f"api:{name}-list"), params)
            assert response.status_code == 200, name
            bodies.append(response.content.decode())
            for item in response.json()["results"]:
                detail = client.get(reverse(f"api:{name}-detail", args=[item["id"]]))
                assert detail.status_code == 200, name
                bodies.append(detail.content.decode())
    for params in [{"q": "compost"}, {"landlord": "icf-habitat-sud-est-mediterranee"}]:
        bodies.append(client.get(reverse("api:initiative-list"), params).content.decode())
    assert len(bodies) >= 22
    text = "\n".join(bodies)
    for secret in SECRETS:
        assert secret not in text, secret
    assert "Compost" not in text
