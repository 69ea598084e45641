"""/donnees/: the public initiatives and the organisations as CSV and JSON with one data
dictionary, the catalogue's filters, never a members-only initiative."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative
from reports.open_data import initiative_columns
from tests.factories import InitiativeFactory, OrganisationFactory, PartnerFactory, ThemeFactory

HOSTILE = '=HYPERLINK("http://evil") <script>alert(1)</script>'


def file_of(client, dataset, fmt, **params):
    response = client.get(reverse("reports:open-data-file", args=[dataset, fmt]), params)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8-sig")


@pytest.fixture
def published(icf, chalets, gardens):
    sport = ThemeFactory(name="Sport", slug="sport")
    garden = InitiativeFactory(
        title="Jardins du Saint-Georges", lead=icf, themes=[gardens], departement="13"
    )
    garden.co_landlords.set([chalets])
    football = InitiativeFactory(
        title=f"Tournoi {HOSTILE}",
        summary=HOSTILE,
        lead=chalets,
        themes=[sport],
        departement="31",
    )
    InitiativeFactory(
        title="Projet réservé aux membres", lead=icf, visibility=Initiative.Visibility.MEMBERS
    )
    return garden, football


@pytest.mark.django_db
def test_the_json_has_metadata_and_the_public_initiatives_only(client, alice, published):
    client.force_login(alice)  # a member's download holds no more than a visitor's
    response, text = file_of(client, "initiatives", "json")
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(text)
    assert document["metadata"]["licence"] == "Licence Ouverte 2.0 (Etalab)"
    assert document["metadata"]["extracted_at"]
    titles = {row["title"] for row in document["data"]}
    assert titles == {"Jardins du Saint-Georges", f"Tournoi {HOSTILE}"}
    garden = next(row for row in document["data"] if row["departement"] == "13")
    assert garden["co_landlords"] == ["Groupe des Chalets"]
    assert garden["themes"] == ["jardins-partages"]
    assert garden["laureate"] is False
    assert garden["url"].startswith("http://testserver/initiatives/")
    assert list(garden) == [column.name for column in initiative_columns(str)]


@pytest.mark.django_db
def test_the_csv_has_the_same_columns_with_formulas_neutralised(client, published):
    _, text = file_of(client, "initiatives", "csv")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [column.name for column in initiative_columns(str)]
    assert len(rows) == 3
    titles = {row[2] for row in rows[1:]}
    assert titles == {
        "Jardins du Saint-Georges",
        f"Tournoi {HOSTILE}",
    }  # not a formula: starts with T
    cells = [cell for row in rows for cell in row]
    assert "Groupe des Chalets" in cells
    assert f"'{HOSTILE}" in cells  # a summary starting with "=" is text, not a formula
    assert "Projet réservé aux membres" not in text


@pytest.mark.django_db
def test_the_files_take_the_catalogues_filters(client, published):
    _, text = file_of(client, "initiatives", "json", departement="31", utm_source="x")
    document = json.loads(text)
    assert [row["title"] for row in document["data"]] == [f"Tournoi {HOSTILE}"]
    assert document["metadata"]["filters"] == {"departement": "31"}


@pytest.mark.django_db
def test_organisations_are_open_data_too(client, published, icf):
    _, text = file_of(client, "organisations", "json")
    names = {row["name"] for row in json.loads(text)["data"]}
    assert icf.name in names


@pytest.mark.django_db
def test_the_page_lists_the_files_and_the_dictionary(client):
    content = client.get(reverse("reports:open-data")).content.decode()
    assert "Licence Ouverte 2.0" in content
    assert reverse("reports:open-data-file", args=["initiatives", "csv"]) in content
    assert reverse("reports:open-data-file", args=["organisations", "json"]) in content
    assert "<code>departement</code>" in content
    assert '<th scope="col">' in content


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["initiatives.xml", "members.csv", "users.json"])
def test_unknown_files_are_404(client, path):
    dataset, fmt = path.split(".")
    assert client.get(reverse("reports:open-data-file", args=[dataset, fmt])).status_code == 404


def queries_of_file(client, dataset, fmt) -> int:
    """The queries of a download, read to its end (the JSON streams its rows)."""
    with CaptureQueriesContext(connection) as captured:
        file_of(client, dataset, fmt)
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("dataset", ["initiatives", "organisations"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_file_costs_the_same_queries_for_one_row_or_many(client, icf, gardens, dataset, fmt):
    InitiativeFactory(lead=icf, themes=[gardens])
    one = queries_of_file(client, dataset, fmt)
    for number in range(8):
        other = OrganisationFactory(name=f"Bailleur {number}")
        initiative = InitiativeFactory(lead=other, themes=[gardens])
        initiative.co_landlords.set([icf])
        initiative.partners.set([PartnerFactory(name=f"Partenaire {number}")])
    assert queries_of_file(client, dataset, fmt) == one
