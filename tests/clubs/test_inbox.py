"""The members' area: the inbox of animators and staff, the header's count, each member's space."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from clubs.inbox import inbox_counts
from clubs.models import Action, Meeting, Registration, SessionLog, Workshop
from initiatives.models import CallForProjects
from notices.models import Follow
from tests.factories import (
    ApplicationFactory,
    ClubFactory,
    MeetingFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.queries import page_queries

DASHBOARD_URL = reverse("clubs:dashboard")
TODAY = timezone.localdate()


def days(number: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=number)


def french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def todo_words(count: int) -> str:
    """What screen readers hear after the count: the link's name holds its visible text."""
    with translation.override("fr"):
        return ngettext("thing to do", "things to do", count)


def submitted_log(workshop, author) -> SessionLog:
    return SessionLog.objects.create(
        workshop=workshop,
        author=author,
        summary="Ce qui s'est dit.",
        status=SessionLog.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def late_action(meeting, owner, title, *, due=-10) -> Action:
    workshop = Workshop.objects.create(meeting=meeting, title=f"Atelier de {title}")
    log = SessionLog.objects.create(
        workshop=workshop,
        author=UserFactory(),
        status=SessionLog.Status.APPROVED,
        approved_at=timezone.now(),
    )
    return Action.objects.create(
        session_log=log, meeting=log.workshop.meeting, title=title, owner=owner, due_date=days(due)
    )


@pytest.fixture
def occitanie():
    return ClubFactory(name="Club Innovation sociale Occitanie", slug="occitanie")


@pytest.fixture
def oscar(occitanie, arhlm):
    """Animator of the Occitanie club only."""
    user = UserFactory(email="oscar@example.org", full_name="Oscar Occitan", organisation=arhlm)
    occitanie.animators.add(user)
    return user


@pytest.fixture
def world(club, occitanie, meeting, workshop, rita, icf, chalets, unapproved):
    """One thing of each kind in the PACA & Corse club, and a restitution in Occitanie."""
    submitted_log(workshop, rita)
    toulouse = MeetingFactory(club=occitanie, number=1, title="Lancement", host=chalets)
    visit = Workshop.objects.create(meeting=toulouse, title="Visite d'Encagnane", kind="visit")
    submitted_log(visit, rita)
    draft = MeetingFactory(club=club, number=9, status=Meeting.Status.DRAFT, date=days(60))
    yesterday = MeetingFactory(club=club, number=7, date=days(-1), venue="La Friche")
    held = MeetingFactory(
        club=club, number=6, date=days(-90), status=Meeting.Status.HELD, venue="Saint Georges"
    )
    published = MeetingFactory(
        club=club, number=5, date=days(-200), status=Meeting.Status.HELD, venue="Erilia"
    )
    published.cahier_published_at = timezone.now()
    published.save()
    action = late_action(held, icf, "Partager la convention type")
    late_action(held, icf, "Pas encore en retard", due=10)
    return {
        "draft": draft,
        "yesterday": yesterday,
        "held": held,
        "published": published,
        "action": action,
        "toulouse": toulouse,
    }


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_animator_sees_what_waits_in_their_club_each_line_linking_to_where_it_is_done(
    client, charlie, world, workshop, unapproved
):
    content = dashboard(client, charlie)
    inbox = content.split('id="inbox-title"')[1].split('id="upcoming-title"')[0]
    assert french("Restitutions to review") in inbox
    assert reverse("clubs:session-log", args=[workshop.pk]) in inbox
    assert "Visite d" not in inbox  # another club's restitution
    assert "Ulysse Nouveau" in inbox  # animators approve accounts too
    assert reverse("landlords:approval-queue") in inbox
    assert reverse("clubs:meeting-detail", args=[world["draft"].pk]) in inbox
    assert reverse("clubs:attendance", args=[world["yesterday"].pk]) in inbox
    assert "Cahier du Saint Georges" in inbox
    assert "Cahier du Erilia" not in inbox  # already published
    assert "Partager la convention type" in inbox
    assert "Pas encore en retard" not in inbox
    assert reverse("clubs:action-list", args=["paca-corse"]) in inbox
    # The inbox comes first, then the animator's own space.
    assert content.index('id="inbox-title"') < content.index('id="upcoming-title"')


@pytest.mark.django_db
def test_animator_of_another_club_sees_only_that_clubs_restitution(client, oscar, world):
    inbox = dashboard(client, oscar).split('id="inbox-title"')[1].split('id="upcoming-title"')[0]
    assert "Visite d&#x27;Encagnane" in inbox
    assert "Résidences et souffrance psychique" not in inbox
    assert "Cahier du Saint Georges" not in inbox
    assert "Partager la convention type" not in inbox
    assert "Ulysse Nouveau" in inbox
    assert inbox_counts(oscar) == {
        "restitutions": 1,
        "accounts": 1,
        "drafts": 0,
        "attendance": 0,
        "cahiers": 0,
        "late_actions": 0,
    }


@pytest.mark.django_db
def test_staff_sees_every_clubs_inbox(client, staff_user, world):
    inbox = dashboard(client, staff_user).split('id="upcoming-title"')[0]
    assert "Visite d&#x27;Encagnane" in inbox
    assert "Résidences et souffrance psychique" in inbox
    assert "Cahier du Saint Georges" in inbox
    assert "Partager la convention type" in inbox
    counts = inbox_counts(staff_user)
    assert counts["restitutions"] == 2
    assert sum(counts.values()) == 7
    assert '<span class="todo-count">7</span>' in dashboard(client, staff_user)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["alice", "rita", "edith"])
def test_members_have_no_inbox_and_no_count(client, request, world, name):
    user = request.getfixturevalue(name)
    content = dashboard(client, user)
    assert 'id="inbox-title"' not in content
    assert french("Restitutions to review") not in content
    assert "todo-count" not in content
    assert inbox_counts(user) == {}


@pytest.mark.django_db
def test_the_header_count_says_in_words_how_many_things_wait(client, charlie, world):
    client.force_login(charlie)
    content = client.get(reverse("clubs:my-registrations")).content.decode()
    # restitution, account, draft, attendance, Cahier, late action
    members_link = content.split(f'href="{DASHBOARD_URL}"')[1].split("</a>")[0]
    assert "aria-label" not in members_link  # its name is what it shows, then the words
    assert '<span class="todo-count">6</span>' in members_link
    assert f'<span class="visually-hidden"> {escape(todo_words(6))}</span>' in members_link


@pytest.mark.django_db
def test_an_approved_restitution_leaves_the_inbox_and_the_count(client, charlie, world, workshop):
    from clubs import services

    Meeting.objects.filter(pk=workshop.meeting_id).update(  # reviewed once it took place
        date=days(-2), status=Meeting.Status.HELD, cahier_published_at=timezone.now()
    )
    before = inbox_counts(charlie)["restitutions"]
    services.session_log_approve(actor=charlie, log=SessionLog.objects.get(workshop=workshop))
    del charlie._inbox_counts  # asked once per user object, that is once per request
    assert inbox_counts(charlie)["restitutions"] == before - 1
    inbox = dashboard(client, charlie).split('id="upcoming-title"')[0]
    assert reverse("clubs:session-log", args=[workshop.pk]) not in inbox
    assert '<span class="todo-count">5</span>' in inbox


@pytest.mark.django_db
def test_an_empty_inbox_says_so(client, charlie):
    content = dashboard(client, charlie)
    assert 'id="inbox-title"' in content
    assert "todo-count" not in content
    assert french("Restitutions to review") not in content


@pytest.mark.django_db
def test_member_space_offers_registration_lists_the_organisations_initiatives_and_actions(
    client, alice, world, meeting, initiative, shared_initiative, icf
):
    content = dashboard(client, alice)
    upcoming = content.split('id="upcoming-title"')[1].split("</section>")[0]
    assert "8e Club Innovation sociale" in upcoming
    assert f"{reverse('clubs:meeting-detail', args=[meeting.pk])}#registration-title" in upcoming
    assert "Lancement" in upcoming  # Occitanie's meeting too: members register anywhere
    initiatives = content.split('id="initiatives-title"')[1].split("</section>")[0]
    assert "Jardins partagés du Saint-Georges" in initiatives  # led by ICF
    assert "Compost entre voisins" in initiatives  # co-led with Groupe des Chalets
    assert "Groupe des Chalets" in initiatives
    actions = content.split('id="actions-title"')[1].split("</section>")[0]
    assert actions.index("Partager la convention type") < actions.index("Pas encore en retard")
    assert actions.count(french("Late")) == 1
    assert reverse("clubs:action-list", args=["paca-corse"]) in actions


@pytest.mark.django_db
def test_a_registered_member_sees_their_status_instead_of_the_button(client, alice, meeting):
    Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
    upcoming = dashboard(client, alice).split('id="upcoming-title"')[1].split("</section>")[0]
    assert "#registration-title" not in upcoming
    assert french("Confirmed") in upcoming


@pytest.mark.django_db
def test_other_organisations_initiatives_and_actions_stay_out_of_my_space(
    client, bob, world, initiative
):
    content = dashboard(client, bob)  # Groupe des Chalets
    assert "Jardins partagés du Saint-Georges" not in content
    assert "Partager la convention type" not in content


@pytest.mark.django_db
def test_a_rapporteur_sees_the_restitution_to_write_but_not_of_a_draft_meeting(
    client, rita, workshop, club
):
    draft = MeetingFactory(club=club, number=12, status=Meeting.Status.DRAFT)
    hidden = Workshop.objects.create(meeting=draft, title="Atelier en préparation")
    hidden.rapporteurs.add(rita)
    content = dashboard(client, rita)
    assert reverse("clubs:session-log", args=[workshop.pk]) in content
    assert "Atelier en préparation" not in content


# --- Query counts -------------------------------------------------------------------------------


def add_one_of_each(club, number: int, rita) -> None:
    organisation = OrganisationFactory()
    UserFactory(organisation=organisation, is_approved=False)
    live = MeetingFactory(club=club, number=100 + number, host=organisation)
    workshop = Workshop.objects.create(meeting=live, title=f"Atelier {number}")
    submitted_log(workshop, rita)
    MeetingFactory(club=club, number=200 + number, status=Meeting.Status.DRAFT)
    MeetingFactory(club=club, number=300 + number, date=days(-1 - number))
    held = MeetingFactory(
        club=club, number=400 + number, date=days(-100 - number), status=Meeting.Status.HELD
    )
    late_action(held, organisation, f"Action {number}")


def costs_the_same(client, url, add, *, first: str, last: str) -> None:
    """The page's queries with one of each kind equal those with six of each."""
    add(0)
    one, content = page_queries(client, url)
    assert first in content
    for number in range(1, 6):
        add(number)
    many, content = page_queries(client, url)
    assert last in content
    assert many == one


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["charlie", "staff_user"])
def test_inbox_costs_the_same_for_one_and_many_of_each_kind(client, request, club, rita, name):
    client.force_login(request.getfixturevalue(name))
    costs_the_same(
        client,
        DASHBOARD_URL,
        lambda number: add_one_of_each(club, number, rita),
        first="Atelier 0",
        last="Action 5",
    )


@pytest.mark.django_db
def test_header_count_costs_the_same_for_one_and_many(client, charlie, club, rita):
    client.force_login(charlie)
    costs_the_same(
        client,
        reverse("clubs:my-registrations"),
        lambda number: add_one_of_each(club, number, rita),
        first='<span class="todo-count">6</span>',
        last='<span class="todo-count">36</span>',
    )


@pytest.mark.django_db
def test_member_space_costs_the_same_for_one_and_many(client, alice, icf, club):
    from tests.factories import InitiativeFactory

    client.force_login(alice)
    call = CallForProjects.objects.create(
        organiser=OrganisationFactory(), title="Appel", slug="appel", status="open"
    )

    def add(number):
        meeting = MeetingFactory(club=club, number=500 + number, date=days(5 + number))
        Registration.objects.create(meeting=meeting, user=alice, status="confirmed")
        workshop = Workshop.objects.create(meeting=meeting, title=f"Atelier {number}")
        workshop.rapporteurs.add(alice)
        initiative = InitiativeFactory(title=f"Initiative {number}", lead=OrganisationFactory())
        initiative.co_landlords.add(icf)
        late_action(meeting, icf, f"Action {number}")
        Follow.objects.create(user=alice, kind="club", club=ClubFactory(name=f"Club {number}"))
        ApplicationFactory(
            call=call, applicant=OrganisationFactory(), title=f"Candidature {number}"
        ).co_applicants.add(icf)

    costs_the_same(client, DASHBOARD_URL, add, first="Initiative 0", last="Action 5")


@pytest.mark.django_db
def test_the_member_space_elides_de_before_a_vowel(client, charlie):
    client.force_login(charlie)  # of AR Hlm
    content = client.get(reverse("clubs:dashboard")).content.decode()
    with translation.override("fr"):
        heading = gettext("The initiatives of %(organisation)s") % {"organisation": "AR Hlm"}
    assert heading == "Les initiatives de AR Hlm"  # as translated; the page elides it
    assert "Les initiatives d’AR Hlm</h2>" in content


@pytest.mark.django_db
def test_the_member_space_lists_what_the_member_follows_with_links(client, alice, club):
    theme = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    Follow.objects.create(user=alice, kind="club", club=club)
    Follow.objects.create(user=alice, kind="theme", theme=theme)
    Follow.objects.create(user=alice, kind="departement", departement="31")
    section = dashboard(client, alice).split('id="follows-title"')[1].split("</section>")[0]
    catalogue = reverse("initiatives:catalogue")
    club_link = reverse("clubs:club-detail", args=[club.slug])
    assert f'<a href="{club_link}">{escape(club.name)}</a>' in section
    assert f'<a href="{catalogue}?theme=jardins-partages">Jardins partagés</a>' in section
    assert f'<a href="{catalogue}?departement=31">Haute-Garonne (31)</a>' in section
    assert reverse("notices:preferences") in section


@pytest.mark.django_db
def test_a_member_who_follows_nothing_is_told_how_to(client, alice):
    section = dashboard(client, alice).split('id="follows-title"')[1].split("</section>")[0]
    assert french(
        "You follow nothing yet: follow a club from its page, a theme or a département from "
        "the catalogue narrowed to it."
    ) in section.replace("&#x27;", "'")


@pytest.mark.django_db
def test_the_member_space_lists_the_organisations_applications(client, alice, icf):
    call = CallForProjects.objects.create(
        organiser=OrganisationFactory(), title="Mobilités", slug="mobilites", status="open"
    )
    led = ApplicationFactory(call=call, applicant=icf, title="Notre projet", status="draft")
    joined = ApplicationFactory(call=call, title="Avec un partenaire")
    joined.co_applicants.add(icf)
    ApplicationFactory(call=call, title="Pas le nôtre")
    section = dashboard(client, alice).split('id="applications-title"')[1].split("</section>")[0]
    assert f'<a href="{led.get_absolute_url()}">Notre projet</a>' in section
    assert "Avec un partenaire" in section
    assert "Pas le nôtre" not in section
