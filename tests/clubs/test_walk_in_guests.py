"""Walk-ins without an account: on the day, the animator adds someone who came by name (and
organisation when it is listed); the register, the CSV and the Cahier count them."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs import services
from clubs.models import Registration
from reports.services import cahier_data
from tests.factories import MeetingFactory


def fr(message, **values):
    with translation.override("fr"):
        return gettext(message) % values if values else gettext(message)


@pytest.fixture
def today(charlie, alice):
    meeting = MeetingFactory(
        club=charlie.animated_clubs.get(), number=30, date=timezone.localdate()
    )
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    return meeting


def add(client, meeting, **data):
    return client.post(reverse("clubs:walk-in-add", args=[meeting.pk]), data)


@pytest.mark.django_db
def test_a_person_without_an_account_is_added_present_and_counted_everywhere(
    client, charlie, alice, today, chalets
):
    client.force_login(charlie)
    response = add(client, today, guest_name="  Karim   Benali ", guest_organisation=chalets.pk)
    assert response.status_code == 302
    guest = Registration.objects.get(meeting=today, user__isnull=True)
    assert (guest.guest_name, guest.guest_organisation, guest.status) == (
        "Karim Benali",
        chalets,
        "confirmed",
    )
    assert (guest.attended, guest.walk_in) == (True, True)

    register = client.get(reverse("clubs:attendance", args=[today.pk])).content.decode()
    # Under their organisation's legend, with a box to tick like the members.
    group = register.split(f"<legend>{chalets.name}")[1].split("</fieldset>")[0]
    assert "Karim Benali" in group
    assert f'name="attended" value="{guest.pk}" id="attended-{guest.pk}" checked' in group

    csv = client.get(reverse("clubs:participants-csv", args=[today.pk])).content.decode()
    row = next(line for line in csv.splitlines() if "Karim Benali" in line)
    assert row.startswith(f"{chalets.name};Karim Benali;;;")  # no job title, no email

    data = cahier_data(today, audience="members")
    assert {p["organisation"]: p["people"] for p in data["participants"]}[chalets.name] == [
        "Karim Benali"
    ]


@pytest.mark.django_db
def test_a_guest_without_a_listed_organisation_is_counted_under_a_dash(client, charlie, today):
    client.force_login(charlie)
    assert add(client, today, guest_name="Zoé Martin").status_code == 302
    data = cahier_data(today, audience="public")
    assert {p["organisation"]: p["count"] for p in data["participants"]}["—"] == 1


@pytest.mark.django_db
def test_the_register_unticks_and_ticks_a_guest_by_their_registration(client, charlie, today):
    guest = services.walk_in_add(actor=charlie, meeting=today, guest_name="Zoé Martin")
    alice_registration = Registration.objects.get(meeting=today, user__isnull=False)
    client.force_login(charlie)
    client.post(reverse("clubs:attendance", args=[today.pk]), {"attended": [alice_registration.pk]})
    guest.refresh_from_db()
    alice_registration.refresh_from_db()
    assert (guest.attended, alice_registration.attended) == (False, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {},
            "user",
            "Choose a member of the club, or give the name of someone without an account.",
        ),
        (
            {"guest_name": "   "},
            "user",
            "Choose a member of the club, or give the name of someone without an account.",
        ),
        (
            {"user": "bob", "guest_name": "Zoé Martin"},
            "guest_name",
            "Either a member of the club or someone without an account, not both.",
        ),
    ],
    ids=["nothing", "blank-name", "both"],
)
def test_a_refused_walk_in_says_why_beside_the_field_and_keeps_what_was_typed(
    client, charlie, bob, today, data, field, message
):
    if data.get("user") == "bob":
        data["user"] = bob.pk
    client.force_login(charlie)
    response = add(client, today, **data)
    assert response.status_code == 400
    content = response.content.decode()
    error = content.split(f'id="id_{field}_error"')[1].split("</")[0]
    assert fr(message) in error.replace("&#x27;", "'")
    if data.get("guest_name", "").strip():
        assert 'value="Zoé Martin"' in content
    assert Registration.objects.filter(meeting=today).count() == 1


@pytest.mark.django_db
def test_the_same_guest_twice_is_refused(client, charlie, today):
    services.walk_in_add(actor=charlie, meeting=today, guest_name="Zoé Martin")
    client.force_login(charlie)
    response = add(client, today, guest_name="zoé martin")
    assert response.status_code == 400
    assert fr("%(name)s is already on the register.", name="zoé martin") in (
        response.content.decode()
    )
    assert Registration.objects.filter(meeting=today, user__isnull=True).count() == 1


@pytest.mark.django_db
def test_only_those_who_manage_the_meeting_add_guests_and_only_on_the_day(
    client, charlie, alice, today
):
    with pytest.raises(PermissionDenied):
        services.walk_in_add(actor=alice, meeting=today, guest_name="Zoé Martin")
    client.force_login(alice)
    assert add(client, today, guest_name="Zoé Martin").status_code in (403, 404)
    later = MeetingFactory(club=today.club, number=31)
    with pytest.raises(ValidationError):
        services.walk_in_add(actor=charlie, meeting=later, guest_name="Zoé Martin")
    assert not Registration.objects.filter(user__isnull=True).exists()


@pytest.mark.django_db
def test_a_guest_gets_no_reminder_and_the_members_still_do(
    charlie, alice, today, django_capture_on_commit_callbacks
):
    services.walk_in_add(actor=charlie, meeting=today, guest_name="Zoé Martin")
    today.status = "published"
    today.save(update_fields=["status"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.meeting_reminders_send(days=2) == 1
    assert [message.to for message in mail.outbox] == [[alice.email]]
