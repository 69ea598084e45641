import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from clubs import demo as clubs_demo
from clubs.models import Club, Meeting
from landlords import demo as landlords_demo
from landlords.models import Organisation, Residence, Skill, Theme, User


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Residence, User, Club, Meeting)
    }


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _development(settings):
    settings.DEBUG = True


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_counts(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-tests")
    load_demo()
    first = counts()
    load_demo()
    assert (
        counts()
        == first
        == {
            # The Nîmes event (clubs/demo.py) adds its made-up organisations and participants.
            "Organisation": len(landlords_demo.ORGANISATIONS) + len(clubs_demo.NIMES_ORGANISATIONS),
            "Residence": len(landlords_demo.RESIDENCES),
            "User": len(landlords_demo.PEOPLE)
            + len(
                {row[1] for row in clubs_demo.NIMES_PARTICIPANTS}
                - {row[0] for row in landlords_demo.PEOPLE}
            ),
            "Club": 2,
            "Meeting": len(clubs_demo.PACA_MEETINGS) + len(clubs_demo.OCCITANIE_MEETINGS) + 1,
        }
    )
    assert User.objects.get(email="isabelle.domas@example.org").check_password(
        "demo-pass-for-tests"
    )


@pytest.mark.django_db
def test_load_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        load_demo()
    assert counts()["User"] == 0


@pytest.mark.django_db
def test_demo_tells_the_seeds_story(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert "DEMO_PASSWORD is not set" in load_demo()
    paca = Club.objects.get(slug="paca-corse")
    seventh = paca.meetings.get(number=7)
    assert seventh.date == datetime.date(2023, 6, 19)
    assert seventh.host.name == "ICF Habitat Sud-Est Méditerranée"
    assert [p.name for p in seventh.partners.all()] == ["La Poste"]
    hosts = list(
        paca.meetings.filter(number__lte=7).order_by("number").values_list("host__name", flat=True)
    )
    assert hosts == [
        "Famille & Provence",
        "Erilia",
        None,
        "Unicil",
        "Grand Delta Habitat",
        "Côte d'Azur Habitat",
        "ICF Habitat Sud-Est Méditerranée",
    ]
    icf = Organisation.objects.get(name="ICF Habitat Sud-Est Méditerranée")
    assert (icf.kind, icf.family, icf.dwellings) == ("landlord", "esh", 18000)
    for name in (
        "Wimoov",
        "Citiz",
        "Solidarité Villes",
        "Circuits Verts",
        "CPIE du Pays d'Aix",
        "AFEV",
        "Beach Soccer 82",
        "Altéal",
        "Mésolia",
        "OPH 31",
    ):
        assert Organisation.objects.filter(name=name).exists(), name
    chalets = Residence.objects.filter(landlord__name="Groupe des Chalets")
    assert {"Marvig", "Le Donjon", "Crocus", "Lupins", "Narcisses"} <= set(
        chalets.values_list("name", flat=True)
    )
    assert Residence.objects.get(name="Encagnane").in_qpv
    isabelle = User.objects.get(email="isabelle.domas@example.org")
    assert (isabelle.organisation, isabelle.is_approved) == (icf, True)
    assert not isabelle.has_usable_password()
    assert set(paca.animators.values_list("full_name", flat=True)) == {
        "Anne Chemier",
        "Manon Venturelli",
    }
    manon = User.objects.get(email="manon.venturelli@example.org")
    assert manon.is_staff
    assert not manon.is_superuser
    assert manon.has_perm("landlords.change_user")
    assert manon.has_perm("clubs.change_meeting")
    assert not manon.has_perm("landlords.delete_user")


@pytest.mark.django_db
def test_demo_always_has_upcoming_meetings_on_thursdays():
    load_demo()
    upcoming = Meeting.objects.filter(date__gte=timezone.localdate())
    assert upcoming.count() == 2
    assert {meeting.date.weekday() for meeting in upcoming} == {3}


@pytest.mark.django_db
def test_demo_members_carry_themes_skills_and_editors_for_the_directory():
    load_demo()
    isabelle = User.objects.get(email="isabelle.domas@example.org")
    assert isabelle.is_organisation_editor
    assert "Souffrance psychique" in {theme.name for theme in isabelle.themes.all()}
    intergenerational = User.objects.in_directory().filter(themes__slug="intergenerationnel")
    organisations = {user.organisation.name for user in intergenerational}
    assert {"ICF Habitat Sud-Est Méditerranée", "AR Hlm"} <= organisations
    assert Theme.objects.count() == len(landlords_demo.THEMES)
    assert Skill.objects.count() == len(landlords_demo.SKILLS)
