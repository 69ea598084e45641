"""Who else works on this near me: initiatives of other landlords on the same themes, members
of other organisations who offer the skills sought, nearest first, each with its reason."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from initiatives.nearby import helpful_members, initiatives_on_my_themes, similar_initiatives
from landlords.models import Region
from tests.factories import (
    InitiativeFactory,
    OrganisationFactory,
    SkillFactory,
    ThemeFactory,
    UserFactory,
)
from tests.queries import page_queries


def fr_theme_reason(themes: str, place: str, count: int = 1) -> str:
    with translation.override("fr"):
        text = ngettext("same theme: %(themes)s", "same themes: %(themes)s", count)
    return f"{text % {'themes': themes}} · {place}"


def fr_offer_reason(skills: str, place: str) -> str:
    with translation.override("fr"):
        return f"{gettext('offers: %(skills)s') % {'skills': skills}} · {place}"


def section(content: str, heading_id: str) -> str:
    if f'id="{heading_id}"' not in content:
        return ""
    start = content.index(f'id="{heading_id}"')
    return html.unescape(content[start : content.index("</section>", start)])


def titles(content: str, heading_id: str) -> list[str]:
    return re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", section(content, heading_id))


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def occitanie(db):
    return Region.objects.get(code="occitanie")


@pytest.fixture
def paca(db):
    return Region.objects.get(code="paca")


@pytest.fixture
def toulouse_gardens(icf, gardens, occitanie):
    """ICF's shared gardens in Toulouse (Haute-Garonne, Occitanie)."""
    return InitiativeFactory(
        title="Jardins d'Empalot",
        lead=icf,
        commune="Toulouse",
        departement="31",
        region=occitanie,
        themes=[gardens],
    )


@pytest.fixture
def around(icf, chalets, gardens, occitanie, paca):
    """Initiatives of other landlords around Toulouse, created from the oldest to the newest."""
    sport = ThemeFactory(name="Sport", slug="sport")
    erilia = OrganisationFactory(name="Erilia", slug="erilia")

    def make(title, commune, departement, region, themes, days, lead=chalets, **extra):
        return InitiativeFactory(
            title=title,
            lead=lead,
            commune=commune,
            departement=departement,
            region=region,
            themes=themes,
            created_at=days_ago(days),
            **extra,
        )

    return {
        "elsewhere": make("Potager du Panier", "Marseille", "13", paca, [gardens], 1, erilia),
        "namesake": make("Jardin de Toulouse", None, "84", paca, [gardens], 2),  # no commune
        "region": make("Jardin de Montpellier", "Montpellier", "34", occitanie, [gardens], 3),
        "departement": make("Jardin de Blagnac", "Blagnac", "31", occitanie, [gardens], 4),
        "departement_two": make(
            "Jardin sportif de Colomiers", "Colomiers", "31", occitanie, [gardens, sport], 40
        ),
        "commune": make("Jardin du Mirail", "Toulouse", "31", occitanie, [gardens], 50),
        "secret": make(
            "Jardin secret des Izards",
            "Toulouse",
            "31",
            occitanie,
            [gardens],
            5,
            visibility="members",
        ),
        "own": make("Autre jardin d'ICF", "Toulouse", "31", occitanie, [gardens], 0, icf),
        "sport_only": make("Boxe au Mirail", "Toulouse", "31", occitanie, [sport], 0),
    }


# --- Similar initiatives ---------------------------------------------------------------------


@pytest.mark.django_db
def test_similar_initiatives_come_nearest_first_then_newest(toulouse_gardens, around, alice):
    sport = around["sport_only"].themes.get()
    toulouse_gardens.themes.add(sport)
    found = similar_initiatives(toulouse_gardens, alice, limit=10)
    assert [initiative.title for initiative in found] == [
        "Boxe au Mirail",  # same commune (it shares sport now), the newest
        "Jardin secret des Izards",
        "Jardin du Mirail",
        "Jardin de Blagnac",  # same département, newest first
        "Jardin sportif de Colomiers",
        "Jardin de Montpellier",  # same region
        "Potager du Panier",  # elsewhere, newest first
        "Jardin de Toulouse",  # in its title only: no commune, another département
    ]


@pytest.mark.django_db
def test_similar_initiatives_leave_out_the_lead_s_own_and_those_without_a_shared_theme(
    toulouse_gardens, around
):
    found = {i.title for i in similar_initiatives(toulouse_gardens, AnonymousUser(), limit=20)}
    assert "Autre jardin d'ICF" not in found
    assert "Boxe au Mirail" not in found
    assert toulouse_gardens.title not in found


@pytest.mark.django_db
def test_each_similar_initiative_says_why_in_french(toulouse_gardens, around, gardens):
    sport = around["sport_only"].themes.get()
    toulouse_gardens.themes.add(sport)
    with translation.override("fr"):
        found = {i.title: i.reason for i in similar_initiatives(toulouse_gardens, AnonymousUser())}
    assert found["Jardin de Blagnac"] == fr_theme_reason("jardins partagés", "Haute-Garonne (31)")
    assert found["Jardin sportif de Colomiers"] == fr_theme_reason(
        "jardins partagés, sport", "Haute-Garonne (31)", count=2
    )
    assert found["Jardin du Mirail"] == fr_theme_reason(
        "jardins partagés", "Toulouse, Haute-Garonne (31)"
    )
    assert found["Potager du Panier"] == fr_theme_reason(
        "jardins partagés", "Bouches-du-Rhône (13)"
    )


@pytest.mark.django_db
def test_the_initiative_page_shows_the_reasons_and_members_only_ones_to_members(
    client, toulouse_gardens, around, bob
):
    url = toulouse_gardens.get_absolute_url()
    anonymous = client.get(url).content.decode()
    assert "Jardin secret des Izards" not in anonymous
    assert titles(anonymous, "related-title") == [
        "Jardin du Mirail",
        "Jardin de Blagnac",  # one theme shared each: the newest first
        "Jardin sportif de Colomiers",
        "Jardin de Montpellier",
    ]
    assert fr_theme_reason("jardins partagés", "Toulouse, Haute-Garonne (31)") in section(
        anonymous, "related-title"
    )
    client.force_login(bob)
    member = client.get(url).content.decode()
    assert titles(member, "related-title")[0] == "Jardin secret des Izards"


# --- Members who can help --------------------------------------------------------------------


@pytest.fixture
def gardening(db):
    return SkillFactory(name="Animation de jardins", slug="animation-de-jardins")


@pytest.fixture
def helpers(icf, chalets, gardening, occitanie, paca):
    """Members offering garden animation, and some who must never be suggested."""
    chalets.regions.set([occitanie])
    herault = OrganisationFactory(name="Hérault Habitat", slug="herault-habitat", departement="34")
    herault.regions.set([occitanie])
    provence = OrganisationFactory(name="Famille & Provence", slug="famille-provence")
    provence.regions.set([paca])
    compost = SkillFactory(name="Compostage", slug="compostage")

    def member(name, organisation, skills, **extra):
        extra.setdefault("directory_consent", True)
        user = UserFactory(full_name=name, organisation=organisation, **extra)
        user.skills.set(skills)
        return user

    return {
        "far": member("Fanny Provence", provence, [gardening]),
        "region": member("Hugo Hérault", herault, [gardening]),
        "departement": member("Bob Durand", chalets, [gardening, compost]),
        "no_consent": member("Nina Discrète", chalets, [gardening], directory_consent=False),
        "unapproved": member("Ugo Attente", chalets, [gardening], is_approved=False),
        "inactive": member("Iris Partie", chalets, [gardening], is_active=False),
        "colleague": member("Céline Collègue", icf, [gardening]),
        "other_skill": member("Oscar Compost", chalets, [compost]),
    }


@pytest.fixture
def contact(alice, toulouse_gardens, gardening):
    """Alice, ICF's contact for the Toulouse gardens, seeks garden animation."""
    alice.sought_skills.set([gardening])
    toulouse_gardens.contact = alice
    toulouse_gardens.save()
    return alice


@pytest.fixture
def viewer(db):
    return UserFactory(full_name="Véra Lectrice", organisation=OrganisationFactory())


@pytest.mark.django_db
def test_helpful_members_are_of_other_organisations_in_the_directory_nearest_first(
    toulouse_gardens, contact, helpers, viewer
):
    found = helpful_members(toulouse_gardens, viewer)
    assert [member.full_name for member in found] == [
        "Bob Durand",  # Haute-Garonne
        "Hugo Hérault",  # Occitanie
        "Fanny Provence",  # elsewhere
    ]


@pytest.mark.django_db
def test_a_member_who_did_not_agree_to_the_directory_is_never_suggested(
    client, toulouse_gardens, contact, helpers, viewer
):
    assert "Nina Discrète" not in {m.full_name for m in helpful_members(toulouse_gardens, viewer)}
    assert "Nina Discrète" not in {m.full_name for m in helpful_members(contact, contact)}
    client.force_login(viewer)
    assert "Nina Discrète" not in client.get(toulouse_gardens.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_each_helpful_member_says_what_they_offer_in_french(
    toulouse_gardens, contact, helpers, viewer
):
    with translation.override("fr"):
        found = {m.full_name: m.reason for m in helpful_members(toulouse_gardens, viewer)}
    assert found["Bob Durand"] == fr_offer_reason("animation de jardins", "Haute-Garonne (31)")
    assert found["Fanny Provence"] == fr_offer_reason(
        "animation de jardins", "Bouches-du-Rhône (13)"
    )


@pytest.mark.django_db
def test_helpful_members_are_for_members_only(client, settings, toulouse_gardens, contact, helpers):
    assert helpful_members(toulouse_gardens, AnonymousUser()) == []
    settings.PUBLIC_CACHE = True  # the anonymous page is cached: it must hold no member
    url = toulouse_gardens.get_absolute_url()
    for _ in range(2):
        anonymous = client.get(url).content.decode()
        assert 'id="helpful-title"' not in anonymous
        assert "Bob Durand" not in anonymous
    client.force_login(helpers["region"])
    member = client.get(url).content.decode()
    assert titles(member, "helpful-title") == ["Bob Durand", "Fanny Provence"]  # not themself
    link = reverse("landlords:member-detail", args=[helpers["departement"].pk])
    assert f'href="{link}"' in section(member, "helpful-title")
    client.logout()
    assert "Bob Durand" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_an_initiative_without_contact_or_sought_skill_suggests_nobody(
    toulouse_gardens, alice, helpers, viewer
):
    assert helpful_members(toulouse_gardens, viewer) == []  # no contact
    toulouse_gardens.contact = alice  # seeks nothing
    toulouse_gardens.save()
    assert helpful_members(toulouse_gardens, viewer) == []


# --- The member's space ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_member_space_shows_initiatives_on_my_themes_and_members_offering_what_i_seek(
    client, alice, icf, gardens, contact, around, helpers, occitanie
):
    icf.departement = "31"
    icf.save()
    icf.regions.set([occitanie])
    alice.themes.set([gardens])
    client.force_login(alice)
    content = client.get(reverse("clubs:dashboard")).content.decode()
    nearby = section(content, "nearby-initiatives-title")
    assert "Autre jardin d'ICF" not in nearby  # her own organisation's
    assert "Jardins d'Empalot" not in nearby
    assert "Boxe au Mirail" not in nearby  # not on her themes
    assert nearby.index("Jardin de Blagnac") < nearby.index("Jardin de Montpellier")
    assert nearby.index("Jardin de Montpellier") < nearby.index("Potager du Panier")
    assert fr_theme_reason("jardins partagés", "Haute-Garonne (31)") in nearby
    members = section(content, "nearby-members-title")
    assert members.index("Bob Durand") < members.index("Hugo Hérault")
    assert members.index("Hugo Hérault") < members.index("Fanny Provence")
    for name in ("Nina Discrète", "Céline Collègue", "Ugo Attente", "Iris Partie"):
        assert name not in members
    assert fr_offer_reason("animation de jardins", "Haute-Garonne (31)") in members


@pytest.mark.django_db
def test_initiatives_on_my_themes_leave_out_those_my_organisation_co_leads(
    alice, icf, chalets, gardens
):
    alice.themes.set([gardens])
    co_led = InitiativeFactory(title="Co-porté", lead=chalets, themes=[gardens])
    co_led.co_landlords.add(icf)
    InitiativeFactory(title="Des Chalets", lead=chalets, themes=[gardens])
    assert [i.title for i in initiatives_on_my_themes(alice)] == ["Des Chalets"]


# --- Costs -----------------------------------------------------------------------------------


def add_neighbours(number, gardens, gardening):
    for _ in range(number):
        organisation = OrganisationFactory(departement="31")
        InitiativeFactory(lead=organisation, departement="31", themes=[gardens])
        UserFactory(organisation=organisation, directory_consent=True).skills.add(gardening)


@pytest.mark.django_db
def test_the_initiative_page_costs_the_same_for_one_and_many_neighbours(
    client, toulouse_gardens, contact, gardens, gardening, viewer
):
    client.force_login(viewer)
    url = toulouse_gardens.get_absolute_url()
    add_neighbours(1, gardens, gardening)
    one, content = page_queries(client, url)
    assert len(titles(content, "related-title")) == 1
    assert len(titles(content, "helpful-title")) == 1
    add_neighbours(6, gardens, gardening)
    many, content = page_queries(client, url)
    assert len(titles(content, "related-title")) == 4
    assert len(titles(content, "helpful-title")) == 6
    assert many == one


@pytest.mark.django_db
def test_the_member_space_costs_the_same_for_one_and_many_neighbours(
    client, alice, gardens, gardening
):
    alice.themes.set([gardens])
    alice.sought_skills.set([gardening])
    client.force_login(alice)
    url = reverse("clubs:dashboard")
    add_neighbours(1, gardens, gardening)
    one, content = page_queries(client, url)
    assert section(content, "nearby-members-title").count("<li>") == 1
    add_neighbours(6, gardens, gardening)
    many, content = page_queries(client, url)
    assert section(content, "nearby-initiatives-title").count("<li>") == 6
    assert section(content, "nearby-members-title").count("<li>") == 6
    assert many == one


# --- The profile -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_saves_the_skills_they_are_looking_for_from_their_profile(
    client, alice, gardening
):
    compost = SkillFactory(name="Compostage", slug="compostage")
    client.force_login(alice)
    url = reverse("landlords:profile")
    with translation.override("fr"):
        label = gettext("skills I am looking for")
    assert label.casefold() in html.unescape(client.get(url).content.decode()).casefold()
    response = client.post(
        url,
        {
            "job_title": "Chargée de mission",
            "skills": [compost.pk],
            "sought_skills": [gardening.pk],
        },
    )
    assert response.status_code == 302
    assert list(alice.sought_skills.all()) == [gardening]
    assert list(alice.skills.all()) == [compost]
    my_data = html.unescape(client.get(reverse("landlords:my-data")).content.decode())
    assert "Animation de jardins" in my_data
