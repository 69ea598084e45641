import datetime

import pytest
from django.urls import reverse

from clubs.models import AgendaItem, Meeting, Registration, RoadmapObjective, Workshop
from tests.factories import MeetingFactory, OrganisationFactory, PartnerFactory, UserFactory
from tests.queries import page_queries

MEMBERS = ["alice", "bob", "rita", "fabien", "charlie", "staff_user"]


def meeting_url(meeting):
    return reverse("clubs:meeting-detail", args=[meeting.pk])


def edit_url(meeting):
    return reverse("clubs:meeting-edit", args=[meeting.pk])


@pytest.fixture
def programme(meeting, workshop):
    AgendaItem.objects.create(
        meeting=meeting,
        start_time=datetime.time(9, 30),
        kind="welcome",
        title="Accueil",
        speakers="Sophie Matrat, présidente du directoire",
    )
    AgendaItem.objects.create(
        meeting=meeting,
        start_time=datetime.time(11, 0),
        end_time=datetime.time(12, 30),
        kind="workshops",
        title="Deux ateliers en parallèle",
    )
    meeting.partners.add(PartnerFactory(name="La Poste", slug="la-poste"))
    return meeting


def registered(meeting, count, workshop=None):
    for n in range(count):
        user = UserFactory(full_name=f"Participant {n:02d}")
        registration = Registration.objects.create(meeting=meeting, user=user, status="confirmed")
        if workshop is not None:
            registration.workshops.add(workshop)


# --- Meeting page -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_sees_the_programme_without_participants_names(
    client, programme, workshop, alice
):
    Registration.objects.create(meeting=programme, user=alice, status="confirmed")
    content = client.get(meeting_url(programme)).content.decode()
    assert "8e Club Innovation sociale" in content
    assert "ICF Habitat Sud-Est Méditerranée" in content
    assert "La Poste" in content
    assert "Sophie Matrat, présidente du directoire" in content
    assert "Résidences et souffrance psychique" in content
    assert "Rita Rapporteure" in content  # the programme names its rapporteur
    assert "1 personne inscrite." in content
    assert "Alice Martin" not in content
    assert "9 places restantes sur 10" in content


@pytest.mark.django_db
def test_places_left_never_go_below_zero_once_the_capacity_is_lowered(
    client, alice, programme, workshop
):
    registered(programme, 3, workshop)
    Meeting.objects.filter(pk=programme.pk).update(capacity=2)
    Workshop.objects.create(meeting=programme, title="Visite d’Encagnane")  # no capacity
    client.force_login(alice)
    content = client.get(meeting_url(programme)).content.decode()
    assert "0 place restante sur 2" in content
    assert "Résidences et souffrance psychique — complet (liste d’attente)" in content
    assert "Visite d’Encagnane</label>" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBERS)
def test_members_see_who_comes_by_organisation(client, request, role, programme, alice, bob):
    Registration.objects.create(meeting=programme, user=alice, status="confirmed")
    Registration.objects.create(meeting=programme, user=bob, status="waitlisted")
    client.force_login(request.getfixturevalue(role))
    content = client.get(meeting_url(programme)).content.decode()
    participants = content.split('id="participants-title"')[1]
    assert "ICF Habitat Sud-Est Méditerranée (1)" in participants
    assert "Alice Martin" in participants
    assert "Bob Durand" not in participants  # waitlisted people are not participants


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "alice", "bob", "rita", "fabien"])
def test_draft_meeting_is_404_for_all_but_its_animators_and_staff(client, request, role, meeting):
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(meeting_url(meeting)).status_code == 404
    assert client.get(reverse("clubs:meeting-ics", args=[meeting.pk])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_see_a_draft_with_its_tools(client, request, role, meeting):
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    client.force_login(request.getfixturevalue(role))
    content = client.get(meeting_url(meeting)).content.decode()
    assert "brouillon" in content
    assert "Publier" in content
    assert reverse("clubs:attendance", args=[meeting.pk]) in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "rita", "fabien"])
def test_members_do_not_get_the_animators_tools(client, request, role, meeting):
    client.force_login(request.getfixturevalue(role))
    content = client.get(meeting_url(meeting)).content.decode()
    assert edit_url(meeting) not in content
    assert reverse("clubs:attendance", args=[meeting.pk]) not in content


@pytest.mark.django_db
def test_meeting_of_another_club_animator_is_not_managed_by_charlie(client, charlie):
    other = MeetingFactory(status=Meeting.Status.DRAFT)  # another club
    client.force_login(charlie)
    assert client.get(meeting_url(other)).status_code == 404
    assert client.get(edit_url(other)).status_code == 404


@pytest.mark.django_db
def test_unknown_meeting_is_404(client):
    assert client.get(reverse("clubs:meeting-detail", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_meeting_page_query_count_is_the_same_for_2_and_40_registrations(
    client, alice, programme, workshop
):
    client.force_login(alice)
    registered(programme, 2, workshop)
    two, content = page_queries(client, meeting_url(programme))
    assert "Participant 01" in content
    registered_more = Meeting.objects.get(pk=programme.pk)
    for n in range(2, 40):
        user = UserFactory(full_name=f"Participant {n:02d}", organisation=OrganisationFactory())
        Registration.objects.create(meeting=registered_more, user=user, status="confirmed")
    forty, content = page_queries(client, meeting_url(programme))
    assert "Participant 39" in content
    assert two == forty


@pytest.mark.django_db
def test_user_text_is_escaped_on_the_meeting_page(client, meeting):
    Workshop.objects.create(meeting=meeting, title="<script>alert(1)</script>")
    meeting.title = '"><img src=x onerror=alert(2)>'
    meeting.save()
    content = client.get(meeting_url(meeting)).content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content


# --- Club page ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_club_page_shows_roadmap_animators_and_meetings(client, club, charlie, meeting):
    RoadmapObjective.objects.create(
        club=club, title="Répondre ensemble à des appels à projets", status="in_progress"
    )
    MeetingFactory(club=club, number=7, date=datetime.date(2023, 6, 19), status=Meeting.Status.HELD)
    MeetingFactory(club=club, number=9, status=Meeting.Status.DRAFT)
    content = client.get(reverse("clubs:club-detail", args=[club.slug])).content.decode()
    assert "Répondre ensemble à des appels à projets" in content
    assert "En cours" in content
    assert "Charlie Venturelli" in content
    assert "8e Club Innovation sociale" in content  # upcoming
    assert "7e Club Innovation sociale" in content  # past
    assert "9e Club Innovation sociale" not in content  # draft


@pytest.mark.django_db
def test_animator_sees_drafts_and_can_prepare_a_meeting_on_the_club_page(client, club, charlie):
    MeetingFactory(club=club, number=9, status=Meeting.Status.DRAFT)
    client.force_login(charlie)
    content = client.get(reverse("clubs:club-detail", args=[club.slug])).content.decode()
    assert "9e Club Innovation sociale" in content
    assert reverse("clubs:meeting-create", args=[club.slug]) in content


# --- Creating, editing and publishing -----------------------------------------------------------


def meeting_form_data(**overrides):
    data = {
        "number": "9",
        "title": "Habitat et santé mentale",
        "date": "2027-03-18",
        "start_time": "09:30",
        "end_time": "16:30",
        "host": "",
        "venue": "Salle du conseil",
        "address": "",
        "city": "Marseille",
        "programme_intro": "",
        "capacity": "40",
        "registration_closes_on": "",
        "agenda-TOTAL_FORMS": "1",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-start_time": "09:30",
        "agenda-0-end_time": "10:00",
        "agenda-0-kind": "welcome",
        "agenda-0-title": "Accueil café",
        "workshops-TOTAL_FORMS": "1",
        "workshops-INITIAL_FORMS": "0",
        "workshops-0-kind": "workshop",
        "workshops-0-title": "Souffrance psychique",
        "workshops-0-capacity": "15",
        "workshops-0-order": "1",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_animator_prepares_a_draft_meeting_with_its_programme(client, club, charlie, rita):
    client.force_login(charlie)
    url = reverse("clubs:meeting-create", args=[club.slug])
    assert 'value="1"' in client.get(url).content.decode()  # the next number is proposed
    response = client.post(url, meeting_form_data(**{"workshops-0-rapporteurs": [rita.pk]}))
    meeting = Meeting.objects.get(club=club, number=9)
    assert response.url == meeting_url(meeting)
    assert meeting.status == Meeting.Status.DRAFT
    assert [item.title for item in meeting.agenda_items.all()] == ["Accueil café"]
    workshop = meeting.workshops.get()
    assert (workshop.title, workshop.capacity) == ("Souffrance psychique", 15)
    assert list(workshop.rapporteurs.all()) == [rita]


@pytest.mark.django_db
def test_bad_programme_saves_nothing_and_says_why_beside_the_field(client, club, charlie):
    client.force_login(charlie)
    response = client.post(
        reverse("clubs:meeting-create", args=[club.slug]),
        meeting_form_data(**{"agenda-0-end_time": "09:00", "end_time": "08:00"}),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in content  # at the top, linking to the fields
    assert "L’heure de fin doit suivre l’heure de début." in content
    assert not Meeting.objects.filter(number=9).exists()
    assert not AgendaItem.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "rita", "fabien"])
def test_members_may_not_prepare_or_edit_meetings(client, request, role, club, meeting):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("clubs:meeting-create", args=[club.slug])).status_code == 403
    assert client.post(edit_url(meeting), meeting_form_data(title="Piraté")).status_code == 403
    assert client.post(reverse("clubs:meeting-publish", args=[meeting.pk])).status_code == 403
    meeting.refresh_from_db()
    assert meeting.title == "Les résidences dédiées"


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_to_edit(client, meeting):
    assert client.get(edit_url(meeting)).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_animator_edits_and_publishes(client, charlie, meeting):
    meeting.status = Meeting.Status.DRAFT
    meeting.save()
    client.force_login(charlie)
    response = client.post(edit_url(meeting), meeting_form_data(number="8", title="Nouveau"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Nouveau"
    content = client.post(
        reverse("clubs:meeting-publish", args=[meeting.pk]), follow=True
    ).content.decode()
    assert "La rencontre est publiée" in content
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED


@pytest.mark.django_db
def test_staff_may_edit_any_meeting(client, staff_user, meeting):
    client.force_login(staff_user)
    client.post(edit_url(meeting), meeting_form_data(number="8", title="Par l'équipe"))
    meeting.refresh_from_db()
    assert meeting.title == "Par l'équipe"


# --- Members' area ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_area_lists_my_registrations_and_restitutions_to_write(client, rita, workshop):
    Registration.objects.create(meeting=workshop.meeting, user=rita, status="confirmed")
    client.force_login(rita)
    content = client.get(reverse("clubs:dashboard")).content.decode()
    assert "Restitutions à rédiger" in content
    assert reverse("clubs:session-log", args=[workshop.pk]) in content
    assert "8e Club Innovation sociale" in content.split('id="registrations-title"')[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name",
    [
        "admin:clubs_meeting_changelist",
        "admin:clubs_registration_changelist",
        "admin:clubs_sessionlog_changelist",
        "admin:clubs_action_changelist",
        "admin:landlords_theme_changelist",
    ],
)
def test_staff_without_superuser_rights_manage_the_club_in_the_admin(
    client, staff_user, workshop, alice, url_name
):
    Registration.objects.create(meeting=workshop.meeting, user=alice, status="confirmed")
    client.force_login(staff_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "Sélectionnez" in response.content.decode()


@pytest.mark.django_db
def test_staff_see_the_history_of_a_registration_in_the_admin(client, staff_user, alice, meeting):
    from clubs import services

    registration = services.registration_create(actor=alice, meeting=meeting)
    client.force_login(staff_user)
    url = reverse("admin:clubs_registration_history", args=[registration.pk])
    content = client.get(url).content.decode()
    assert "Alice Martin" in content


@pytest.mark.django_db
def test_the_meeting_heading_gives_each_role_its_cahier_links(client, alice, charlie):
    """The heading is cached for readers and rendered live, with its forms, for animators."""
    import re

    from django.test import Client

    held = MeetingFactory(
        club=charlie.animated_clubs.get(), number=7, status=Meeting.Status.HELD, capacity=10
    )
    AgendaItem.objects.create(meeting=held, start_time="09:30", kind="welcome", title="Accueil")
    Registration.objects.create(meeting=held, user=alice, status="confirmed", attended=True)
    url = meeting_url(held)
    download = reverse("reports:cahier", args=[held.pk])
    publish = reverse("reports:cahier-publish", args=[held.pk])

    client.force_login(alice)
    page = client.get(url).content.decode()
    assert f'href="{download}"' not in page, "no Cahier before it is published"
    assert publish not in page

    animator = Client(enforce_csrf_checks=True)
    animator.force_login(charlie)
    page = animator.get(url).content.decode()
    assert f'href="{download}?projet=1"' in page
    assert f'href="{publish}"' in page  # the confirmation page, which posts to itself
    page = animator.get(publish).content.decode()
    form = page[page.index('<form method="post"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    assert animator.post(publish, {"csrfmiddlewaretoken": token}).status_code == 302
    held.refresh_from_db()
    assert held.cahier_published_at is not None

    for reader in (client, Client()):  # the member, then the public
        page = reader.get(url).content.decode()
        assert f'href="{download}"' in page
        assert "Télécharger le Cahier" in page
        assert publish not in page
        assert f"{download}?projet=1" not in page
