"""Flash meetings at an event: the organiser's session, participants' profiles and requests, the
scheduler's run and its publication, agendas, and what each side made of a meeting."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from clubs import flash
from clubs.models import FlashMeeting, FlashRequest, FlashSession, Meeting, Registration
from tests.factories import PartnerFactory, ThemeFactory, UserFactory


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


@pytest.fixture
def event(db):
    return Meeting.objects.create(
        kind=Meeting.Kind.EVENT,
        title="Rencontres ESS Logement et habitat",
        date=timezone.localdate() + datetime.timedelta(days=20),
        city="Nîmes",
        status=Meeting.Status.PUBLISHED,
    )


@pytest.fixture
def people(event):
    """Four registered participants of four organisations."""
    users = {}
    for name in ("Ana", "Basile", "Chloé", "Driss"):
        organisation = PartnerFactory(name=f"Structure de {name}", slug=f"structure-{name.lower()}")
        users[name] = UserFactory(
            email=f"{name.lower()}@example.org", full_name=name, organisation=organisation
        )
        Registration.objects.create(meeting=event, user=users[name], status="confirmed")
    return users


@pytest.fixture
def session(event, staff_user):
    session = flash.session_save(actor=staff_user, meeting=event, rounds=3, tables=1)
    return flash.session_open(actor=staff_user, session=session)


def profile(session, user, rounds=(1, 2, 3), **kwargs):
    return flash.profile_save(actor=user, session=session, available_rounds=rounds, **kwargs)


@pytest.mark.django_db
def test_the_organiser_sets_rounds_and_tables_and_sees_their_times(staff_user, event):
    session = flash.session_save(
        actor=staff_user,
        meeting=event,
        rounds=4,
        round_minutes=12,
        changeover_minutes=3,
        break_after=2,
        break_minutes=15,
        starts_at=datetime.time(14, 0),
        tables=10,
    )
    assert [(n, f"{s:%H:%M}", f"{e:%H:%M}") for n, s, e in session.round_times()] == [
        (1, "14:00", "14:12"),
        (2, "14:15", "14:27"),
        (3, "14:45", "14:57"),
        (4, "15:00", "15:12"),
    ]
    with pytest.raises(ValidationError):
        flash.session_save(actor=staff_user, meeting=event, break_after=4)


@pytest.mark.django_db
def test_only_organisers_run_a_session_and_only_registrants_take_part(
    event, alice, charlie, people
):
    with pytest.raises(PermissionDenied):
        flash.session_save(actor=alice, meeting=event, rounds=3)
    session = FlashSession.objects.create(meeting=event, status=FlashSession.Status.OPEN)
    with pytest.raises(PermissionDenied):
        profile(session, alice)  # not registered to the event
    assert profile(session, people["Ana"]).available_rounds == [1, 2, 3]


@pytest.mark.django_db
def test_requests_accepted_by_both_weigh_two_and_the_scheduler_respects_every_constraint(
    staff_user, session, people
):
    profiles = {name: profile(session, user) for name, user in people.items()}
    profiles["Driss"] = profile(session, people["Driss"], rounds=(3,))

    def ask(a, b, accept=True):
        request = flash.request_send(actor=people[a], session=session, recipient=profiles[b])
        flash.request_answer(actor=people[b], request=request, accept=accept)

    ask("Ana", "Basile")
    ask("Basile", "Ana")  # they asked each other: weight 2
    ask("Ana", "Chloé")
    ask("Chloé", "Driss")
    ask("Basile", "Driss", accept=False)
    instance = flash.instance_for(session)
    assert sorted((r["weight"]) for r in instance["requests"]) == [1, 1, 2]
    result = flash.schedule_run(actor=staff_user, session=session)
    assert result["status"] == "optimal"
    meetings = list(session.meetings.select_related("first__user", "second__user"))
    assert len(meetings) == 3  # one table: one meeting per round
    rounds = {m.round for m in meetings}
    assert rounds == {1, 2, 3}
    driss = next(
        m for m in meetings if "Driss" in {m.first.user.full_name, m.second.user.full_name}
    )
    assert driss.round == 3  # the only round he is free
    assert {m.table for m in meetings} == {1}
    session.refresh_from_db()
    assert (session.requested, session.scheduled, session.objective, session.bound) == (3, 3, 4, 4)


@pytest.mark.django_db
def test_a_request_twice_or_to_oneself_is_refused(session, people):
    ana, basile = profile(session, people["Ana"]), profile(session, people["Basile"])
    flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    with pytest.raises(ValidationError):
        flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    with pytest.raises(ValidationError):
        flash.request_send(actor=people["Ana"], session=session, recipient=ana)
    assert FlashRequest.objects.count() == 1


@pytest.mark.django_db
def test_publishing_sends_each_their_agenda_and_a_new_run_keeps_them_in_place(
    staff_user, session, people, django_capture_on_commit_callbacks
):
    ana, basile = profile(session, people["Ana"]), profile(session, people["Basile"])
    request = flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    flash.request_answer(actor=people["Basile"], request=request, accept=True)
    flash.schedule_run(actor=staff_user, session=session)
    placed = session.meetings.get()
    with django_capture_on_commit_callbacks(execute=True):
        flash.schedule_publish(actor=staff_user, session=session)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "basile@example.org"]
    assert f"table {placed.table}" in mail.outbox[0].body
    # A late request; the published meeting stays where it was.
    chloe = profile(session, people["Chloé"])
    late = flash.request_send(actor=people["Chloé"], session=session, recipient=ana)
    session.status = FlashSession.Status.OPEN  # requests reopened by the organiser
    session.save()
    flash.request_answer(actor=people["Ana"], request=late, accept=True)
    session.status = FlashSession.Status.PUBLISHED
    session.save()
    flash.schedule_run(actor=staff_user, session=session)

    def pair(one, other):
        first, second = sorted((one, other), key=lambda p: p.pk)
        return session.meetings.get(first=first, second=second)

    kept = pair(ana, basile)
    assert (kept.round, kept.table) == (placed.round, placed.table)
    assert pair(ana, chloe).round != placed.round  # Ana cannot be at two tables at once


@pytest.mark.django_db
def test_each_sees_the_same_meeting_in_their_agenda_and_both_qualify_it(
    client, staff_user, session, people, event
):
    _ana, basile = profile(session, people["Ana"]), profile(session, people["Basile"])
    request = flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    flash.request_answer(actor=people["Basile"], request=request, accept=True)
    flash.schedule_run(actor=staff_user, session=session)
    flash.schedule_publish(actor=staff_user, session=session)
    meeting = session.meetings.get()
    url = reverse("clubs:flash-agenda", args=[event.pk])
    for name, other in (("Ana", "Basile"), ("Basile", "Ana")):
        client.force_login(people[name])
        content = client.get(url).content.decode()
        row = content.split(f'<th scope="row">{meeting.round}</th>')[1].split("</tr>")[0]
        assert f">{meeting.table}</td>" in row
        assert other in row
    with pytest.raises(ValidationError):  # before the event
        flash.qualify(actor=people["Ana"], meeting=meeting, qualified=True)
    Meeting.objects.filter(pk=event.pk).update(date=timezone.localdate())
    for name in ("Ana", "Basile"):
        client.force_login(people[name])
        client.post(
            reverse("clubs:flash-qualify", args=[event.pk, meeting.pk]), {"qualified": "yes"}
        )
    meeting.refresh_from_db()
    assert meeting.qualified
    assert flash.counts(session) == {"organisations": 2, "meetings": 1, "qualified": 1}
    with pytest.raises(PermissionDenied):
        flash.qualify(actor=people["Chloé"], meeting=meeting, qualified=False)


@pytest.mark.django_db
def test_the_participants_page_suggests_complementary_people_not_of_ones_organisation(
    client, session, people
):
    gardens = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    profile(session, people["Ana"], seeks_themes=[gardens])
    profile(session, people["Basile"], offers_themes=[gardens])
    colleague = UserFactory(email="collegue@example.org", organisation=people["Ana"].organisation)
    Registration.objects.create(meeting=session.meeting, user=colleague, status="confirmed")
    profile(session, colleague, offers_themes=[gardens])
    client.force_login(people["Ana"])
    content = client.get(reverse("clubs:flash", args=[session.meeting_id])).content.decode()
    suggested = content.split('id="suggested-title"')[1].split("</section>")[0]
    assert "Basile" in suggested
    assert colleague.full_name not in suggested


@pytest.mark.django_db
def test_the_organiser_page_shows_what_the_scheduler_found(client, staff_user, session, people):
    basile = profile(session, people["Basile"])
    profile(session, people["Ana"])
    request = flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    flash.request_answer(actor=people["Basile"], request=request, accept=True)
    client.force_login(staff_user)
    url = reverse("clubs:flash-manage", args=[session.meeting_id])
    client.post(url, {"action": "schedule"})
    content = client.get(url).content.decode()
    with translation.override("fr"):
        expected = gettext("%(scheduled)s of %(requested)s requested meetings scheduled") % {
            "scheduled": 1,
            "requested": 1,
        }
    assert expected in content
    assert FlashMeeting.objects.count() == 1


@pytest.mark.django_db
def test_the_agenda_goes_into_ones_calendar(client, staff_user, session, people, event):
    import icalendar

    basile = profile(session, people["Basile"])
    profile(session, people["Ana"])
    request = flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    flash.request_answer(actor=people["Basile"], request=request, accept=True)
    flash.schedule_run(actor=staff_user, session=session)
    flash.schedule_publish(actor=staff_user, session=session)
    meeting = session.meetings.get()
    client.force_login(people["Ana"])
    response = client.get(reverse("clubs:flash-agenda-ics", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (entry,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "Basile" in str(entry["summary"])
    assert str(meeting.table) in str(entry["summary"])
    start = next(begin for number, begin, _end in session.round_times() if number == meeting.round)
    assert entry.decoded("dtstart").time() == start


@pytest.mark.django_db
def test_the_agenda_prints_for_the_badge_holder_and_escapes_names(
    client, staff_user, session, people, event
):
    from tests.reports.pdfs import pdf_text

    people["Basile"].full_name = "<b>Basile</b>"
    people["Basile"].save()
    basile = profile(session, people["Basile"])
    profile(session, people["Ana"])
    request = flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    flash.request_answer(actor=people["Basile"], request=request, accept=True)
    flash.schedule_run(actor=staff_user, session=session)
    flash.schedule_publish(actor=staff_user, session=session)
    meeting = session.meetings.get()
    client.force_login(people["Ana"])
    response = client.get(reverse("clubs:flash-agenda-pdf", args=[event.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "<b>Basile</b>" in text  # printed as typed, not interpreted
    assert "Ana" in text
    assert str(meeting.table) in text


@pytest.mark.django_db
def test_the_participants_page_and_the_table_plan_cost_the_same_for_few_and_many(
    client, staff_user, session, people, event
):
    from tests.queries import page_queries

    gardens = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    profile(session, people["Ana"], seeks_themes=[gardens])
    basile = profile(session, people["Basile"], offers_themes=[gardens])
    request = flash.request_send(actor=people["Ana"], session=session, recipient=basile)
    flash.request_answer(actor=people["Basile"], request=request, accept=True)

    def costs():
        flash.schedule_run(actor=staff_user, session=session)
        client.force_login(people["Ana"])
        participant, _page = page_queries(client, reverse("clubs:flash", args=[event.pk]))
        client.force_login(staff_user)
        plan, _page = page_queries(client, reverse("clubs:flash-plan", args=[event.pk]))
        return participant, plan

    few = costs()
    session.tables = 10
    session.save()
    for number in range(8):
        user = UserFactory(
            email=f"p{number}@example.org",
            organisation=PartnerFactory(name=f"Autre {number}", slug=f"autre-{number}"),
        )
        Registration.objects.create(meeting=event, user=user, status="confirmed")
        other = profile(session, user, offers_themes=[gardens], seeks_themes=[gardens])
        asked = flash.request_send(actor=people["Ana"], session=session, recipient=other)
        flash.request_answer(actor=user, request=asked, accept=True)
        back = flash.request_send(actor=user, session=session, recipient=basile)
        flash.request_answer(actor=people["Basile"], request=back, accept=True)
    assert costs() == few
