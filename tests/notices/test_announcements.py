"""Who gets each announcement, with which links and headers; the digest and the action reminders
go once."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from mailer.models import Message

from clubs.models import Action, Meeting, Registration, SessionLog, Workshop
from initiatives.models import CallForProjects, Initiative
from notices import services
from notices.models import ActionReminder, Follow, Preferences
from tests.factories import InitiativeFactory, ThemeFactory, UserFactory

SITE = "http://testserver"


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def links(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def assert_links_on_site(message):
    found = links(message)
    assert found
    assert all(link.startswith(SITE + "/") for link in found), found


def follow(user, **target):
    kind = next(iter(target))
    return Follow.objects.create(user=user, kind=kind, **target)


@pytest.fixture
def followers(alice, bob, club, meeting):
    """alice follows the club; bob follows the meeting's département (ICF's, 13); dora follows
    nothing; eve follows the club but turned new meetings off."""
    follow(alice, club=club)
    follow(bob, departement="13")
    UserFactory(email="dora@example.org")
    eve = UserFactory(email="eve@example.org")
    follow(eve, club=club)
    Preferences.objects.create(user=eve, meetings=False)
    return {"eve": eve}


@pytest.mark.django_db
def test_a_published_meeting_goes_to_followers_of_its_club_and_departement(
    followers, meeting, unapproved, club
):
    follow(unapproved, club=club)  # not approved yet: nothing
    assert services.announce_meeting_published(meeting) == 2
    assert recipients() == ["alice@example.org", "bob@example.org"]
    message = mail.outbox[0]
    assert meeting.name in message.subject
    assert SITE + reverse("clubs:meeting-detail", args=[meeting.pk]) in message.body
    assert_links_on_site(message)


@pytest.mark.django_db
def test_a_draft_meeting_is_announced_to_nobody(followers, meeting):
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    assert services.announce_meeting_published(meeting) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_announcements_carry_a_one_click_unsubscribe_of_their_own(followers, meeting, alice):
    services.announce_meeting_published(meeting)
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith(f"<{SITE}/desabonnement/")
    assert header.endswith("/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header[1:-1]
    assert url in message.body  # also readable in the text
    assert services.read_unsubscribe_token(url.rsplit("/", 2)[-2]) == (alice, "meetings")
    other = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    assert other.extra_headers["List-Unsubscribe"] != header


@pytest.mark.django_db
def test_the_headers_survive_the_mail_queue(settings, followers, meeting):
    settings.EMAIL_BACKEND = "mailer.backend.DbBackend"
    settings.MAILER_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.announce_meeting_published(meeting)
    assert Message.objects.count() == 2
    call_command("send_mail")
    assert all(
        m.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        for m in mail.outbox
    )


@pytest.mark.django_db
def test_a_change_of_date_or_place_goes_to_every_registrant_whatever_their_preferences(
    meeting, alice, bob, followers
):
    eve = followers["eve"]
    Preferences.objects.filter(user=eve).update(cahiers=False, digest=False, reminders=False)
    for user, status in ((alice, "confirmed"), (eve, "waitlisted")):
        Registration.objects.create(meeting=meeting, user=user, status=status)
    Registration.objects.create(meeting=meeting, user=UserFactory(), status="cancelled")
    before = services.meeting_snapshot(meeting.pk)
    meeting.date += datetime.timedelta(days=7)
    meeting.venue = "Maison des associations"
    meeting.save()
    assert services.announce_meeting_changed(meeting, before) == 2
    assert recipients() == ["alice@example.org", "eve@example.org"]
    message = mail.outbox[0]
    assert "Maison des associations" in message.body
    assert "Le Saint-Georges" in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # not an announcement one declines
    assert_links_on_site(message)


@pytest.mark.django_db
def test_a_save_that_moves_nothing_sends_nothing(meeting, alice):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    before = services.meeting_snapshot(meeting.pk)
    meeting.programme_intro = "Un mot d'accueil"
    meeting.save()
    assert services.announce_meeting_changed(meeting, before) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_cancelled_meeting_is_told_to_its_registrants_with_the_reason(meeting, alice, bob):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    Preferences.objects.create(user=alice, meetings=False, cahiers=False)
    assert services.announce_meeting_cancelled(meeting, reason="Salle indisponible") == 1
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "Salle indisponible" in message.body
    assert SITE + reverse("clubs:club-detail", args=[meeting.club.slug]) in message.body
    assert_links_on_site(message)


@pytest.mark.django_db
def test_a_cahier_goes_to_participants_and_followers_who_want_it(meeting, alice, bob, club):
    carol = UserFactory(email="carol@example.org")
    Registration.objects.create(meeting=meeting, user=carol, status="confirmed")
    Registration.objects.create(meeting=meeting, user=bob, status="confirmed")
    Preferences.objects.create(user=bob, cahiers=False)
    follow(alice, club=club)
    meeting.status = Meeting.Status.HELD
    meeting.cahier_published_at = timezone.now()
    meeting.save()
    assert services.announce_cahier_published(meeting) == 2
    assert recipients() == ["alice@example.org", "carol@example.org"]
    message = mail.outbox[0]
    assert SITE + reverse("reports:cahier", args=[meeting.pk]) in message.body
    assert "List-Unsubscribe" in message.extra_headers
    assert_links_on_site(message)


# --- The monthly digest ------------------------------------------------------------------------


@pytest.fixture
def digest_world(alice, bob, chalets):
    """alice follows gardens and the Haute-Garonne; bob follows nothing."""
    gardens = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    follow(alice, theme=gardens)
    follow(alice, departement="31")
    today = timezone.localdate()
    InitiativeFactory(title="Potager du Saint-Georges", themes=[gardens])
    InitiativeFactory(title="Compost à Toulouse", departement="31")
    InitiativeFactory(title="Réservé aux membres", themes=[gardens], visibility="members")
    InitiativeFactory(title="Sport à Nice", departement="06")
    CallForProjects.objects.create(
        organiser=chalets,
        title="Appel des Chalets",
        slug="appel-chalets",
        opens_on=today - datetime.timedelta(days=2),
        closes_on=today + datetime.timedelta(days=30),
    )
    CallForProjects.objects.create(
        organiser=chalets,
        title="Appel clos",
        slug="appel-clos",
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today - datetime.timedelta(days=1),
    )
    return gardens


@pytest.mark.django_db
def test_the_digest_lists_new_public_things_on_what_one_follows(
    digest_world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest() == 1
    (message,) = mail.outbox
    assert message.to == ["alice@example.org"]
    body = message.body
    assert "Potager du Saint-Georges" in body
    assert "Compost à Toulouse" in body
    assert "Appel des Chalets" in body
    for absent in ("Réservé aux membres", "Sport à Nice", "Appel clos"):
        assert absent not in body
    potager = Initiative.objects.get(title="Potager du Saint-Georges")
    assert SITE + reverse("initiatives:detail", args=[potager.slug]) in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert_links_on_site(message)


@pytest.mark.django_db
def test_the_digest_goes_once_a_month_and_never_repeats_an_item(
    digest_world, django_capture_on_commit_callbacks
):
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digest()
        assert services.send_digest() == 0  # the same month again: nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digest(today=next_month) == 0  # nothing new: no email
        InitiativeFactory(title="Verger partagé", themes=[digest_world])
        assert services.send_digest(today=next_month) == 1
    (message,) = mail.outbox
    assert "Verger partagé" in message.body
    assert "Potager du Saint-Georges" not in message.body


@pytest.mark.django_db
def test_the_digest_respects_the_preference(digest_world, alice):
    Preferences.objects.create(user=alice, digest=False)
    assert services.send_digest() == 0
    assert mail.outbox == []


# --- Follow-up action reminders ----------------------------------------------------------------


@pytest.fixture
def action(meeting, icf, alice, edith):
    workshop = Workshop.objects.create(meeting=meeting, title="Jardins")
    log = SessionLog.objects.create(workshop=workshop, author=alice, summary="…")
    return Action.objects.create(
        session_log=log,
        meeting=log.workshop.meeting,
        title="Recenser les jardins",
        owner=icf,
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )


@pytest.mark.django_db
def test_an_action_due_in_a_week_is_reminded_once_to_its_owner_members(
    action, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_action_reminders() == 1
        assert services.send_action_reminders() == 0  # run again the same day
    assert recipients() == ["alice@example.org", "edith@example.org"]
    message = mail.outbox[0]
    assert "Recenser les jardins" in message.subject
    assert (
        SITE + reverse("clubs:action-list", args=[action.session_log.workshop.meeting.club.slug])
        in message.body
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert_links_on_site(message)


@pytest.mark.django_db
def test_a_late_action_is_reminded_once_more_and_a_done_one_never(
    action, alice, django_capture_on_commit_callbacks
):
    Preferences.objects.create(user=alice, reminders=False)
    today = timezone.localdate()
    late_day = action.due_date + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_action_reminders(today=today)
        for day in (late_day, late_day, late_day + datetime.timedelta(days=5)):
            services.send_action_reminders(today=day)
    assert recipients() == ["edith@example.org", "edith@example.org"]
    assert set(ActionReminder.objects.values_list("kind", flat=True)) == {"due_soon", "late"}
    with translation.override("fr"):
        assert gettext("Action late: %(title)s") % {"title": action.title} in mail.outbox[1].subject

    mail.outbox.clear()
    done = Action.objects.create(
        session_log=action.session_log,
        meeting=action.session_log.workshop.meeting,
        title="Fait",
        owner=action.owner,
        due_date=today,
        status=Action.Status.DONE,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_action_reminders(today=late_day) == 0
    assert not ActionReminder.objects.filter(action=done).exists()


@pytest.mark.django_db
def test_the_reminder_command_runs_daily(action, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_action_reminders")
    assert "1 " in capsys.readouterr().out
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_an_announcement_costs_the_same_queries_for_one_follower_or_many(club, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(count):
        Follow.objects.all().delete()
        for _ in range(count):
            follow(UserFactory(), club=club)
        with CaptureQueriesContext(connection) as captured:
            assert services.announce_meeting_published(meeting) == count
        return len(captured)

    assert queries_for(1) == queries_for(6)


# --- Wired into the clubs services: sent once the action commits --------------------------------


@pytest.mark.django_db
def test_publishing_a_meeting_announces_it_once_committed(
    followers, meeting, charlie, django_capture_on_commit_callbacks
):
    from clubs import services as club_services

    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        club_services.meeting_publish(actor=charlie, meeting=meeting)
    assert recipients() == ["alice@example.org", "bob@example.org"]


@pytest.mark.django_db
def test_moving_a_meeting_tells_its_registrants(
    meeting, alice, charlie, django_capture_on_commit_callbacks
):
    from django.forms.models import model_to_dict

    from clubs import services as club_services
    from clubs.forms import MeetingForm

    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    data = model_to_dict(meeting, fields=MeetingForm.Meta.fields)
    data["partners"] = [p.pk for p in data["partners"]]
    data = {k: v for k, v in data.items() if v is not None}
    data["venue"] = "Maison des associations"
    form = MeetingForm(data, instance=meeting, club=meeting.club)
    assert form.is_valid(), form.errors
    with django_capture_on_commit_callbacks(execute=True):
        club_services.meeting_save(actor=charlie, club=meeting.club, form=form)
    assert recipients() == ["alice@example.org"]
    assert "Maison des associations" in mail.outbox[0].body


@pytest.mark.django_db
def test_publishing_a_cahier_tells_its_participants(
    meeting, alice, charlie, django_capture_on_commit_callbacks
):
    from clubs import services as club_services
    from clubs.models import AgendaItem

    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    AgendaItem.objects.create(
        meeting=meeting,
        kind="welcome",
        title="Accueil",
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        club_services.cahier_publish(actor=charlie, meeting=meeting)
    assert recipients() == ["alice@example.org"]
    assert reverse("reports:cahier", args=[meeting.pk]) in mail.outbox[0].body
