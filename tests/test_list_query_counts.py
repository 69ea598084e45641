"""List pages cost the same number of queries for one item and for many (no query per row)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clubs.models import Meeting, Registration
from initiatives.models import CallForProjects, Resource
from tests.factories import (
    ApplicationFactory,
    InitiativeFactory,
    MeetingFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.queries import page_queries


def same_cost(client, url, add, *, first: str, last: str):
    add(0)
    one, content = page_queries(client, url)
    assert first in content
    for number in range(1, 12):
        add(number)
    many, content = page_queries(client, url)
    assert last in content
    assert one == many


@pytest.mark.django_db
def test_club_page_costs_the_same_for_one_and_many_meetings(client, club):
    def add(number):
        MeetingFactory(
            club=club,
            number=100 + number,
            date=datetime.date(2020, 1, 9) + datetime.timedelta(days=30 * number),
            status=Meeting.Status.HELD,
            host=OrganisationFactory(),
        )
        MeetingFactory(club=club, number=200 + number, host=OrganisationFactory())

    same_cost(
        client,
        reverse("clubs:club-detail", args=[club.slug]),
        add,
        first="100e Club Innovation sociale",
        last="111e Club Innovation sociale",
    )


@pytest.mark.django_db
def test_my_registrations_cost_the_same_for_one_and_many(client, alice, club):
    client.force_login(alice)

    def add(number):
        meeting = MeetingFactory(club=club, number=300 + number, host=OrganisationFactory())
        Registration.objects.create(meeting=meeting, user=alice, status="confirmed")

    same_cost(
        client,
        reverse("clubs:my-registrations"),
        add,
        first="300e Club",
        last="311e Club",
    )


@pytest.mark.django_db
def test_approval_queue_costs_the_same_for_one_and_many(client, charlie):
    client.force_login(charlie)

    def add(number):
        UserFactory(
            full_name=f"Candidate {number:02d}",
            organisation=OrganisationFactory(),
            is_approved=False,
        )

    same_cost(
        client,
        reverse("landlords:approval-queue"),
        add,
        first="Candidate 00",
        last="Candidate 11",
    )


@pytest.mark.django_db
def test_toolbox_costs_the_same_for_one_and_many_resources(client, alice):
    client.force_login(alice)

    def add(number):
        resource = Resource.objects.create(
            title=f"Guide {number:02d}", kind="link", url="https://example.org", added_by=alice
        )
        resource.themes.add(ThemeFactory())

    same_cost(client, reverse("initiatives:toolbox"), add, first="Guide 00", last="Guide 11")


@pytest.mark.django_db
def test_calls_for_projects_cost_the_same_for_one_and_many(client):
    def add(number):
        call = CallForProjects.objects.create(
            organiser=OrganisationFactory(),
            title=f"Appel {number:02d}",
            slug=f"appel-{number}",
            status=CallForProjects.Status.OPEN,
        )
        call.themes.add(ThemeFactory())

    same_cost(client, reverse("initiatives:call-list"), add, first="Appel 00", last="Appel 11")


@pytest.mark.django_db
def test_call_page_costs_the_same_for_one_and_many_laureates(client):
    call = CallForProjects.objects.create(
        organiser=OrganisationFactory(),
        title="Habitat et Initiatives solidaires",
        slug="his",
        status=CallForProjects.Status.DECIDED,
        results_published_at=timezone.now(),
    )

    def add(number):
        initiative = InitiativeFactory(title=f"Lauréate {number:02d}", lead=OrganisationFactory())
        ApplicationFactory(call=call, initiative=initiative, status="laureate", amount_awarded=1000)

    same_cost(
        client,
        reverse("initiatives:call-detail", args=[call.slug]),
        add,
        first="Lauréate 00",
        last="Lauréate 11",
    )


@pytest.mark.django_db
def test_catalogue_export_costs_the_same_for_one_and_many_initiatives(client, alice):
    """The CSV reads every row it writes: one query per list, none per row."""
    client.force_login(alice)

    def add(number):
        initiative = InitiativeFactory(
            title=f"Export {number:02d}", lead=OrganisationFactory(), themes=[ThemeFactory()]
        )
        initiative.co_landlords.add(OrganisationFactory())
        initiative.partners.add(OrganisationFactory(kind="partner", family=""))

    same_cost(
        client,
        reverse("initiatives:export", args=["csv"]),
        add,
        first="Export 00",
        last="Export 11",
    )
