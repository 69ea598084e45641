"""The demo's Cahiers tell what the seeds tell: the 1st Club's ~40 participants from 17
organisations, the 7th Club's introduction, talks and synthesis."""

import io

import pytest
from django.core.management import call_command

from clubs.models import Meeting
from reports import services


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # twice: nothing doubles
    return {m.number: m for m in Meeting.objects.filter(club__slug="paca-corse")}


def test_the_first_club_counts_42_participants_from_17_organisations(demo):
    data = services.cahier_data(demo[1], audience="public")
    assert data["participant_total"] == 42
    assert len(data["participants"]) == 17
    assert {"AR Hlm", "Union sociale pour l'habitat", "Famille & Provence"} <= {
        row["organisation"] for row in data["participants"]
    }
    assert "quarantaine de participants" in data["meeting"]["introduction"]


def test_the_seventh_club_has_its_introduction_talks_and_synthesis(demo):
    data = services.cahier_data(demo[7], audience="members")
    assert data["meeting"]["introduction"].startswith("Après Famille & Provence")
    assert data["meeting"]["synthesis"].startswith("Dans les deux cas, les espaces collectifs")
    told = {talk["title"]: talk["account"] for talk in data["told"]}
    assert "Le facteur fait aujourd'hui" in told["L'offre sociale de La Poste"]
    assert data["meeting"]["host"] == "ICF Habitat Sud-Est Méditerranée"
    assert [p["name"] for p in data["meeting"]["partners"]] == ["La Poste"]
