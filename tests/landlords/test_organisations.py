import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clubs.models import Meeting
from landlords.models import Organisation, Residence
from places.selectors import commune_named
from tests.factories import MeetingFactory, OrganisationFactory, PartnerFactory, region

LIST_URL = reverse("landlords:organisation-list")
ROLES = [None, "unapproved", "alice", "bob", "charlie", "staff_user"]


def detail_url(organisation):
    return reverse("landlords:organisation-detail", args=[organisation.slug])


@pytest.fixture
def directory(icf, chalets):
    icf.regions.set([region("paca")])
    chalets.regions.set([region("occitanie")])
    chalets.family = "coop"
    chalets.save()
    la_poste = PartnerFactory(name="La Poste", slug="la-poste", departement="")
    return {"icf": icf, "chalets": chalets, "la_poste": la_poste}


def names_in(content):
    return [name for name in ("ICF Habitat", "Groupe des Chalets", "La Poste") if name in content]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROLES)
def test_everyone_browses_organisations(client, request, directory, name):
    if name:
        client.force_login(request.getfixturevalue(name))
    content = client.get(LIST_URL).content.decode()
    assert names_in(content) == ["ICF Habitat", "Groupe des Chalets", "La Poste"]
    assert f"{Organisation.objects.count()} organismes" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "partner"}, ["La Poste"]),
        ({"kind": "landlord"}, ["ICF Habitat", "Groupe des Chalets"]),
        ({"family": "coop"}, ["Groupe des Chalets"]),
        ({"region": "occitanie"}, ["Groupe des Chalets"]),
        ({"departement": "13"}, ["ICF Habitat"]),
        ({"q": "chalets"}, ["Groupe des Chalets"]),
        ({"q": "CHALET"}, ["Groupe des Chalets"]),  # case and the plural forgiven
        ({"q": "grou"}, ["Groupe des Chalets"]),  # a half-typed word
        ({"kind": "landlord", "region": "paca"}, ["ICF Habitat"]),
    ],
)
def test_organisations_are_filtered_by_kind_family_region_and_departement(
    client, directory, params, expected
):
    content = client.get(LIST_URL, params).content.decode()
    assert names_in(content) == expected


@pytest.mark.django_db
def test_unknown_filter_value_says_so_beside_the_field(client, directory):
    content = client.get(LIST_URL, {"kind": "castle"}).content.decode()
    assert 'id="id_kind_error"' in content


@pytest.mark.django_db
def test_organisation_list_is_paginated_and_pages_keep_the_filters(client):
    for number in range(25):
        OrganisationFactory(name=f"Office {number:02}", slug=f"office-{number}", departement="31")
    content = client.get(LIST_URL, {"departement": "31"}).content.decode()
    assert "25 organismes" in content
    assert "Office 19" in content
    assert "Office 20" not in content
    assert 'href="?departement=31&amp;page=2"' in content
    content = client.get(LIST_URL, {"departement": "31", "page": 2}).content.decode()
    assert "Office 20" in content
    assert "Page 2 sur 2" in content


@pytest.mark.django_db
def test_organisation_list_query_count_is_the_same_for_1_and_50_rows(client):
    def with_residence(number):
        organisation = OrganisationFactory()
        organisation.regions.set([region("paca"), region("corse")])
        Residence.objects.create(
            landlord=organisation, name=f"R{number}", commune=commune_named("Nice")
        )

    with_residence(0)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST_URL)
    for number in range(1, 20):
        with_residence(number)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST_URL)
    assert "20 organismes" in response.content.decode()
    assert len(many) == len(one)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROLES)
def test_organisation_page_shows_about_residences_and_hosted_meetings(
    client, request, icf, club, name
):
    icf.about = "Filiale d'ICF Habitat, créée en 1927 par la SNCF."
    icf.dwellings = 18000
    icf.website = "https://www.icfhabitat.fr"
    icf.save()
    Residence.objects.create(
        landlord=icf, name="Le Saint-Georges", commune=commune_named("Marseille"), in_qpv=True
    )
    MeetingFactory(
        club=club, number=7, host=icf, date=datetime.date(2023, 6, 19), title="Résidences dédiées"
    )
    MeetingFactory(club=club, number=9, host=icf, status=Meeting.Status.DRAFT, title="Brouillon")
    if name:
        client.force_login(request.getfixturevalue(name))
    content = client.get(detail_url(icf)).content.decode()
    assert "<h1>ICF Habitat Sud-Est Méditerranée</h1>" in content
    assert "créée en 1927 par la SNCF" in content
    assert re.search(r"<dd>18\s000</dd>", content)
    assert 'href="https://www.icfhabitat.fr"' in content
    assert '<th scope="row">Le Saint-Georges</th>' in content
    assert "7e Club Innovation sociale" in content
    assert "19 juin 2023" in content
    assert "Brouillon" not in content


@pytest.mark.django_db
def test_unknown_organisation_is_404(client):
    assert client.get(reverse("landlords:organisation-detail", args=["nowhere"])).status_code == 404


@pytest.mark.django_db
def test_organisation_text_is_escaped(client):
    evil = OrganisationFactory(
        name="<script>alert(1)</script>", slug="evil", about='<img src=x onerror="alert(2)">'
    )
    for url in (LIST_URL, detail_url(evil)):
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert '<img src=x onerror="alert(2)">' not in content


@pytest.mark.django_db
def test_organisation_detail_query_count_does_not_grow_with_residences_and_meetings(
    client, icf, club
):
    Residence.objects.create(landlord=icf, name="R0", commune=commune_named("Nice"))
    MeetingFactory(club=club, host=icf)
    with CaptureQueriesContext(connection) as one:
        client.get(detail_url(icf))
    for number in range(1, 10):
        Residence.objects.create(landlord=icf, name=f"R{number}", commune=commune_named("Nice"))
        MeetingFactory(club=club, host=icf)
    with CaptureQueriesContext(connection) as many:
        client.get(detail_url(icf))
    assert len(many) == len(one)
