import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from clubs import services
from clubs.models import Meeting, Registration, Workshop
from tests.factories import UserFactory


def register(user, meeting, workshop=None, **kwargs):
    return services.registration_create(actor=user, meeting=meeting, workshop=workshop, **kwargs)


def statuses(meeting):
    return {
        registration.user.full_name: registration.status
        for registration in meeting.registrations.select_related("user")
    }


@pytest.fixture
def members(icf):
    return [UserFactory(full_name=f"Membre {n:02d}", organisation=icf) for n in range(12)]


# --- Capacity and waiting list (service) -----------------------------------------------------


@pytest.mark.django_db
def test_member_is_confirmed_while_there_is_room(alice, meeting):
    registration = register(alice, meeting, dietary_note="  végétarien ")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.dietary_note == "végétarien"


@pytest.mark.django_db
def test_beyond_the_meeting_capacity_people_go_on_the_waiting_list(meeting, members):
    meeting.capacity = 3
    meeting.save()
    for member in members[:5]:
        register(member, meeting)
    assert list(statuses(meeting).values()) == ["confirmed"] * 3 + ["waitlisted"] * 2


@pytest.mark.django_db
def test_a_full_workshop_waitlists_even_when_the_meeting_has_room(meeting, workshop, members):
    other = Workshop.objects.create(meeting=meeting, title="Intergénérationnel")
    first, second, third, fourth = members[:4]
    register(first, meeting, workshop)
    register(second, meeting, workshop)
    assert register(third, meeting, workshop).status == "waitlisted"
    assert register(fourth, meeting, other).status == "confirmed"  # no workshop capacity


@pytest.mark.django_db
def test_a_workshop_must_be_chosen_when_the_meeting_has_some(alice, meeting, workshop):
    with pytest.raises(ValidationError) as caught:
        register(alice, meeting)
    assert "slot_morning" in caught.value.message_dict
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_workshop_of_another_meeting_is_refused(alice, meeting, workshop, club):
    other_meeting = Meeting.objects.create(
        club=club, number=99, date=meeting.date, status=Meeting.Status.PUBLISHED
    )
    with pytest.raises(ValidationError):
        register(alice, other_meeting, workshop)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_registering_twice_is_refused(alice, meeting):
    register(alice, meeting)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        register(alice, meeting)
    assert meeting.registrations.count() == 1


@pytest.mark.django_db
def test_registration_closes_at_the_set_date(alice, bob, meeting):
    meeting.registration_closes_on = meeting.date - datetime.timedelta(days=7)
    meeting.save()
    deadline = meeting.registration_closes_on
    assert register(alice, meeting, today=deadline).status == "confirmed"
    with pytest.raises(ValidationError, match="ont fermé le"):
        register(bob, meeting, today=deadline + datetime.timedelta(days=1))


@pytest.mark.django_db
def test_by_default_registration_closes_the_day_before(alice, meeting):
    with pytest.raises(ValidationError):
        register(alice, meeting, today=meeting.date)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["draft", "held", "archived"])
def test_only_published_meetings_take_registrations(alice, meeting, status):
    meeting.status = status
    meeting.save()
    with pytest.raises((ValidationError, PermissionDenied)):
        register(alice, meeting)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_unapproved_accounts_may_not_register(unapproved, meeting):
    with pytest.raises(PermissionDenied):
        register(unapproved, meeting)


@pytest.mark.django_db
def test_confirmation_email_carries_the_ics(alice, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(alice, meeting)
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "Inscription confirmée" in message.subject
    assert message.attachments[0][0].endswith(".ics")
    assert "BEGIN:VEVENT" in str(message.attachments[0][1])


@pytest.mark.django_db
def test_waitlisted_person_is_told_by_email(
    alice, bob, meeting, django_capture_on_commit_callbacks
):
    meeting.capacity = 1
    meeting.save()
    register(alice, meeting)
    with django_capture_on_commit_callbacks(execute=True):
        register(bob, meeting)
    assert "liste d’attente" in mail.outbox[-1].subject.lower()
    assert mail.outbox[-1].attachments == []


@pytest.mark.django_db
def test_cancelling_promotes_the_first_waitlisted_and_emails_them(
    meeting, members, django_capture_on_commit_callbacks
):
    meeting.capacity = 2
    meeting.save()
    first, *_ = [register(member, meeting) for member in members[:4]]
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=members[0], registration=first)
    assert statuses(meeting) == {
        "Membre 00": "cancelled",
        "Membre 01": "confirmed",
        "Membre 02": "confirmed",
        "Membre 03": "waitlisted",
    }
    (message,) = mail.outbox
    assert message.to == [members[2].email]
    assert "place s’est libérée" in message.subject
    assert message.attachments


@pytest.mark.django_db
def test_promotion_skips_people_whose_workshop_is_still_full(meeting, workshop, members):
    other = Workshop.objects.create(meeting=meeting, title="Intergénérationnel")
    meeting.capacity = 3
    meeting.save()
    a = register(members[0], meeting, other)
    register(members[1], meeting, workshop)
    register(members[2], meeting, workshop)
    register(members[3], meeting, workshop)  # waitlisted: meeting full (3)
    register(members[4], meeting, other)  # waitlisted: meeting full
    services.registration_cancel(actor=members[0], registration=a)
    # Membre 03 waited first but their workshop is full: Membre 04 gets the place.
    assert statuses(meeting)["Membre 03"] == "waitlisted"
    assert statuses(meeting)["Membre 04"] == "confirmed"


@pytest.mark.django_db
def test_cancelling_a_waitlisted_place_promotes_nobody(meeting, members):
    meeting.capacity = 1
    meeting.save()
    register(members[0], meeting)
    waiting = register(members[1], meeting)
    register(members[2], meeting)
    services.registration_cancel(actor=members[1], registration=waiting)
    assert statuses(meeting) == {
        "Membre 00": "confirmed",
        "Membre 01": "cancelled",
        "Membre 02": "waitlisted",
    }


@pytest.mark.django_db
def test_someone_who_cancelled_can_register_again_and_goes_to_the_back(meeting, members):
    meeting.capacity = 1
    meeting.save()
    first = register(members[0], meeting)
    register(members[1], meeting)
    services.registration_cancel(actor=members[0], registration=first)
    again = register(members[0], meeting)
    assert again.pk == first.pk
    assert again.status == "waitlisted"
    assert statuses(meeting)["Membre 01"] == "confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bob", "rita", "fabien", "edith"])
def test_others_may_not_cancel_someones_registration(request, role, alice, meeting):
    registration = register(alice, meeting)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=request.getfixturevalue(role), registration=registration)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_may_cancel_a_registration(request, role, alice, meeting):
    registration = register(alice, meeting)
    services.registration_cancel(actor=request.getfixturevalue(role), registration=registration)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_registrations_of_a_past_meeting_cannot_be_cancelled(alice, meeting):
    registration = register(alice, meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        services.registration_cancel(actor=alice, registration=registration)


@pytest.mark.django_db
def test_registration_history_keeps_who_and_when(alice, charlie, meeting):
    registration = register(alice, meeting)
    services.registration_cancel(actor=charlie, registration=registration)
    records = list(registration.history.order_by("history_date"))
    assert [(r.status, r.history_user) for r in records] == [
        ("confirmed", alice),
        ("cancelled", charlie),
    ]


# --- Views ---------------------------------------------------------------------------------------


def meeting_url(meeting):
    return reverse("clubs:meeting-detail", args=[meeting.pk])


def register_url(meeting):
    return reverse("clubs:register", args=[meeting.pk])


@pytest.mark.django_db
def test_member_registers_from_the_meeting_page_choosing_a_workshop(client, alice, workshop):
    meeting = workshop.meeting
    client.force_login(alice)
    page = client.get(meeting_url(meeting)).content.decode()
    assert "Résidences et souffrance psychique — 2 places restantes" in page
    response = client.post(
        register_url(meeting),
        {"slot_morning": workshop.pk, "dietary_note": "sans porc"},
        follow=True,
    )
    content = response.content.decode()
    assert "Vous êtes inscrit·e." in content
    assert "Annuler mon inscription" in content
    registration = Registration.objects.get(user=alice)
    assert (list(registration.workshops.all()), registration.dietary_note) == (
        [workshop],
        "sans porc",
    )


@pytest.mark.django_db
def test_registering_without_choosing_says_why(client, alice, workshop):
    client.force_login(alice)
    response = client.post(register_url(workshop.meeting), {"dietary_note": ""}, follow=True)
    assert "Choisissez l’atelier ou la visite" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_full_meeting_puts_the_member_on_the_waiting_list(client, alice, bob, meeting):
    meeting.capacity = 1
    meeting.save()
    register(bob, meeting)
    client.force_login(alice)
    content = client.post(register_url(meeting), follow=True).content.decode()
    assert "liste d’attente" in content
    assert Registration.objects.get(user=alice).status == "waitlisted"


@pytest.mark.django_db
def test_anonymous_visitor_cannot_register(client, meeting):
    response = client.post(register_url(meeting))
    assert response.url.startswith(reverse("account_login"))
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_register_is_post_only(client, alice, meeting):
    client.force_login(alice)
    assert client.get(register_url(meeting)).status_code == 405


@pytest.mark.django_db
def test_nobody_registers_for_a_draft_meeting_they_cannot_see(client, alice, meeting):
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    client.force_login(alice)
    assert client.post(register_url(meeting)).status_code == 404
    assert client.get(meeting_url(meeting)).status_code == 404
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_member_cancels_from_my_registrations(client, alice, meeting):
    registration = register(alice, meeting)
    client.force_login(alice)
    page = client.get(reverse("clubs:my-registrations")).content.decode()
    assert meeting.name in page
    client.post(reverse("clubs:registration-cancel", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_cancelling_someone_elses_registration_by_id_is_404(client, alice, bob, meeting):
    registration = register(alice, meeting)
    client.force_login(bob)
    response = client.post(reverse("clubs:registration-cancel", args=[registration.pk]))
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == "confirmed"
