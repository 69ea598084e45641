import datetime

import pytest
from django.core.management import call_command

from clubs.models import Club, Meeting
from landlords.models import Organisation, User


def counts():
    return {model.__name__: model.objects.count() for model in (Organisation, User, Club, Meeting)}


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_counts(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-pass-for-tests")
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: PTH123, SIM115
    first = counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: PTH123, SIM115
    assert counts() == first
    assert first["Meeting"] >= 7
    assert User.objects.get(email="isabelle.domas@example.org").check_password(
        "demo-pass-for-tests"
    )


@pytest.mark.django_db
def test_demo_tells_the_seeds_story(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: PTH123, SIM115
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
    isabelle = User.objects.get(email="isabelle.domas@example.org")
    assert (isabelle.organisation, isabelle.is_approved) == (icf, True)
    assert not isabelle.has_usable_password()
    assert set(paca.animators.values_list("full_name", flat=True)) == {
        "Anne Chemier",
        "Manon Venturelli",
    }
