"""schema.org JSON-LD in the <head> of public pages: what the page shows, escaped, and nothing
on pages the public does not see."""

import json
import re

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import InitiativeFactory, MeetingFactory, PartnerFactory

HOSTILE = "</script><script>alert(1)</script> & <b>"


def json_ld(content: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.django_db
def test_an_initiative_is_a_project_with_its_landlords_partners_and_place(client, icf, chalets):
    poste = PartnerFactory(name="La Poste")
    initiative = InitiativeFactory(
        title="Jardins du Saint-Georges",
        summary=f"Un jardin. {HOSTILE}",
        lead=icf,
        commune="Marseille",
        start_date="2024-03-01",
    )
    initiative.co_landlords.set([chalets])
    initiative.partners.set([poste])
    content = client.get(initiative.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in content.split("</head>")[0]
    (project,) = json_ld(content)
    assert project["@context"] == "https://schema.org"
    assert project["@type"] == "Project"
    assert project["name"] == "Jardins du Saint-Georges"
    assert project["description"] == f"Un jardin. {HOSTILE}"  # escaped in HTML, intact in JSON
    assert project["url"] == f"http://testserver{initiative.get_absolute_url()}"
    assert project["foundingDate"] == "2024-03-01"
    assert project["parentOrganization"]["name"] == icf.name
    assert [o["name"] for o in project["member"]] == [chalets.name]
    assert [o["name"] for o in project["sponsor"]] == ["La Poste"]
    assert project["location"]["address"]["addressLocality"] == "Marseille"


@pytest.mark.django_db
def test_members_only_initiatives_carry_no_json_ld(client, alice, icf):
    hidden = InitiativeFactory(lead=icf, visibility=Initiative.Visibility.MEMBERS)
    client.force_login(alice)
    assert json_ld(client.get(hidden.get_absolute_url()).content.decode()) == []


@pytest.mark.django_db
def test_a_meeting_is_an_event_with_its_dates_place_and_organisers(client, meeting, icf):
    meeting.venue = "Résidence Saint-Georges"
    meeting.city = "Marseille"
    meeting.save()
    (event,) = json_ld(client.get(meeting.get_absolute_url()).content.decode())
    assert event["@type"] == "Event"
    assert event["name"] == meeting.name
    assert event["startDate"] == meeting.starts_at().isoformat()
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert event["location"]["name"] == "Résidence Saint-Georges"
    assert event["location"]["address"]["addressLocality"] == "Marseille"
    assert [o["name"] for o in event["organizer"]] == [icf.name]


@pytest.mark.django_db
def test_an_online_webinar_is_an_online_event(client):
    webinar = MeetingFactory(
        kind="webinar",
        club=None,
        number=None,
        title="Webinaire QPV",
        is_online=True,
        host=None,
        venue="",
        city="",
        address="",
    )
    (event,) = json_ld(client.get(webinar.get_absolute_url()).content.decode())
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["location"]["@type"] == "VirtualLocation"


@pytest.mark.django_db
def test_an_organisation_is_an_organization(client, icf):
    icf.about = HOSTILE
    icf.website = "https://www.icfhabitat.fr/"
    icf.save()
    url = reverse("landlords:organisation-detail", args=[icf.slug])
    (organisation,) = json_ld(client.get(url).content.decode())
    assert organisation["@type"] == "Organization"
    assert organisation["name"] == icf.name
    assert organisation["sameAs"] == "https://www.icfhabitat.fr/"
    assert organisation["description"] == HOSTILE
