"""The demo of the 3rd interregional meetings "ESS Logement et habitat" (Nîmes, 2015): the event,
its 41 organisations, a published flash schedule that keeps the scheduler's rules, and the
seed's 135 qualified exchanges on the event page."""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils.html import escape
from django.utils.translation import gettext, override

from clubs import flash
from clubs.models import Action, FlashMeeting, FlashProfile, FlashRequest, FlashSession, Meeting
from landlords.models import Organisation, User

TITLE = "3es rencontres interrégionales ESS Logement et habitat"


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, User, Meeting, FlashProfile, FlashRequest, FlashMeeting)
    } | {
        "qualified": FlashMeeting.objects.filter(
            qualified_by_first=True, qualified_by_second=True
        ).count()
    }


@pytest.fixture
def event(db):
    output = load_demo()
    first = counts()
    output = load_demo()
    assert counts() == first, "loading the demo twice changed the counts"
    assert "41 organisations" in output
    assert "135 qualified exchanges" in output
    return Meeting.objects.get(title=TITLE)


def test_the_event_is_the_nimes_meetings_of_the_social_economy(event):
    assert event.kind == Meeting.Kind.EVENT
    assert event.name == TITLE
    assert event.status == Meeting.Status.HELD
    assert (event.date.isoformat(), event.city, event.is_online) == ("2015-11-26", "Nîmes", False)
    assert event.host.name == "Adréa Mutuelle"
    assert set(event.co_organisers.values_list("name", flat=True)) == {
        "CRESS Provence-Alpes-Côte d'Azur",
        "CRESS Languedoc-Roussillon",
        "Macif Provence Méditerranée",
    }


def test_41_organisations_take_part_with_a_profile_each(event):
    session = event.flash_session
    profiles = FlashProfile.objects.filter(session=session).select_related("user__organisation")
    organisations = {profile.user.organisation.name for profile in profiles}
    assert len(organisations) == 41 == profiles.count()
    assert {
        "Régie de quartier services Nord Littoral",
        "Handitoit Provence",
        "SFHE-Arcade",
        "Mascobado",
        "Macif Provence Méditerranée",
        "Adréa Mutuelle",
    } <= organisations
    assert all(profile.user.email.endswith("@example.org") for profile in profiles)
    assert all(
        profile.offers_themes.exists() and profile.seeks_skills.exists() for profile in profiles
    )
    registered = event.registrations.filter(status="confirmed", attended=True)
    assert set(registered.values_list("user", flat=True)) == {p.user_id for p in profiles}
    # A person of the landlords demo takes part as who they are.
    assert profiles.get(user__full_name="Sabine Fincato").user.organisation.name == (
        "Régie de quartier services Nord Littoral"
    )


def test_requests_are_mostly_accepted_and_some_mutual(event):
    requests = FlashRequest.objects.filter(session=event.flash_session)
    statuses = Counter(requests.values_list("status", flat=True))
    assert statuses["accepted"] > statuses["declined"] + statuses["pending"] > 0
    pairs = Counter(
        tuple(sorted(pair))
        for pair in requests.filter(status="accepted").values_list("sender", "recipient")
    )
    assert any(count == 2 for count in pairs.values())


def test_the_published_schedule_keeps_the_schedulers_rules(event):
    session = event.flash_session
    assert session.status == FlashSession.Status.PUBLISHED
    assert session.solver_status in {"optimal", "feasible"}
    meetings = list(session.meetings.select_related("first", "second"))
    assert len(meetings) >= 135
    accepted = {
        tuple(sorted(pair))
        for pair in session.requests.filter(status="accepted").values_list("sender", "recipient")
    }
    seats, tables, pairs = set(), set(), set()
    for meeting in meetings:
        assert meeting.first_id < meeting.second_id
        assert (meeting.first_id, meeting.second_id) in accepted
        assert 1 <= meeting.round <= session.rounds
        assert 1 <= meeting.table <= session.tables
        for profile in (meeting.first, meeting.second):
            assert meeting.round in profile.available_rounds, "only rounds both are free"
            assert (profile.pk, meeting.round) not in seats, "nobody twice in a round"
            seats.add((profile.pk, meeting.round))
        assert (meeting.round, meeting.table) not in tables, "one meeting per table and round"
        tables.add((meeting.round, meeting.table))
        pairs.add((meeting.first_id, meeting.second_id))
    assert len(pairs) == len(meetings)
    assert flash.counts(session) == {
        "organisations": 41,
        "meetings": len(meetings),
        "qualified": 135,
    }


def test_the_event_page_shows_the_counts(event, client):
    held = event.flash_session.meetings.count()
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    with override("fr"):
        line = gettext(
            "%(organisations)s organisations, %(meetings)s meetings, %(qualified)s "
            "qualified exchanges"
        ) % {"organisations": 41, "meetings": held, "qualified": 135}
    assert escape(line) in response.content.decode()
    assert escape(TITLE) in response.content.decode()


def test_some_qualified_exchanges_have_a_next_step_carried_by_one_of_the_two(event):
    actions = Action.objects.filter(meeting=event).select_related(
        "flash_meeting__first__user", "flash_meeting__second__user"
    )
    assert actions.count() == 9  # every 15th of the 135
    for action in actions:
        meeting = action.flash_meeting
        assert meeting.qualified
        assert action.owner_id in {
            meeting.first.user.organisation_id,
            meeting.second.user.organisation_id,
        }
        assert not action.is_late  # the demo shows nothing late since 2016
