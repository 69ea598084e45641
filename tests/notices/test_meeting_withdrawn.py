"""A published meeting withdrawn by an animator: its registrants are told, postponed (their
registrations kept, and told again when it is back) or cancelled (registrations cancelled)."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from clubs import services
from clubs.models import Meeting, Registration
from notices.models import Follow, Preferences
from tests.factories import UserFactory


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def registered(meeting, alice, bob):
    """alice holds a place and turned every announcement off; bob waits for one."""
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    Registration.objects.create(meeting=meeting, user=bob, status="waitlisted")
    Preferences.objects.create(user=alice, meetings=False, cahiers=False, digest=False)
    return meeting


def withdraw(client, charlie, meeting, **data):
    client.force_login(charlie)
    with translation.override("fr"):
        return client.post(reverse("clubs:meeting-unpublish", args=[meeting.pk]), data)


@pytest.mark.django_db
def test_a_postponed_meeting_tells_its_registrants_and_keeps_their_places(
    client, charlie, registered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = withdraw(client, charlie, registered, reason="La salle est en travaux.")
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
    ]
    message = mail.outbox[0]
    assert registered.name in message.subject
    assert "La salle est en travaux." in message.body
    assert (
        fr(
            "Your registration is kept: when the meeting is published again, you will receive an "
            "email and your place is still yours."
        )
        in message.body
    )
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "waitlisted",
    ]


@pytest.mark.django_db
def test_a_meeting_published_again_tells_the_registrants_and_not_twice_a_follower(
    charlie, registered, alice, club, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=alice, kind=Follow.Kind.CLUB, club=club)
    carol = UserFactory(email="carol@example.org")
    Follow.objects.create(user=carol, kind=Follow.Kind.CLUB, club=club)
    services.meeting_unpublish(actor=charlie, meeting=registered, reason="Reportée")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish(actor=charlie, meeting=Meeting.objects.get(pk=registered.pk))
    by_person = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_person) == ["alice@example.org", "bob@example.org", "carol@example.org"]
    stands = fr("Your registration stands. The programme, and to cancel if you can no longer come:")
    assert stands in by_person["alice@example.org"].body
    assert stands not in by_person["carol@example.org"].body


@pytest.mark.django_db
def test_a_cancelled_meeting_cancels_every_registration_and_tells_each_registrant(
    client, charlie, registered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = withdraw(client, charlie, registered, reason="Annulée", cancelled="on")
    assert response.status_code == 302
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
    ]
    assert all("Annulée" in message.body for message in mail.outbox)
    registered.refresh_from_db()
    assert (registered.status, registered.unpublished_reason) == ("draft", "Annulée")


@pytest.mark.django_db
def test_a_refused_withdrawal_sends_nothing_and_keeps_the_tick(
    client, charlie, registered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = withdraw(client, charlie, registered, reason=" ", cancelled="on")
    assert response.status_code == 400
    assert 'name="cancelled"' in response.content.decode()
    assert "checked" in response.content.decode().split('name="cancelled"')[1].split(">")[0]
    assert mail.outbox == []
    assert Registration.objects.filter(status="cancelled").count() == 0
