"""Each list costs the same queries for one item and for many, and never more than 12, whatever
the page's size (the goal of `make bench`)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Meeting, SessionLog, Workshop
from initiatives.models import CallForProjects, Indicator, Measurement
from landlords.models import Residence
from news.models import Article
from places.selectors import commune_named
from tests.factories import (
    ApplicationFactory,
    InitiativeFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnerFactory,
    ThemeFactory,
)
from tests.queries import page_queries

pytestmark = pytest.mark.django_db

MOST = 12


def add_initiative(number):
    lead = OrganisationFactory()
    initiative = InitiativeFactory(
        title=f"Initiative numéro {number}", lead=lead, themes=[ThemeFactory()]
    )
    initiative.co_landlords.add(OrganisationFactory())
    initiative.partners.add(PartnerFactory())
    indicator = Indicator.objects.create(initiative=initiative, name="participants", target=9)
    Measurement.objects.create(indicator=indicator, date=datetime.date(2025, 1, 1), value=3)
    ApplicationFactory(
        call=CallForProjects.objects.get_or_create(
            slug="his", defaults={"organiser": lead, "title": "HIS", "status": "open"}
        )[0],
        initiative=initiative,
        status="laureate",
    )


def add_organisation(number):
    organisation = OrganisationFactory(name=f"Bailleur numéro {number}")
    Residence.objects.create(landlord=organisation, name="Les Pins", commune=commune_named("Nice"))


def add_meeting(number):
    meeting = MeetingFactory(
        number=100 + number, date=datetime.date(2024, 1, 1), status=Meeting.Status.HELD
    )
    meeting.partners.add(PartnerFactory())
    meeting.co_organisers.add(PartnerFactory())
    workshop = Workshop.objects.create(meeting=meeting, title="Atelier", theme=ThemeFactory())
    SessionLog.objects.create(
        workshop=workshop,
        author=workshop.meeting.host.members.create(email=f"r{number}@example.org"),
        summary="Validée",
        status=SessionLog.Status.APPROVED,
        approved_at=timezone.now(),
    )


def add_call(number):
    call = CallForProjects.objects.create(
        organiser=OrganisationFactory(),
        title=f"Appel numéro {number}",
        slug=f"appel-{number}",
        status="decided",
        results_published_at=timezone.now(),
    )
    call.themes.add(ThemeFactory())
    laureate = ApplicationFactory(call=call, status="laureate", amount_awarded=100)
    laureate.co_applicants.add(OrganisationFactory())
    ApplicationFactory(call=call, initiative=InitiativeFactory(), status="laureate")


def add_article(number):
    article = Article.objects.create(
        title=f"Article numéro {number}",
        slug=f"article-{number}",
        text="Texte.",
        status="published",
        meeting=MeetingFactory(number=200 + number),
        call=CallForProjects.objects.create(
            organiser=OrganisationFactory(), title="Appel", slug=f"c-{number}", status="open"
        ),
    )
    article.initiatives.add(InitiativeFactory())


LISTS = {
    "initiative-list": (add_initiative, "Initiative numéro"),
    "organisation-list": (add_organisation, "Bailleur numéro"),
    "meeting-list": (add_meeting, '"workshops"'),
    "call-list": (add_call, "Appel numéro"),
    "article-list": (add_article, "Article numéro"),
}


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_costs_the_same_for_one_and_for_a_hundred_items(client, name):
    add, shown = LISTS[name]
    url = reverse(f"api:{name}")
    add(0)
    one, content = page_queries(client, url + "?page_size=100")
    assert shown in content
    for number in range(1, 12):
        add(number)
    many, content = page_queries(client, url + "?page_size=100")
    assert content.count(shown) >= 12
    assert one == many
    assert many <= MOST
    small, _content = page_queries(client, url + "?page_size=2")
    assert small == many


def test_the_filtered_catalogue_stays_within_the_goal(client, gardens):
    for number in range(5):
        add_initiative(number)
    url = reverse("api:initiative-list")
    count, _content = page_queries(
        client, url + "?q=initiative&theme=jardins-partages&departement=13&sort=title&page_size=100"
    )
    assert count <= MOST
