"""The catalogue's département filter takes a code as typed in an old address: `?departement=2a`
is Corse-du-Sud, filtered and shown selected exactly as `?departement=2A`."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("initiatives:catalogue")


def _selected_options(content: str) -> list[str]:
    select = re.search(r'<select [^>]*name="departement".*?</select>', content, re.S).group(0)
    return re.findall(r"<option [^>]*\bselected\b[^>]*>([^<]*)</option>", select)


@pytest.fixture
def corsica(db):
    InitiativeFactory(title="Jardin d’Ajaccio", departement="2A", commune="Ajaccio")
    InitiativeFactory(title="Potager de Bastia", departement="2B", commune="Bastia")
    InitiativeFactory(title="Jardin de Marseille", departement="13", commune="Marseille")


@pytest.mark.parametrize("code", ["2A", "2a", " 2a "])
def test_a_corsica_code_in_any_case_filters_and_shows_corse_du_sud_selected(client, corsica, code):
    content = client.get(CATALOGUE, {"departement": code}).content.decode()
    assert "Jardin d’Ajaccio" in content
    assert "Potager de Bastia" not in content
    assert "Jardin de Marseille" not in content
    assert _selected_options(content) == ["Corse-du-Sud (2A)"]


def test_lower_and_upper_case_codes_give_the_same_catalogue(client, corsica):
    lower = client.get(CATALOGUE, {"departement": "2b"}).content.decode()
    upper = client.get(CATALOGUE, {"departement": "2B"}).content.decode()
    assert _selected_options(lower) == _selected_options(upper) == ["Haute-Corse (2B)"]
    for content in (lower, upper):
        assert "Potager de Bastia" in content
        assert "Jardin d’Ajaccio" not in content


def test_without_a_departement_every_initiative_shows_under_all_departements(client, corsica):
    content = client.get(CATALOGUE).content.decode()
    for title in ("Jardin d’Ajaccio", "Potager de Bastia", "Jardin de Marseille"):
        assert title in content
    with translation.override("fr"):
        assert _selected_options(content) == [gettext("All départements")]
