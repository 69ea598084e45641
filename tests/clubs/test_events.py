"""Meetings of every kind: a club's numbered day (in its club's own name), an interregional or
partner event with its own title and co-organisers, a webinar held online."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from clubs.calendar import meeting_calendar
from clubs.models import Meeting, Registration
from tests.factories import ClubFactory, MeetingFactory, PartnerFactory


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def in_a_month() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def nimes(db):
    """The 3rd interregional meetings ESS Logement et habitat: two CRESS and Macif organise,
    Adrèa Mutuelle hosts."""
    cress = PartnerFactory(name="CRESS PACA", slug="cress-paca")
    cress_lr = PartnerFactory(name="CRESS Languedoc-Roussillon", slug="cress-lr")
    macif = PartnerFactory(name="Macif", slug="macif")
    adrea = PartnerFactory(name="Adrèa Mutuelle", slug="adrea", departement="30")
    event = Meeting.objects.create(
        kind=Meeting.Kind.EVENT,
        title="3es rencontres interrégionales ESS Logement et habitat",
        date=in_a_month(),
        host=adrea,
        venue="Adrèa Mutuelle",
        city="Nîmes",
        status=Meeting.Status.PUBLISHED,
    )
    event.co_organisers.set([cress, cress_lr, macif])
    return event


@pytest.mark.django_db
def test_an_event_reads_as_itself_on_its_page_and_in_its_calendar(client, nimes):
    assert nimes.name == "3es rencontres interrégionales ESS Logement et habitat"
    content = client.get(nimes.get_absolute_url()).content.decode()
    assert "<h1>3es rencontres interrégionales ESS Logement et habitat" in content
    assert "Club Innovation sociale</h1>" not in content
    practical = content.split('id="practical-title"')[1].split("</section>")[0]
    assert fr("Organised with") in practical
    for name in ("CRESS PACA", "CRESS Languedoc-Roussillon", "Macif"):
        assert name in practical
    assert "Adrèa Mutuelle" in practical
    assert fr("Online") not in practical
    (event,) = icalendar.Calendar.from_ical(meeting_calendar([nimes])).walk("VEVENT")
    assert str(event["summary"]) == "3es rencontres interrégionales ESS Logement et habitat"
    assert str(event["location"]) == "Adrèa Mutuelle, Nîmes"
    assert "CRESS Languedoc-Roussillon, CRESS PACA, Macif" in str(event["description"])


@pytest.mark.django_db
def test_a_meeting_without_a_host_is_not_read_as_online(client, club):
    meeting = MeetingFactory(club=club, number=12, host=None, venue="Salle Europe", city="Lyon")
    assert meeting.place == "Salle Europe, Lyon"
    practical = (
        client.get(meeting.get_absolute_url())
        .content.decode()
        .split('id="practical-title"')[1]
        .split("</section>")[0]
    )
    assert fr("Online") not in practical
    assert "Salle Europe" in practical


@pytest.mark.django_db
def test_a_webinar_is_online_and_its_link_goes_to_registered_members_only(client, alice, bob, club):
    webinar = Meeting.objects.create(
        kind=Meeting.Kind.WEBINAR,
        club=club,
        title="Webinaire : les jardins partagés",
        date=in_a_month(),
        is_online=True,
        online_url="https://visio.example.org/jardins",
        status=Meeting.Status.PUBLISHED,
    )
    with translation.override("fr"):
        assert webinar.place == pgettext("place", "Online")
    Registration.objects.create(meeting=webinar, user=alice, status="confirmed")
    client.force_login(alice)
    assert (
        "https://visio.example.org/jardins"
        in client.get(webinar.get_absolute_url()).content.decode()
    )
    client.force_login(bob)
    page = client.get(webinar.get_absolute_url()).content.decode()
    assert "https://visio.example.org/jardins" not in page
    assert fr("the link goes to those registered") in page
    client.logout()
    assert "visio.example.org" not in client.get(webinar.get_absolute_url()).content.decode()
    assert b"visio.example.org" not in meeting_calendar([webinar])


@pytest.mark.django_db
def test_another_club_keeps_its_own_name_for_its_meetings(db):
    club = ClubFactory(name="Club maîtrise d'ouvrage PACA", slug="moa", meeting_name="Club MOA")
    meeting = MeetingFactory(club=club, number=3)
    with translation.override("fr"):
        assert meeting.name == "3e Club MOA"


@pytest.mark.django_db
def test_staff_create_an_event_with_its_title_and_co_organisers(client, staff_user):
    cress = PartnerFactory(name="CRESS PACA", slug="cress-paca")
    host = PartnerFactory(name="Adrèa Mutuelle", slug="adrea")
    client.force_login(staff_user)
    url = reverse("clubs:event-create")
    data = {
        "kind": "event",
        "title": "",
        "date": in_a_month().isoformat(),
        "start_time": "09:00",
        "end_time": "17:00",
        "co_organisers": [cress.pk],
        "host": host.pk,
        "venue": "Adrèa Mutuelle",
        "city": "Nîmes",
        "capacity": "80",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
        "workshops-TOTAL_FORMS": "0",
        "workshops-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert fr("An event or a webinar is known by its title.") in response.content.decode().replace(
        "&#x27;", "'"
    )
    assert not Meeting.objects.exists()
    data["title"] = "Rencontres ESS Logement et habitat"
    response = client.post(url, data)
    event = Meeting.objects.get()
    assert response.url == event.get_absolute_url()
    assert (event.kind, event.club, event.number, event.host) == ("event", None, None, host)
    assert list(event.co_organisers.all()) == [cress]
    assert event.status == Meeting.Status.DRAFT


@pytest.mark.django_db
def test_an_event_page_offers_no_club_meeting_kind_and_needs_staff(client, charlie, staff_user):
    client.force_login(charlie)
    assert client.get(reverse("clubs:event-create")).status_code == 403
    client.force_login(staff_user)
    content = client.get(reverse("clubs:event-create")).content.decode()
    assert 'value="event"' in content
    assert 'value="club"' not in content
    assert 'name="number"' not in content


@pytest.mark.django_db
def test_the_home_page_announces_the_events_ahead(client, nimes, staff_user):
    content = client.get(reverse("clubs:home")).content.decode()
    events = content.split('id="events-title"')[1].split("</section>")[0]
    assert nimes.get_absolute_url() in events
    assert "CRESS PACA" in events
    assert reverse("clubs:event-create") not in events
    client.force_login(staff_user)
    content = client.get(reverse("clubs:home")).content.decode()
    assert reverse("clubs:event-create") in content
