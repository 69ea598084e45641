"""The bilans overdue in the members' area: staff and the members of the call's organiser see
each laureate late, linking to the call's bilans board; nobody else does."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from clubs.inbox import inbox_counts
from initiatives.models import Application, Assessment
from tests.calls.conftest import days
from tests.factories import InitiativeFactory, OrganisationFactory, UserFactory
from tests.queries import page_queries

DASHBOARD_URL = reverse("clubs:dashboard")
HEADING = "Bilans overdue"


def french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 200
    return response.content.decode()


def bilans_group(content: str) -> str:
    return content.split('id="inbox-bilans"')[1].split("</section>", maxsplit=1)[0]


@pytest.fixture
def late_laureate(laureate):
    """The intermediate bilan was due five days ago."""
    Application.objects.filter(pk=laureate.pk).update(intermediate_bilan_due_on=days(-5))
    laureate.refresh_from_db()
    return laureate


def more_late_laureates(call, count: int) -> None:
    for number in range(count):
        lead = OrganisationFactory()
        application = Application.objects.create(
            call=call,
            applicant=lead,
            created_by=UserFactory(organisation=lead),
            title=f"Projet en retard {number}",
            status=Application.Status.LAUREATE,
            initiative=InitiativeFactory(lead=lead),
            intermediate_bilan_due_on=days(-20),
            bilan_due_on=days(-1),
        )
        application.co_applicants.set([OrganisationFactory()])


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["staff_user", "bob"])
def test_staff_and_the_organisers_members_see_the_laureate_late_linking_to_the_board(
    client, request, late_laureate, name
):
    group = bilans_group(dashboard(client, request.getfixturevalue(name)))
    assert french(HEADING) in group
    assert reverse("initiatives:call-bilans", args=[late_laureate.call.slug]) in group
    assert late_laureate.title in group
    assert "Wimoov" in group
    assert '<span class="badge">1</span>' in group


@pytest.mark.django_db
def test_the_header_count_of_staff_counts_the_bilans_overdue(client, staff_user, late_laureate):
    assert inbox_counts(staff_user)["bilans_overdue"] == 1
    assert '<span class="todo-count">1</span>' in dashboard(client, staff_user)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["paul", "alice", "olga", "judith", "charlie"])
def test_the_laureate_the_jury_and_other_organisations_see_no_bilan_overdue(
    client, request, late_laureate, name
):
    user = request.getfixturevalue(name)
    content = dashboard(client, user)
    assert 'id="inbox-bilans"' not in content
    assert "bilans_overdue" not in inbox_counts(user)


@pytest.mark.django_db
def test_a_bilan_received_or_not_yet_due_is_not_overdue(client, bob, staff_user, laureate):
    content = dashboard(client, bob)
    assert 'id="inbox-title"' not in content  # an organiser's member has no inbox otherwise
    Application.objects.filter(pk=laureate.pk).update(intermediate_bilan_due_on=days(-5))
    Assessment.objects.create(
        initiative=laureate.initiative,
        application=laureate,
        call=laureate.call,
        kind=Assessment.Kind.INTERMEDIATE,
        date=days(-1),
        text="Reçu un peu tard.",
        author=laureate.created_by,
    )
    assert 'id="inbox-bilans"' not in dashboard(client, bob)
    assert 'id="inbox-bilans"' not in dashboard(client, staff_user)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["staff_user", "bob"])
def test_the_bilans_overdue_cost_the_same_for_one_and_many(client, request, late_laureate, name):
    client.force_login(request.getfixturevalue(name))
    one, content = page_queries(client, DASHBOARD_URL)
    assert bilans_group(content).count("<li>") == 1
    more_late_laureates(late_laureate.call, 5)
    many, content = page_queries(client, DASHBOARD_URL)
    assert bilans_group(content).count("<li>") == 6
    assert one == many
