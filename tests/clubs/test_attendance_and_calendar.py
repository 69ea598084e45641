"""The attendance register, the sign-in sheet, the participants CSV, iCalendar files and the
meeting reminders."""

import csv
import datetime
import email
import email.policy
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs.models import Meeting, Registration
from clubs.services import attendance_record, registration_create
from tests.factories import ClubFactory, MeetingFactory, OrganisationFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
NOT_ANIMATORS = ["alice", "bob", "rita", "fabien"]
MANAGERS = ["charlie", "staff_user"]


def register(meeting, user, status=Registration.Status.CONFIRMED, workshop=None, **fields):
    registration = Registration.objects.create(meeting=meeting, user=user, status=status, **fields)
    if workshop is not None:
        registration.workshops.add(workshop)
    return registration


def fr(*messages):
    with translation.override("fr"):
        return [gettext(message) for message in messages]


def rid(meeting, *users) -> list[int]:
    """The ids of these people's registrations for the meeting (what the register's boxes send)."""
    return [Registration.objects.get(meeting=meeting, user=user).pk for user in users]


def url(name, meeting):
    return reverse(f"clubs:{name}", args=[meeting.pk])


def attended(meeting):
    """{full name: attended} for the meeting's registrations."""
    return dict(
        Registration.objects.filter(meeting=meeting).values_list("user__full_name", "attended")
    )


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def parse_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def events(content: bytes) -> list:
    return icalendar.Calendar.from_ical(content).walk("VEVENT")


@pytest.fixture
def wanda(icf):
    """On the waiting list of the meeting (from ICF Habitat)."""
    return UserFactory(email="wanda@example.org", full_name="Wanda Attente", organisation=icf)


@pytest.fixture
def participants(meeting, alice, bob, edith, wanda):
    """Alice and Edith (ICF Habitat) and Bob (Groupe des Chalets) confirmed, Wanda waitlisted;
    the meeting takes place today (the register is taken on the day)."""
    meeting.date = timezone.localdate()
    meeting.save()
    register(meeting, alice)
    register(meeting, bob)
    register(meeting, edith)
    register(meeting, wanda, status=Registration.Status.WAITLISTED)
    return meeting


@pytest.fixture
def today_meeting(club, icf, alice, bob):
    """A published meeting of the club taking place today, Alice and Bob confirmed."""
    meeting = MeetingFactory(club=club, number=9, host=icf, date=timezone.localdate())
    register(meeting, alice)
    register(meeting, bob)
    return meeting


# --- attendance_record -------------------------------------------------------------------------


@pytest.mark.django_db
def test_animator_ticks_who_came_and_the_other_confirmed_participants_are_marked_absent(
    participants, charlie, alice, bob, edith
):
    Registration.objects.filter(user=edith).update(attended=True)
    # Ids come from a form: strings.
    count = attendance_record(
        actor=charlie,
        meeting=participants,
        attended_ids=[str(pk) for pk in rid(participants, alice, bob)],
    )
    assert count == 2
    assert attended(participants) == {
        "Alice Martin": True,
        "Bob Durand": True,
        "Edith Lambert": False,
        "Wanda Attente": False,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [None, "waitlisted", "cancelled"], ids=["not_registered", "waitlisted", "cancelled"]
)
def test_marking_someone_who_is_not_a_confirmed_participant_is_refused_and_changes_nothing(
    today_meeting, charlie, alice, bob, edith, status
):
    Registration.objects.filter(user=bob).update(attended=True)
    # Edith's registration for this meeting, or for another one when she has none here.
    other = today_meeting if status else MeetingFactory(club=today_meeting.club)
    edith_registration = register(other, edith, status=status or Registration.Status.CONFIRMED)
    with pytest.raises(ValidationError) as error:
        attendance_record(
            actor=charlie,
            meeting=today_meeting,
            attended_ids=[*rid(today_meeting, alice), edith_registration.pk],
        )
    assert str(edith_registration.pk) in " ".join(error.value.messages)
    assert attended(today_meeting) == {
        "Alice Martin": False,
        "Bob Durand": True,
        **({"Edith Lambert": False} if status else {}),
    }
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.PUBLISHED


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ANIMATORS)
def test_members_who_do_not_animate_the_club_may_not_record_attendance(
    request, role, participants, workshop, alice
):
    with pytest.raises(PermissionDenied):
        attendance_record(
            actor=request.getfixturevalue(role),
            meeting=participants,
            attended_ids=rid(participants, alice),
        )
    assert not any(attended(participants).values())


@pytest.mark.django_db
def test_staff_record_the_attendance_of_any_club_meeting(participants, staff_user, bob):
    assert attendance_record(
        actor=staff_user, meeting=participants, attended_ids=rid(participants, bob)
    )
    assert attended(participants)["Bob Durand"] is True


@pytest.mark.django_db
@pytest.mark.parametrize("days", [0, -2])
def test_recording_attendance_on_the_day_or_after_marks_the_meeting_as_held(
    today_meeting, charlie, alice, days
):
    today_meeting.date = days_from_today(days)
    today_meeting.save()
    attendance_record(actor=charlie, meeting=today_meeting, attended_ids=rid(today_meeting, alice))
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.HELD
    assert attended(today_meeting) == {"Alice Martin": True, "Bob Durand": False}


@pytest.mark.django_db
def test_attendance_before_the_meeting_day_is_refused_and_leaves_it_published(
    today_meeting, charlie, alice
):
    today_meeting.date = days_from_today(1)
    today_meeting.save()
    with pytest.raises(ValidationError) as error, translation.override("fr"):
        attendance_record(
            actor=charlie, meeting=today_meeting, attended_ids=rid(today_meeting, alice)
        )
    with translation.override("fr"):
        assert error.value.messages == [
            gettext("Attendance is taken on the day of the meeting, not before.")
        ]
    today_meeting.refresh_from_db()
    assert today_meeting.status == Meeting.Status.PUBLISHED
    assert not any(attended(today_meeting).values())


# --- The attendance register page --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["attendance", "sign-in-sheet", "participants-csv"])
def test_anonymous_visitor_is_asked_to_sign_in_for_the_register_sheet_and_export(
    client, participants, name
):
    response = client.get(url(name, participants))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "Alice Martin" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ANIMATORS)
def test_members_who_do_not_animate_the_club_get_403_on_the_register_and_cannot_tick(
    client, request, role, participants, workshop, alice
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("attendance", participants))
    assert response.status_code == 403
    assert "Alice Martin" not in response.content.decode()
    assert (
        client.post(
            url("attendance", participants), {"attended": rid(participants, alice)}
        ).status_code
        == 403
    )
    assert not any(attended(participants).values())


@pytest.mark.django_db
@pytest.mark.parametrize("role", MANAGERS)
def test_animator_and_staff_see_the_register_by_organisation_with_the_waiting_list_apart(
    client, request, role, participants, alice, bob, edith, wanda
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("attendance", participants))
    assert response.status_code == 200
    content = response.content.decode()
    register_part, waitlist_part = content.split('id="waitlist-title"')
    # Organisations are the groups' legends, in alphabetical order, with their head count.
    chalets = register_part.index("<legend>Groupe des Chalets")
    icf = register_part.index("<legend>ICF Habitat Sud-Est Méditerranée")
    assert chalets < icf
    assert 'Groupe des Chalets <span class="muted">(1)</span>' in register_part
    assert 'ICF Habitat Sud-Est Méditerranée <span class="muted">(2)</span>' in register_part
    assert chalets < register_part.index("Bob Durand") < icf
    assert icf < register_part.index("Alice Martin") < register_part.index("Edith Lambert")
    for pk in rid(participants, alice, bob, edith):
        assert f'name="attended" value="{pk}"' in register_part
    # Wanda waits: no box to tick, listed under the waiting list only.
    assert "Wanda Attente" not in register_part
    assert f'value="{rid(participants, wanda)[0]}"' not in register_part
    assert "Wanda Attente (ICF Habitat Sud-Est Méditerranée)" in waitlist_part
    assert "Alice Martin" not in waitlist_part


@pytest.mark.django_db
def test_animator_saves_the_ticks_of_the_register(client, charlie, participants, alice, edith):
    client.force_login(charlie)
    response = client.post(
        url("attendance", participants), {"attended": rid(participants, alice, edith)}, follow=True
    )
    assert response.redirect_chain == [(url("attendance", participants), 302)]
    assert attended(participants) == {
        "Alice Martin": True,
        "Bob Durand": False,
        "Edith Lambert": True,
        "Wanda Attente": False,
    }
    content = response.content.decode()
    assert "Présences enregistrées : 2 présents." in content
    for pk in rid(participants, alice, edith):
        assert f'value="{pk}" id="attended-{pk}" checked' in content
    # Unticking everyone saves everyone as absent.
    client.post(url("attendance", participants), {})
    assert not any(attended(participants).values())


@pytest.mark.django_db
def test_register_refuses_to_tick_a_waitlisted_person_and_saves_nothing(
    client, charlie, participants, alice, wanda
):
    client.force_login(charlie)
    response = client.post(
        url("attendance", participants), {"attended": rid(participants, alice, wanda)}
    )
    assert response.status_code == 200
    assert "Seuls les participants confirmés peuvent être marqués présents" in (
        response.content.decode()
    )
    assert not any(attended(participants).values())


@pytest.mark.django_db
def test_register_of_a_draft_meeting_is_hidden_from_members_and_shown_to_its_animator(
    client, club, icf, alice, charlie
):
    draft = MeetingFactory(club=club, number=12, host=icf, status=Meeting.Status.DRAFT)
    register(draft, alice)
    client.force_login(alice)
    assert client.get(url("attendance", draft)).status_code == 404
    assert client.get(url("sign-in-sheet", draft)).status_code == 404
    assert client.get(url("participants-csv", draft)).status_code == 404
    client.force_login(charlie)
    response = client.get(url("attendance", draft))
    assert response.status_code == 200
    assert "Alice Martin" in response.content.decode()


@pytest.mark.django_db
def test_register_takes_as_many_queries_for_forty_participants_as_for_two(
    client, charlie, meeting, workshop
):
    meeting.date = timezone.localdate()  # the boxes to tick are there on the day
    meeting.capacity = 50
    meeting.save()
    organisations = [OrganisationFactory() for _ in range(5)]

    def fill(count):
        Registration.objects.filter(meeting=meeting).delete()
        for index in range(count):
            register(
                meeting,
                UserFactory(organisation=organisations[index % 5]),
                workshop=workshop if index % 2 else None,
                attended=bool(index % 3),
            )
        register(meeting, UserFactory(), status=Registration.Status.WAITLISTED)
        register(meeting, UserFactory(), status=Registration.Status.WAITLISTED, workshop=workshop)

    client.force_login(charlie)
    client.get(url("attendance", meeting))  # one-off lookups (one's clubs, cached) out of the count
    counts = []
    for count in (2, 40):
        fill(count)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("attendance", meeting))
        assert response.content.decode().count('name="attended"') == count
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Sign-in sheet -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_in_sheet_lists_every_confirmed_participant_by_organisation_with_a_signature_column(
    client, charlie, participants
):
    client.force_login(charlie)
    response = client.get(url("sign-in-sheet", participants))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<th scope="col" class="signature">' in content
    assert "Signature" in content
    chalets = content.index('<th scope="rowgroup" rowspan="1">Groupe des Chalets</th>')
    icf = content.index('<th scope="rowgroup" rowspan="2">ICF Habitat Sud-Est Méditerranée</th>')
    assert chalets < content.index("Bob Durand") < icf
    assert icf < content.index("Alice Martin") < content.index("Edith Lambert")
    assert "Wanda Attente" not in content
    # One signature cell per participant, plus the blank lines for people who turn up.
    assert content.count('<td class="signature"></td>') == 3 + 5


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob"])
def test_members_who_do_not_animate_the_club_may_not_print_the_sign_in_sheet(
    client, request, role, participants
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("sign-in-sheet", participants))
    assert response.status_code == 403
    assert "Edith Lambert" not in response.content.decode()


# --- Participants CSV --------------------------------------------------------------------------


@pytest.mark.django_db
def test_participants_csv_lists_confirmed_people_by_organisation_then_name_and_presence(
    client, charlie, meeting, workshop, icf, chalets
):
    erilia = OrganisationFactory(name="Erilia", slug="erilia")
    register(
        meeting,
        UserFactory(full_name="zoé Zanetti", organisation=icf, job_title="Gardienne"),
        workshop=workshop,
        attended=True,
        dietary_note="Végétarienne",
    )
    register(meeting, UserFactory(full_name="Anne Arnaud", organisation=icf))
    register(meeting, UserFactory(full_name="Marc Moreau", organisation=chalets))
    register(meeting, UserFactory(full_name="Yves Yvon", organisation=erilia), workshop=workshop)
    register(
        meeting,
        UserFactory(full_name="Wanda Attente", organisation=erilia),
        status=Registration.Status.WAITLISTED,
    )
    register(
        meeting,
        UserFactory(full_name="Carl Annulé", organisation=erilia),
        status=Registration.Status.CANCELLED,
    )
    client.force_login(charlie)
    response = client.get(url("participants-csv", meeting))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="participants-club-8.csv"'
    header, *rows = parse_csv(response)
    assert header == [
        "Organisme",
        "Nom",
        "Fonction",
        "Adresse e-mail",
        "Atelier ou visite",
        "Régime alimentaire",
        *fr("Reduced mobility", "Photo consent", "Walk-in"),
        "Présent",
    ]
    job = "Chargée de développement social"
    title = "Résidences et souffrance psychique"
    assert [row[:2] + row[4:6] + row[-1:] for row in rows] == [
        ["Erilia", "Yves Yvon", title, "", "non"],
        ["Groupe des Chalets", "Marc Moreau", "", "", "non"],
        ["ICF Habitat Sud-Est Méditerranée", "Anne Arnaud", "", "", "non"],
        ["ICF Habitat Sud-Est Méditerranée", "zoé Zanetti", title, "Végétarienne", "oui"],
    ]
    assert {tuple(row[6:9]) for row in rows} == {("non", "non", "non")}
    assert [row[2] for row in rows] == [job, job, job, "Gardienne"]
    assert all(row[3].endswith("@example.org") for row in rows)


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_participants_csv_neutralises_cells_a_spreadsheet_would_run_as_formulas(
    client, charlie, meeting, icf, prefix
):
    register(
        meeting,
        UserFactory(
            full_name=f'{prefix}HYPERLINK("http://evil.example","Cliquez")',
            job_title=f"{prefix}1+1",
            organisation=icf,
        ),
        dietary_note=f"{prefix}cmd|' /C calc'!A0",
    )
    client.force_login(charlie)
    _, row = parse_csv(client.get(url("participants-csv", meeting)))
    assert row[1] == f'\'{prefix}HYPERLINK("http://evil.example","Cliquez")'
    assert row[2] == f"'{prefix}1+1"
    assert row[5] == f"'{prefix}cmd|' /C calc'!A0"
    assert row[0] == "ICF Habitat Sud-Est Méditerranée"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob"])
def test_members_who_do_not_animate_the_club_may_not_export_the_participants(
    client, request, role, participants
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(url("participants-csv", participants))
    assert response.status_code == 403
    assert "alice@example.org" not in response.content.decode()


# --- iCalendar files ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_ics_holds_one_event_at_the_meeting_time_in_paris(client, meeting):
    response = client.get(url("meeting-ics", meeting))
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == (
        'attachment; filename="club-innovation-sociale-8.ics"'
    )
    [event] = events(response.content)
    assert str(event["summary"]) == "8e Club Innovation sociale — Les résidences dédiées"
    start = event["dtstart"].dt
    assert start == datetime.datetime.combine(meeting.date, datetime.time(9, 30), tzinfo=PARIS)
    assert str(start.tzinfo) == "Europe/Paris"
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    assert event["dtend"].dt == datetime.datetime.combine(
        meeting.date, datetime.time(16, 30), tzinfo=PARIS
    )
    assert "Le Saint-Georges" in str(event["location"])
    assert "Marseille" in str(event["location"])
    assert str(event["url"]) == "http://testserver" + url("meeting-detail", meeting)
    assert b"BEGIN:VTIMEZONE" in response.content


@pytest.mark.django_db
def test_anonymous_visitor_downloads_a_published_meeting_ics_but_not_a_draft_one(
    client, club, meeting, alice
):
    register(meeting, alice)
    response = client.get(url("meeting-ics", meeting))
    assert response.status_code == 200
    assert len(events(response.content)) == 1
    assert b"Alice" not in response.content
    draft = MeetingFactory(club=club, number=13, status=Meeting.Status.DRAFT)
    assert client.get(url("meeting-ics", draft)).status_code == 404


@pytest.mark.django_db
def test_club_feed_lists_only_the_published_meetings_of_that_club(client, club, meeting):
    held = MeetingFactory(
        club=club, number=7, title="Le lien social", date=days_from_today(-90), status="held"
    )
    MeetingFactory(club=club, number=9, title="Brouillon", status=Meeting.Status.DRAFT)
    MeetingFactory(club=ClubFactory(), number=3, title="Club d'Occitanie")
    response = client.get(reverse("clubs:club-calendar", args=[club.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Club Innovation sociale PACA & Corse"
    assert sorted(str(event["summary"]) for event in calendar.walk("VEVENT")) == [
        "7e Club Innovation sociale — Le lien social",
        "8e Club Innovation sociale — Les résidences dédiées",
    ]
    assert sorted(str(event["uid"]) for event in calendar.walk("VEVENT")) == sorted(
        [f"meeting-{meeting.pk}@testserver", f"meeting-{held.pk}@testserver"]
    )


@pytest.mark.django_db
def test_registration_confirmation_email_carries_the_meeting_ics(
    alice, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = registration_create(actor=alice, meeting=meeting)
    assert registration.status == Registration.Status.CONFIRMED
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    [(filename, content, mimetype)] = message.attachments
    assert filename == "club-innovation-sociale-8.ics"
    assert mimetype.startswith("text/calendar")
    [event] = events(content.encode() if isinstance(content, str) else content)
    assert "8e Club Innovation sociale" in str(event["summary"])
    assert event["dtstart"].dt == datetime.datetime.combine(
        meeting.date, datetime.time(9, 30), tzinfo=PARIS
    )


@pytest.mark.django_db
def test_ics_attachment_of_the_confirmation_email_has_a_well_formed_content_type(
    alice, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(actor=alice, meeting=meeting)
    sent = email.message_from_bytes(
        mail.outbox[0].message().as_bytes(), policy=email.policy.default
    )
    [part] = [part for part in sent.walk() if part.get_content_type() == "text/calendar"]
    assert part.get_filename() == "club-innovation-sociale-8.ics"
    assert part.get_param("method") == "PUBLISH"
    assert part["content-type"].defects == ()


# --- Reminders ---------------------------------------------------------------------------------


@pytest.fixture
def reminder_meetings(club, icf):
    """Meetings at various distances and statuses, keyed by name."""
    meetings = {
        "today": MeetingFactory(club=club, number=20, date=days_from_today(0)),
        "in_two_days": MeetingFactory(club=club, number=21, date=days_from_today(2)),
        "in_three_days": MeetingFactory(club=club, number=22, date=days_from_today(3)),
        "in_four_days": MeetingFactory(club=club, number=23, date=days_from_today(4)),
        "yesterday": MeetingFactory(club=club, number=24, date=days_from_today(-1)),
        "draft": MeetingFactory(
            club=club, number=25, date=days_from_today(1), status=Meeting.Status.DRAFT
        ),
    }
    for key, meeting in meetings.items():
        register(meeting, UserFactory(email=f"{key}@example.org", organisation=icf))
    return meetings


def send_reminders(capture, days=3) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_meeting_reminders", days=days, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_reminders_go_to_confirmed_people_of_published_meetings_in_the_next_days(
    reminder_meetings, alice, bob, django_capture_on_commit_callbacks
):
    soon = reminder_meetings["in_two_days"]
    register(soon, alice, status=Registration.Status.WAITLISTED)
    register(soon, bob, status=Registration.Status.CANCELLED)
    output = send_reminders(django_capture_on_commit_callbacks)
    assert "3 reminder(s) sent." in output
    assert sorted(message.to[0] for message in mail.outbox) == [
        "in_three_days@example.org",
        "in_two_days@example.org",
        "today@example.org",
    ]
    message = next(m for m in mail.outbox if m.to == ["in_two_days@example.org"])
    assert "21e Club Innovation sociale" in message.subject
    assert message.attachments[0][0] == "club-innovation-sociale-21.ics"
    reminded = set(
        Registration.objects.filter(reminded_at__isnull=False).values_list("user__email", flat=True)
    )
    assert reminded == {
        "today@example.org",
        "in_two_days@example.org",
        "in_three_days@example.org",
    }


@pytest.mark.django_db
def test_reminders_are_sent_once_however_often_the_command_runs(
    reminder_meetings, django_capture_on_commit_callbacks
):
    assert "3 reminder(s) sent." in send_reminders(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3
    assert "0 reminder(s) sent." in send_reminders(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_someone_who_registers_after_a_run_is_reminded_on_the_next_one(
    reminder_meetings, alice, django_capture_on_commit_callbacks
):
    send_reminders(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    register(reminder_meetings["in_two_days"], alice)
    assert "1 reminder(s) sent." in send_reminders(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    assert "Alice Martin" in mail.outbox[0].body
