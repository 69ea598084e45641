"""After the event, a flash meeting's next step becomes a follow-up action carried by one of the
two organisations: on the meeting's page, in the owner's member space, in the reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from clubs import flash
from clubs.models import Action, FlashMeeting, FlashSession, Meeting, Registration
from clubs.selectors import club_actions
from notices.services import send_action_reminders
from tests.clubs.test_flash import fr
from tests.factories import ClubFactory, PartnerFactory, UserFactory


@pytest.fixture
def held(db):
    """An event that took place last week, with one published flash meeting Ana × Basile."""
    event = Meeting.objects.create(
        kind=Meeting.Kind.EVENT,
        title="Rencontres ESS Logement et habitat",
        date=timezone.localdate() - datetime.timedelta(days=7),
        city="Nîmes",
        status=Meeting.Status.PUBLISHED,
    )
    people = {}
    for name in ("Ana", "Basile", "Chloé"):
        organisation = PartnerFactory(name=f"Structure de {name}", slug=f"structure-{name.lower()}")
        people[name] = UserFactory(
            email=f"{name.lower()}@example.org", full_name=name, organisation=organisation
        )
        Registration.objects.create(meeting=event, user=people[name], status="confirmed")
    session = FlashSession.objects.create(
        meeting=event, status=FlashSession.Status.PUBLISHED, rounds=2, tables=2
    )
    profiles = {
        name: session.profiles.create(user=user, available_rounds=[1, 2])
        for name, user in people.items()
    }
    first, second = sorted((profiles["Ana"], profiles["Basile"]), key=lambda p: p.pk)
    meeting = FlashMeeting.objects.create(
        session=session, first=first, second=second, round=2, table=1
    )
    return {"event": event, "people": people, "meeting": meeting}


def url(held, name="clubs:flash-followup"):
    return reverse(name, args=[held["event"].pk, held["meeting"].pk])


@pytest.mark.django_db
def test_a_side_writes_a_next_step_it_becomes_an_action_of_the_chosen_organisation(client, held):
    ana, basile = held["people"]["Ana"], held["people"]["Basile"]
    client.force_login(ana)
    due = held["event"].date + datetime.timedelta(days=60)
    response = client.post(
        url(held),
        {
            "title": "Visiter le jardin partagé de Basile",
            "owner": basile.organisation.pk,
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.title, action.owner, action.due_date) == (
        "Visiter le jardin partagé de Basile",
        basile.organisation,
        due,
    )
    assert (action.meeting, action.flash_meeting, action.session_log) == (
        held["event"],
        held["meeting"],
        None,
    )
    assert action.history.get().history_user == ana
    # Both sides read it on the meeting's page; Basile's organisation has it in its space.
    client.force_login(basile)
    page = client.get(url(held)).content.decode()
    assert "Visiter le jardin partagé de Basile" in page
    space = client.get(reverse("clubs:dashboard")).content.decode()
    assert "Visiter le jardin partagé de Basile" in space
    assert action.get_absolute_url() in space


@pytest.mark.django_db
def test_bad_input_is_told_beside_the_field_and_nothing_is_saved(client, held):
    chloe = held["people"]["Chloé"]
    client.force_login(held["people"]["Ana"])
    too_early = held["event"].date - datetime.timedelta(days=1)
    response = client.post(
        url(held), {"title": "Un guide", "owner": "", "due_date": too_early.isoformat()}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["owner"] == [fr("Choose one of the two organisations that met.")]
    assert 'value="Un guide"' in response.content.decode()
    # An organisation that did not meet is not a choice, whatever is posted.
    response = client.post(url(held), {"title": "Un guide", "owner": chloe.organisation.pk})
    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    response = client.post(
        url(held),
        {
            "title": "Un guide",
            "owner": held["people"]["Ana"].organisation.pk,
            "due_date": too_early.isoformat(),
        },
    )
    assert response.context["form"].errors["due_date"] == [
        fr("The due date cannot come before the event.")
    ]
    response = client.post(url(held), {"title": "  ", "owner": chloe.organisation.pk})
    assert fr("Say what the next step is.") in response.context["form"].errors["title"]
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_only_the_two_sides_write_the_organisers_read_the_others_see_nothing(
    client, held, staff_user
):
    chloe = held["people"]["Chloé"]
    data = {"title": "Un guide", "owner": held["people"]["Ana"].organisation.pk}
    client.force_login(chloe)
    assert client.get(url(held)).status_code == 404
    assert client.post(url(held), data).status_code == 404
    client.force_login(staff_user)
    assert client.get(url(held)).status_code == 200
    assert client.post(url(held), data).status_code == 403
    with pytest.raises(PermissionDenied):
        flash.follow_up_add(
            actor=chloe,
            meeting=held["meeting"],
            title="Un guide",
            owner=chloe.organisation,
        )
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_nothing_follows_before_the_event(held):
    Meeting.objects.filter(pk=held["event"].pk).update(
        date=timezone.localdate() + datetime.timedelta(days=3)
    )
    ana = held["people"]["Ana"]
    with pytest.raises(ValidationError):
        flash.follow_up_add(
            actor=ana, meeting=held["meeting"], title="Un guide", owner=ana.organisation
        )
    assert not Action.objects.exists()


@pytest.mark.django_db
def test_the_owner_updates_its_status_and_comes_back_to_the_meeting_page(client, held):
    ana, basile = held["people"]["Ana"], held["people"]["Basile"]
    action = flash.follow_up_add(
        actor=ana, meeting=held["meeting"], title="Un guide", owner=basile.organisation
    )
    client.force_login(ana)  # not of the owner organisation: reads the status only
    assert 'name="status"' not in client.get(url(held)).content.decode()
    assert (
        client.post(
            reverse("clubs:action-status", args=[action.pk]), {"status": "done"}
        ).status_code
        == 403
    )
    client.force_login(basile)
    assert 'name="status"' in client.get(url(held)).content.decode()
    response = client.post(
        reverse("clubs:action-status", args=[action.pk]), {"status": "in_progress"}
    )
    assert response["Location"] == url(held)
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS


@pytest.mark.django_db
def test_the_agenda_says_what_one_answered_and_links_to_what_follows(client, held):
    ana = held["people"]["Ana"]
    flash.qualify(actor=ana, meeting=held["meeting"], qualified=True)
    flash.follow_up_add(
        actor=ana, meeting=held["meeting"], title="Un guide", owner=ana.organisation
    )
    client.force_login(ana)
    page = client.get(reverse("clubs:flash-agenda", args=[held["event"].pk])).content.decode()
    assert fr("You said yes") in page
    assert 'aria-pressed="true"' in page
    assert url(held) in page
    # Qualifying from the meeting's page comes back to it.
    response = client.post(
        url(held, "clubs:flash-qualify"), {"qualified": "no", "next": "follow-up"}
    )
    assert response["Location"] == url(held)
    held["meeting"].refresh_from_db()
    side = (
        "qualified_by_first" if held["meeting"].first.user_id == ana.pk else "qualified_by_second"
    )
    assert getattr(held["meeting"], side) is False


@pytest.mark.django_db
def test_a_club_event_keeps_flash_next_steps_out_of_the_clubs_action_list(held):
    club = ClubFactory()
    Meeting.objects.filter(pk=held["event"].pk).update(club=club)
    ana = held["people"]["Ana"]
    flash.follow_up_add(
        actor=ana, meeting=held["meeting"], title="Un guide", owner=ana.organisation
    )
    assert list(club_actions(club)) == []


@pytest.mark.django_db
def test_the_owner_is_reminded_with_a_link_to_the_meeting_page(
    held, settings, django_capture_on_commit_callbacks
):
    ana = held["people"]["Ana"]
    action = flash.follow_up_add(
        actor=ana,
        meeting=held["meeting"],
        title="Envoyer le dossier",
        owner=ana.organisation,
        due_date=timezone.localdate() + datetime.timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_action_reminders() == 1
    (message,) = [m for m in mail.outbox if ana.email in m.to]
    assert "Envoyer le dossier" in message.body
    assert settings.SITE_URL + action.get_absolute_url() in message.body
    assert held["event"].name in message.body


@pytest.mark.django_db
def test_a_colleague_of_the_owner_opens_the_page_from_the_reminder_and_updates_it(client, held):
    basile = held["people"]["Basile"]
    colleague = UserFactory(email="collegue@example.org", organisation=basile.organisation)
    action = flash.follow_up_add(
        actor=held["people"]["Ana"],
        meeting=held["meeting"],
        title="Un guide",
        owner=basile.organisation,
    )
    client.force_login(colleague)
    page = client.get(action.get_absolute_url())
    assert page.status_code == 200
    assert "Un guide" in page.content.decode()
    assert 'name="title"' not in page.content.decode()  # only the two sides write
    assert (
        client.post(url(held), {"title": "X", "owner": basile.organisation.pk}).status_code == 403
    )
    response = client.post(reverse("clubs:action-status", args=[action.pk]), {"status": "done"})
    assert response["Location"] == url(held)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
