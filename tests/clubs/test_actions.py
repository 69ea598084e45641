"""Follow-up actions: the club's list for members, and their status moved along by the owner
organisation's members and the club's animators."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clubs import services
from clubs.models import Action, SessionLog, Workshop
from tests.factories import ClubFactory, MeetingFactory, UserFactory


@pytest.fixture
def meeting(meeting):
    """The shared meeting, moved to last week: restitutions are written once it took place."""
    meeting.date = timezone.localdate() - datetime.timedelta(days=7)
    meeting.save()
    return meeting


def list_url(club):
    return reverse("clubs:action-list", args=[club.slug])


def status_url(action):
    return reverse("clubs:action-status", args=[action.pk])


def rows(content: str) -> str:
    """The table body of the list (empty when there is no action)."""
    return content.partition("<tbody>")[2].partition("</tbody>")[0]


@pytest.fixture
def log(workshop, rita, charlie):
    """The approved restitution of the workshop."""
    log = services.session_log_save(actor=rita, workshop=workshop, summary="Synthèse")
    log = services.session_log_submit(actor=rita, log=log)
    return services.session_log_approve(actor=charlie, log=log)


def add_action(log, owner, title="Recenser les CMP partenaires", **kwargs):
    return Action.objects.create(
        session_log=log, meeting=log.workshop.meeting, owner=owner, title=title, **kwargs
    )


@pytest.fixture
def icf_action(log, icf):
    """An open action owned by ICF Habitat, due at the end of June."""
    return add_action(log, icf, due_date=datetime.date(2030, 6, 30))


# --- The list ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "staff_user"])
def test_members_see_the_open_actions_with_their_owner_and_due_date(
    client, request, role, club, icf_action, workshop
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(list_url(club))
    assert response.status_code == 200
    table = rows(response.content.decode())
    assert "Recenser les CMP partenaires" in table
    assert "ICF Habitat Sud-Est Méditerranée" in table
    assert '<time datetime="2030-06-30">30 juin 2030</time>' in table
    assert reverse("clubs:session-log", args=[workshop.pk]) in table
    assert "Résidences et souffrance psychique" in table
    assert "8e Club Innovation sociale" in table


@pytest.mark.django_db
def test_done_and_dropped_actions_are_shown_only_on_request(client, alice, club, log, icf):
    add_action(log, icf, "À faire", status=Action.Status.OPEN)
    add_action(log, icf, "En route", status=Action.Status.IN_PROGRESS)
    add_action(log, icf, "Terminée", status=Action.Status.DONE)
    add_action(log, icf, "Abandonnée", status=Action.Status.DROPPED)
    client.force_login(alice)
    table = rows(client.get(list_url(club)).content.decode())
    assert "À faire" in table
    assert "En route" in table
    assert "Terminée" not in table
    assert "Abandonnée" not in table
    table = rows(client.get(list_url(club), {"toutes": "1"}).content.decode())
    assert all(title in table for title in ("À faire", "En route", "Terminée", "Abandonnée"))


@pytest.mark.django_db
def test_a_late_action_is_flagged(client, alice, club, log, icf):
    add_action(log, icf, "En retard", due_date=datetime.date(2020, 1, 31))
    client.force_login(alice)
    table = rows(client.get(list_url(club)).content.decode())
    assert '<span class="badge badge-warning">' in table


@pytest.mark.parametrize(
    ("due_date", "status", "late"),
    [
        (datetime.date(2026, 3, 1), Action.Status.OPEN, True),
        (datetime.date(2026, 3, 1), Action.Status.IN_PROGRESS, True),
        (datetime.date(2026, 3, 1), Action.Status.DONE, False),
        (datetime.date(2026, 3, 1), Action.Status.DROPPED, False),
        (datetime.date(2026, 3, 2), Action.Status.OPEN, False),  # due today
        (None, Action.Status.OPEN, False),
    ],
)
def test_an_action_is_late_past_its_due_date_in_paris_until_done_or_dropped(
    monkeypatch, due_date, status, late
):
    # 23:30 UTC on 1 March is already 2 March in Paris: the portal's day decides.
    moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    assert Action(title="Un guide", due_date=due_date, status=status).is_late is late


@pytest.mark.django_db
def test_an_action_of_another_club_is_not_listed(client, alice, rita, club, icf_action, icf):
    other_club = ClubFactory(name="Club Occitanie", slug="occitanie")
    other_meeting = MeetingFactory(club=other_club, number=3)
    other_workshop = Workshop.objects.create(meeting=other_meeting, title="Jardins partagés")
    other_log = SessionLog.objects.create(
        workshop=other_workshop,
        author=rita,
        summary="Ailleurs",
        status="approved",
        approved_at=timezone.now(),
    )
    add_action(other_log, icf, "Action toulousaine")
    client.force_login(alice)
    table = rows(client.get(list_url(club)).content.decode())
    assert "Recenser les CMP partenaires" in table
    assert "Action toulousaine" not in table
    assert "Jardins partagés" not in table
    other_table = rows(client.get(list_url(other_club)).content.decode())
    assert "Action toulousaine" in other_table
    assert "Recenser les CMP partenaires" not in other_table


@pytest.mark.django_db
def test_a_club_without_actions_shows_an_empty_page_without_a_table(client, alice, club):
    client.force_login(alice)
    content = client.get(list_url(club)).content.decode()
    assert rows(content) == ""
    assert "<table" not in content


@pytest.mark.django_db
def test_anonymous_visitor_is_asked_to_sign_in_for_the_actions(client, club, icf_action):
    response = client.get(list_url(club))
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={list_url(club)}"


@pytest.mark.django_db
def test_an_account_awaiting_approval_does_not_see_the_actions(client, unapproved, club):
    client.force_login(unapproved)
    assert client.get(list_url(club)).url == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
def test_unknown_club_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("clubs:action-list", args=["inconnu"])).status_code == 404


@pytest.mark.django_db
def test_actions_of_a_restitution_still_in_draft_are_not_shown_to_members(
    client, alice, rita, club, workshop, icf
):
    services.session_log_save(
        actor=rita,
        workshop=workshop,
        summary="Brouillon",
        actions=[{"title": "Idée pas encore validée", "owner": icf}],
    )
    client.force_login(alice)
    assert client.get(reverse("clubs:session-log", args=[workshop.pk])).status_code == 404
    assert "Idée pas encore validée" not in rows(client.get(list_url(club)).content.decode())


# --- Who may update the status -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "edith", "charlie", "staff_user"])
def test_owner_members_animators_and_staff_get_the_status_form(
    client, request, role, club, icf_action
):
    client.force_login(request.getfixturevalue(role))
    table = rows(client.get(list_url(club)).content.decode())
    assert f'action="{status_url(icf_action)}"' in table
    assert '<option value="open" selected>À faire</option>' in table


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bob", "rita"])
def test_members_of_another_organisation_see_the_status_without_a_form(
    client, request, role, club, icf_action
):
    client.force_login(request.getfixturevalue(role))
    table = rows(client.get(list_url(club)).content.decode())
    assert status_url(icf_action) not in table
    assert "<select" not in table
    assert "À faire" in table


@pytest.mark.django_db
def test_a_member_of_the_owner_organisation_moves_the_action_along(client, alice, club, icf_action):
    client.force_login(alice)
    response = client.post(status_url(icf_action), {"status": "in_progress"}, follow=True)
    assert response.redirect_chain == [(list_url(club), 302)]
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.IN_PROGRESS
    content = response.content.decode()
    assert "Recenser les CMP partenaires" in content
    assert '<option value="in_progress" selected>En cours</option>' in rows(content)
    assert icf_action.history.latest().history_user == alice


@pytest.mark.django_db
def test_a_done_action_leaves_the_open_list(client, alice, club, icf_action):
    client.force_login(alice)
    response = client.post(status_url(icf_action), {"status": "done"}, follow=True)
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.DONE
    assert "Recenser les CMP partenaires" not in rows(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_update_an_action_of_any_organisation(
    client, request, role, icf_action
):
    client.force_login(request.getfixturevalue(role))
    client.post(status_url(icf_action), {"status": "dropped"})
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.DROPPED


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bob", "rita"])
def test_a_member_of_another_organisation_may_not_update_the_status(
    client, request, role, icf_action
):
    client.force_login(request.getfixturevalue(role))
    assert client.post(status_url(icf_action), {"status": "done"}).status_code == 403
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.OPEN


@pytest.mark.django_db
def test_the_animator_of_another_club_may_not_update_the_status(client, icf_action):
    other_animator = UserFactory(email="olga@example.org", full_name="Olga Ailleurs")
    ClubFactory(name="Club Occitanie", slug="occitanie").animators.add(other_animator)
    client.force_login(other_animator)
    assert client.post(status_url(icf_action), {"status": "done"}).status_code == 403
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.OPEN


@pytest.mark.django_db
def test_anonymous_visitor_may_not_update_the_status(client, icf_action):
    response = client.post(status_url(icf_action), {"status": "done"})
    assert response.url.startswith(reverse("account_login"))
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.OPEN


@pytest.mark.django_db
def test_an_unknown_status_is_refused_with_a_message(client, alice, icf_action):
    client.force_login(alice)
    response = client.post(status_url(icf_action), {"status": "forgotten"}, follow=True)
    assert "Choisissez un statut dans la liste." in response.content.decode()
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.OPEN


@pytest.mark.django_db
def test_the_status_is_changed_by_post_only(client, alice, icf_action):
    client.force_login(alice)
    assert client.get(status_url(icf_action), {"status": "done"}).status_code == 405
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.OPEN


@pytest.mark.django_db
def test_the_service_refuses_an_unknown_status_and_an_outsider(alice, bob, icf_action):
    with pytest.raises(ValidationError):
        services.action_set_status(actor=alice, action=icf_action, status="forgotten")
    with pytest.raises(PermissionDenied):
        services.action_set_status(actor=bob, action=icf_action, status="done")
    icf_action.refresh_from_db()
    assert icf_action.status == Action.Status.OPEN


# --- Queries -----------------------------------------------------------------------------------


def count_queries(client, club) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(list_url(club))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        "alice",
        "bob",
        "charlie",
    ],
)
def test_the_actions_page_costs_the_same_queries_for_1_and_20_actions(
    client, request, role, club, log, icf
):
    client.force_login(request.getfixturevalue(role))
    add_action(log, icf, "Action 0")
    client.get(list_url(club))  # warm the session and the caches
    one = count_queries(client, club)
    for number in range(1, 20):
        add_action(log, icf, f"Action {number}")
    assert rows(client.get(list_url(club)).content.decode()).count("<tr>") == 20
    assert count_queries(client, club) == one


@pytest.mark.django_db
def test_an_action_added_in_the_admin_to_a_restitution_is_of_its_meeting(client, log, icf):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:clubs_sessionlog_change", args=[log.pk])
    data = {
        "workshop": log.workshop_id,
        "author": log.author_id,
        "summary": log.summary,
        "key_findings": "",
        "proposals": "",
        "status": log.status,
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-0-title": "Écrire le guide",
        "actions-0-owner": icf.pk,
        "actions-0-status": "open",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    action = Action.objects.get(title="Écrire le guide")
    assert (action.session_log, action.meeting) == (log, log.workshop.meeting)
