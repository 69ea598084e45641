import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clubs.models import Meeting
from tests.factories import ClubFactory, MeetingFactory, PartnerFactory
from tests.queries import page_queries

HOME_URL = reverse("clubs:home")
DASHBOARD_URL = reverse("clubs:dashboard")
TODAY = timezone.localdate()


@pytest.fixture
def meetings(club, icf):
    la_poste = PartnerFactory(name="La Poste", slug="la-poste")
    past = MeetingFactory(
        club=club,
        number=6,
        date=TODAY - datetime.timedelta(days=200),
        status=Meeting.Status.HELD,
        title="Rencontre passée",
    )
    nxt = MeetingFactory(
        club=club,
        number=7,
        date=TODAY + datetime.timedelta(days=20),
        host=icf,
        title="Les résidences dédiées",
    )
    nxt.partners.add(la_poste)
    later = MeetingFactory(
        club=club, number=8, date=TODAY + datetime.timedelta(days=90), title="Habitat inclusif"
    )
    draft = MeetingFactory(
        club=club,
        number=9,
        date=TODAY + datetime.timedelta(days=10),
        status=Meeting.Status.DRAFT,
        title="Brouillon secret",
    )
    return {"past": past, "next": nxt, "later": later, "draft": draft}


def login(client, user):
    if user is not None:
        client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("name", [None, "unapproved", "alice", "bob", "charlie", "staff_user"])
def test_home_shows_the_club_and_the_next_published_meeting_to_everyone(
    client, request, meetings, name
):
    login(client, request.getfixturevalue(name) if name else None)
    content = client.get(HOME_URL).content.decode()
    assert "Club Innovation sociale" in content
    assert "Club Innovation sociale PACA &amp; Corse" in content
    assert "7e Club Innovation sociale" in content
    assert "ICF Habitat Sud-Est Méditerranée" in content
    assert "La Poste" in content
    assert "Les résidences dédiées" in content
    assert "Brouillon secret" not in content  # drafts never reach the public page
    assert "Rencontre passée" not in content


@pytest.mark.django_db
def test_home_invites_anonymous_visitors_to_sign_in_or_up(client, meetings):
    content = client.get(HOME_URL).content.decode()
    assert reverse("account_signup") in content
    assert reverse("account_login") in content
    assert DASHBOARD_URL not in content


@pytest.mark.django_db
def test_home_links_members_to_their_area(client, alice, meetings):
    client.force_login(alice)
    content = client.get(HOME_URL).content.decode()
    assert DASHBOARD_URL in content
    assert reverse("account_signup") not in content


@pytest.mark.django_db
def test_home_says_when_no_meeting_is_planned(client, club):
    content = client.get(HOME_URL).content.decode()
    assert "Aucune rencontre n’est programmée pour l’instant." in content


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_clubs_and_meetings(client, django_assert_num_queries):
    MeetingFactory()
    with CaptureQueriesContext(connection) as one:
        client.get(HOME_URL)
    for _ in range(6):
        meeting = MeetingFactory(club=ClubFactory())
        meeting.partners.add(PartnerFactory(), PartnerFactory())
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME_URL)
    assert response.content.decode().count('class="card"') == 7
    assert len(many) == len(one)


@pytest.mark.django_db
def test_home_is_available_in_english(client, meetings):
    content = client.get("/en/").content.decode()
    assert '<html lang="en">' in content
    assert "7th Club Innovation sociale" in content
    assert "Next meeting" in content


@pytest.mark.django_db
def test_language_switch_links_to_the_same_page_in_the_other_language(client, initiative):
    french_url = initiative.get_absolute_url()
    home = client.get("/").content.decode()
    assert 'href="/en/" hreflang="en" lang="en"' in home
    english = client.get("/en/").content.decode()
    assert 'href="/" hreflang="fr" lang="fr"' in english
    catalogue = client.get("/initiatives/?theme=jardins-partages&page=1").content.decode()
    assert 'href="/en/initiatives/?page=1&amp;theme=jardins-partages" hreflang="en"' in catalogue
    junk = client.get("/initiatives/?theme=no-such-theme&ref=x").content.decode()
    assert 'href="/en/initiatives/" hreflang="en"' in junk  # only what the page understood
    page = client.get(f"/en{french_url}").content.decode()
    assert f'href="{french_url}" hreflang="fr"' in page


@pytest.mark.django_db
def test_on_a_missing_page_the_language_link_goes_to_the_other_languages_home(client):
    french = client.get("/nulle-part/")
    assert french.status_code == 404
    assert 'href="/en/" hreflang="en"' in french.content.decode()
    english = client.get("/en/nowhere/")
    assert 'href="/" hreflang="fr"' in english.content.decode()
    assert 'EN<span class="visually-hidden"> – English</span>' in french.content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_the_members_area(client):
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=" + DASHBOARD_URL


@pytest.mark.django_db
def test_unapproved_account_is_sent_to_the_waiting_page(client, unapproved):
    client.force_login(unapproved)
    response = client.get(DASHBOARD_URL)
    assert response.url == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("alice", "ICF Habitat Sud-Est Méditerranée"),
        ("bob", "Groupe des Chalets"),
        ("charlie", "AR Hlm"),
        ("staff_user", "AR Hlm"),
    ],
)
def test_members_area_shows_ones_own_profile_and_the_meetings_ahead(
    client, request, meetings, name, organisation
):
    user = request.getfixturevalue(name)
    client.force_login(user)
    content = client.get(DASHBOARD_URL).content.decode()
    assert "Espace membres" in content
    assert user.email in content
    assert organisation in content
    assert "7e Club Innovation sociale" in content
    assert "8e Club Innovation sociale" in content
    assert "Brouillon secret" not in content
    others = {"alice@example.org", "bob@example.org"} - {user.email}
    assert not any(email in content for email in others)


@pytest.mark.django_db
def test_members_area_query_count_does_not_grow_with_meetings(client, alice, club):
    MeetingFactory(club=club, number=1)
    client.force_login(alice)
    one, _ = page_queries(client, DASHBOARD_URL)
    for number in range(2, 6):
        MeetingFactory(club=club, number=number).partners.add(PartnerFactory())
    many, _ = page_queries(client, DASHBOARD_URL)
    assert many == one


@pytest.mark.django_db
def test_staff_sees_the_administration_link_and_members_do_not(client, alice, staff_user):
    client.force_login(alice)
    assert reverse("admin:index") not in client.get(HOME_URL).content.decode()
    client.force_login(staff_user)
    assert reverse("admin:index") in client.get(HOME_URL).content.decode()
