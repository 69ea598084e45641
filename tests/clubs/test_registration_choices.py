"""Registrations with one choice per time slot, changed without losing one's place, for a
colleague, with needs and consent; walk-ins; confirmations and undoing a publication; dates
checked on the server."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs import services
from clubs.models import AgendaItem, Meeting, Registration, Workshop
from tests.factories import MeetingFactory, UserFactory

MORNING, AFTERNOON = Workshop.Slot.MORNING, Workshop.Slot.AFTERNOON


def fr(message, **values):
    with translation.override("fr"):
        text = gettext(message)
    return text % values if values else text


@pytest.fixture
def day(meeting):
    """The 1st Club's shape: a morning workshop (2 places), another one, an afternoon visit
    (1 place) and another visit."""
    return {
        "roadmap": Workshop.objects.create(
            meeting=meeting, title="La feuille de route", slot=MORNING, capacity=2, order=1
        ),
        "energy": Workshop.objects.create(
            meeting=meeting, title="Économies d'énergie", slot=MORNING, order=2
        ),
        "encagnane": Workshop.objects.create(
            meeting=meeting,
            title="Visite d'Encagnane",
            kind=Workshop.Kind.VISIT,
            slot=AFTERNOON,
            capacity=1,
            order=3,
        ),
        "gardens": Workshop.objects.create(
            meeting=meeting,
            title="Jardins partagés",
            kind=Workshop.Kind.VISIT,
            slot=AFTERNOON,
            order=4,
        ),
    }


def register(user, meeting, *workshops, **kwargs):
    return services.registration_create(
        actor=kwargs.pop("actor", user), meeting=meeting, workshops=workshops, user=user, **kwargs
    )


def titles(registration):
    return [workshop.title for workshop in registration.chosen_workshops]


# --- One choice per slot -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_takes_a_morning_workshop_and_an_afternoon_visit(alice, meeting, day):
    registration = register(alice, meeting, day["encagnane"], day["roadmap"])
    assert registration.status == "confirmed"
    assert titles(registration) == ["La feuille de route", "Visite d'Encagnane"]


@pytest.mark.django_db
def test_each_slot_needs_its_choice_and_only_one(alice, meeting, day):
    with pytest.raises(ValidationError) as caught:
        register(alice, meeting, day["roadmap"])
    assert list(caught.value.message_dict) == ["slot_afternoon"]
    with pytest.raises(ValidationError) as caught:
        register(alice, meeting, day["roadmap"], day["energy"], day["gardens"])
    assert list(caught.value.message_dict) == ["slot_morning"]
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_full_visit_waitlists_even_when_the_morning_workshop_has_room(alice, bob, meeting, day):
    register(bob, meeting, day["energy"], day["encagnane"])
    assert register(alice, meeting, day["roadmap"], day["encagnane"]).status == "waitlisted"


# --- Changing one's choice ---------------------------------------------------------------------


@pytest.mark.django_db
def test_changing_the_visit_keeps_the_place_and_the_morning_workshop(alice, bob, meeting, day):
    registration = register(alice, meeting, day["roadmap"], day["encagnane"])
    morning = registration.choices.get(workshop=day["roadmap"])
    services.registration_update(
        actor=alice,
        registration=registration,
        workshops=[day["roadmap"], day["gardens"]],
        dietary_note="Végétarienne",
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"
    assert titles(registration) == ["La feuille de route", "Jardins partagés"]
    assert registration.choices.get(workshop=day["roadmap"]) == morning  # not re-made
    assert registration.dietary_note == "Végétarienne"
    # The visit's place she left is free for Bob.
    assert register(bob, meeting, day["energy"], day["encagnane"]).status == "confirmed"


@pytest.mark.django_db
def test_moving_into_a_full_visit_is_refused_and_changes_nothing(alice, bob, meeting, day):
    register(bob, meeting, day["energy"], day["encagnane"])
    registration = register(alice, meeting, day["roadmap"], day["gardens"], dietary_note="Sans sel")
    with pytest.raises(ValidationError) as caught:
        services.registration_update(
            actor=alice,
            registration=registration,
            workshops=[day["roadmap"], day["encagnane"]],
            dietary_note="",
        )
    assert list(caught.value.message_dict) == ["slot_afternoon"]
    registration.refresh_from_db()
    assert (registration.status, titles(registration), registration.dietary_note) == (
        "confirmed",
        ["La feuille de route", "Jardins partagés"],
        "Sans sel",
    )


@pytest.mark.django_db
def test_leaving_a_full_visit_promotes_the_person_waiting_for_it(
    alice, bob, meeting, day, django_capture_on_commit_callbacks
):
    register(alice, meeting, day["roadmap"], day["encagnane"])
    waiting = register(bob, meeting, day["energy"], day["encagnane"])
    assert waiting.status == "waitlisted"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_update(
            actor=alice,
            registration=Registration.objects.get(user=alice),
            workshops=[day["roadmap"], day["gardens"]],
        )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert [message.to for message in mail.outbox] == [[bob.email]]


@pytest.mark.django_db
def test_a_waitlisted_member_choosing_a_visit_with_room_is_confirmed(alice, bob, meeting, day):
    register(alice, meeting, day["roadmap"], day["encagnane"])
    waiting = register(bob, meeting, day["energy"], day["encagnane"])
    services.registration_update(
        actor=bob, registration=waiting, workshops=[day["energy"], day["gardens"]]
    )
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


@pytest.mark.django_db
def test_someone_else_may_not_change_my_registration(alice, bob, meeting, day):
    registration = register(alice, meeting, day["roadmap"], day["encagnane"])
    with pytest.raises(PermissionDenied):
        services.registration_update(
            actor=bob, registration=registration, workshops=[day["energy"], day["gardens"]]
        )


# --- A colleague, needs and consent ------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_registers_a_colleague_of_their_organisation(
    alice, edith, meeting, day, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            edith,
            meeting,
            day["roadmap"],
            day["gardens"],
            actor=alice,
            reduced_mobility=True,
            photo_consent=True,
        )
    assert (registration.user, registration.registered_by) == (edith, alice)
    assert (registration.reduced_mobility, registration.photo_consent) == (True, True)
    assert [message.to for message in mail.outbox] == [[edith.email]]
    # Alice, who registered her, may cancel it.
    services.registration_cancel(actor=alice, registration=registration)


@pytest.mark.django_db
def test_a_member_may_not_register_someone_of_another_organisation(alice, bob, meeting, day):
    with pytest.raises(PermissionDenied):
        register(bob, meeting, day["roadmap"], day["gardens"], actor=alice)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_the_form_offers_colleagues_and_registers_the_one_chosen(client, alice, edith, day):
    meeting = day["roadmap"].meeting
    client.force_login(alice)
    page = client.get(reverse("clubs:meeting-detail", args=[meeting.pk])).content.decode()
    assert f'<option value="{edith.pk}">Edith' in page
    response = client.post(
        reverse("clubs:register", args=[meeting.pk]),
        {
            "user": edith.pk,
            "slot_morning": day["energy"].pk,
            "slot_afternoon": day["gardens"].pk,
            "reduced_mobility": "on",
        },
    )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.user, registration.registered_by, registration.reduced_mobility) == (
        edith,
        alice,
        True,
    )


# --- The form shown again ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_refused_registration_shows_the_form_with_its_errors_and_what_was_typed(
    client, alice, day
):
    meeting = day["roadmap"].meeting
    client.force_login(alice)
    response = client.post(
        reverse("clubs:register", args=[meeting.pk]),
        {"slot_morning": day["roadmap"].pk, "dietary_note": "Sans gluten", "photo_consent": "on"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    afternoon = content[content.index('id="id_slot_afternoon_error"') - 400 :]
    assert fr("Choose the workshop or visit you will join.") in afternoon[:800]
    assert 'value="Sans gluten"' in content
    assert re.search(rf'name="slot_morning" value="{day["roadmap"].pk}"[^>]*checked', content)
    assert re.search(r'name="photo_consent"[^>]*checked', content)
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_registered_member_changes_the_visit_from_the_meeting_page(client, alice, day):
    meeting = day["roadmap"].meeting
    register(alice, meeting, day["roadmap"], day["encagnane"])
    client.force_login(alice)
    registration = Registration.objects.get()
    response = client.post(
        reverse("clubs:registration-change", args=[registration.pk]),
        {"slot_morning": day["roadmap"].pk, "slot_afternoon": day["gardens"].pk},
        follow=True,
    )
    assert fr("Your registration is updated; your place is kept.") in response.content.decode()
    assert titles(Registration.objects.get()) == ["La feuille de route", "Jardins partagés"]


# --- Confirmations -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_cancelling_asks_first_and_warns_a_rapporteur(client, rita, workshop):
    meeting = workshop.meeting
    registration = services.registration_create(actor=rita, meeting=meeting, workshop=workshop)
    url = reverse("clubs:registration-cancel", args=[registration.pk])
    client.force_login(rita)
    page = client.get(url).content.decode()
    assert fr(
        "You are the rapporteur of “%(title)s”: tell the animators, who will find someone else "
        "to write the restitution.",
        title=workshop.title,
    ) in page.replace("&#x27;", "'")
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # asking changed nothing
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


@pytest.mark.django_db
def test_publishing_a_meeting_asks_first(client, charlie, club):
    draft = MeetingFactory(club=club, number=12, status=Meeting.Status.DRAFT)
    url = reverse("clubs:meeting-publish", args=[draft.pk])
    client.force_login(charlie)
    page = client.get(url).content.decode()
    assert fr("Publish the meeting") in page
    draft.refresh_from_db()
    assert draft.status == "draft"
    client.post(url)
    draft.refresh_from_db()
    assert draft.status == "published"


@pytest.mark.django_db
def test_an_animator_withdraws_a_published_meeting_with_a_reason(client, charlie, meeting):
    url = reverse("clubs:meeting-unpublish", args=[meeting.pk])
    client.force_login(charlie)
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 400
    assert fr("Say why, for the others who prepare the meeting.") in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "published"
    client.post(url, {"reason": "La salle n'est plus disponible."})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.unpublished_reason, meeting.unpublished_by) == (
        "draft",
        "La salle n'est plus disponible.",
        charlie,
    )
    assert meeting.history.filter(status="published").exists()  # what it was is kept
    assert meeting.history.latest().history_user == charlie


@pytest.mark.django_db
def test_members_may_not_withdraw_a_meeting(alice, meeting):
    with pytest.raises(PermissionDenied):
        services.meeting_unpublish(actor=alice, meeting=meeting, reason="Non")


# --- The Cahier --------------------------------------------------------------------------------


@pytest.fixture
def held(club, alice):
    return MeetingFactory(
        club=club, number=7, status=Meeting.Status.HELD, date=datetime.date(2023, 6, 19)
    )


@pytest.mark.django_db
def test_an_empty_cahier_is_not_published_and_the_button_says_why(client, charlie, held, alice):
    with pytest.raises(ValidationError) as caught:
        services.cahier_publish(actor=charlie, meeting=held)
    assert caught.value.messages == [
        fr("The meeting has no programme."),
        fr("Nobody is on the register."),
    ]
    client.force_login(charlie)
    page = client.get(reverse("clubs:meeting-detail", args=[held.pk])).content.decode()
    assert 'disabled aria-describedby="cahier-missing"' in page
    assert fr("The meeting has no programme.") in page
    confirm = client.get(reverse("reports:cahier-publish", args=[held.pk])).content.decode()
    assert "disabled" in confirm
    held.refresh_from_db()
    assert held.cahier_published_at is None


@pytest.mark.django_db
def test_a_cahier_is_published_then_withdrawn_with_a_reason(client, charlie, held, alice):
    AgendaItem.objects.create(meeting=held, start_time="09:30", kind="welcome", title="Accueil")
    Registration.objects.create(meeting=held, user=alice, status="confirmed", attended=True)
    client.force_login(charlie)
    client.post(reverse("reports:cahier-publish", args=[held.pk]))
    held.refresh_from_db()
    assert held.cahier_published_at is not None
    client.post(
        reverse("clubs:cahier-unpublish", args=[held.pk]), {"reason": "Une coquille en page 3."}
    )
    held.refresh_from_db()
    assert held.cahier_published_at is None
    assert (held.cahier_unpublished_reason, held.cahier_unpublished_by) == (
        "Une coquille en page 3.",
        charlie,
    )


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_restitution_before_the_meeting(rita, workshop, client):
    with pytest.raises(ValidationError) as caught:
        services.session_log_save(actor=rita, workshop=workshop, summary="Trop tôt")
    assert caught.value.messages == [
        fr("The restitution is written once the meeting has taken place.")
    ]
    services.registration_create(actor=rita, meeting=workshop.meeting, workshop=workshop)
    client.force_login(rita)
    page = client.get(reverse("clubs:meeting-detail", args=[workshop.meeting_id]))
    assert reverse("clubs:session-log", args=[workshop.pk]) not in page.content.decode()


@pytest.mark.django_db
def test_before_the_day_the_register_has_nothing_to_tick_and_no_walk_in(client, charlie, alice):
    meeting = MeetingFactory(club=charlie.animated_clubs.get(), number=20)
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    client.force_login(charlie)
    content = client.get(reverse("clubs:attendance", args=[meeting.pk])).content.decode()
    assert "Alice Martin" in content
    assert 'name="attended"' not in content
    assert reverse("clubs:walk-in-add", args=[meeting.pk]) not in content
    with pytest.raises(ValidationError):
        services.walk_in_add(actor=charlie, meeting=meeting, user=alice)


@pytest.mark.django_db
def test_a_walk_in_is_added_present_and_counted_in_the_csv(client, charlie, alice, bob):
    meeting = MeetingFactory(
        club=charlie.animated_clubs.get(), number=21, date=timezone.localdate()
    )
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    client.force_login(charlie)
    response = client.post(reverse("clubs:walk-in-add", args=[meeting.pk]), {"user": bob.pk})
    assert response.status_code == 302
    walk_in = Registration.objects.get(user=bob)
    assert (walk_in.status, walk_in.attended, walk_in.walk_in) == ("confirmed", True, True)
    csv = client.get(reverse("clubs:participants-csv", args=[meeting.pk])).content.decode()
    assert "Bob Durand" in csv
    assert "Alice Martin" in csv
    # Someone already on the register is refused beside the field.
    response = client.post(reverse("clubs:walk-in-add", args=[meeting.pk]), {"user": alice.pk})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_past_meeting_offers_neither_the_calendar_nor_places(client, alice, club):
    past = MeetingFactory(club=club, number=5, date=timezone.localdate() - datetime.timedelta(1))
    content = client.get(reverse("clubs:meeting-detail", args=[past.pk])).content.decode()
    assert reverse("clubs:meeting-ics", args=[past.pk]) not in content
    with translation.override("fr"):
        places = gettext("Places")
    assert f"<dt>{places}</dt>" not in content
    upcoming = MeetingFactory(club=club, number=6)
    content = client.get(reverse("clubs:meeting-detail", args=[upcoming.pk])).content.decode()
    assert reverse("clubs:meeting-ics", args=[upcoming.pk]) in content


@pytest.mark.django_db
def test_a_programme_item_cannot_end_after_midnight(client, charlie, meeting):
    from clubs.forms import AgendaItemForm

    form = AgendaItemForm(
        {"start_time": "23:00", "end_time": "00:30", "kind": "lunch", "title": "Dîner"}
    )
    assert not form.is_valid()
    assert form.errors["end_time"] == [
        fr("A programme item ends on the day of the meeting, by midnight.")
    ]
    assert "__all__" not in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["alice", "charlie"])
def test_the_meeting_page_costs_the_same_for_one_and_many_registrations(
    client, request, viewer, meeting, day
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(request.getfixturevalue(viewer))
    url = reverse("clubs:meeting-detail", args=[meeting.pk])
    client.get(url)  # one-off lookups (one's clubs) out of the count
    counts = []
    for count in (1, 15):
        Registration.objects.filter(meeting=meeting).exclude(
            user__email="alice@example.org"
        ).delete()
        for _ in range(count):
            Registration.objects.create(
                meeting=meeting, user=UserFactory(), status="confirmed"
            ).workshops.add(day["energy"], day["gardens"])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
