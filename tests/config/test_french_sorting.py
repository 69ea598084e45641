"""Names sort as a French reader expects, on SQLite as on PostgreSQL: accents and case come
second ("Économies d'énergie" among the E's, "Côte d'Azur Habitat" among the C's)."""

import functools

import pytest
from django.urls import reverse

from config.collation import compare, french
from landlords.models import Organisation, Theme

NAMES = ["Zéphyr Habitat", "Économies d'énergie", "erilia", "Côte d'Azur Habitat", "Cité Jardins"]
FRENCH_ORDER = [
    "Cité Jardins",
    "Côte d'Azur Habitat",
    "Économies d'énergie",
    "erilia",
    "Zéphyr Habitat",
]


def test_the_comparison_puts_accented_letters_with_their_letter():
    assert sorted(NAMES, key=lambda name: name) != FRENCH_ORDER  # what bytes would give
    assert sorted(NAMES, key=functools.cmp_to_key(compare)) == FRENCH_ORDER


@pytest.mark.django_db
def test_the_database_orders_names_in_french():
    for number, name in enumerate(NAMES):
        Theme.objects.create(name=name, slug=f"theme-{number}")
    assert list(Theme.objects.values_list("name", flat=True)) == FRENCH_ORDER
    by_hand = Theme.objects.order_by(french("name").desc())
    assert list(by_hand.values_list("name", flat=True)) == FRENCH_ORDER[::-1]


@pytest.mark.django_db
def test_the_organisations_page_lists_them_in_french_order(client):
    for number, name in enumerate(NAMES):
        Organisation.objects.create(name=name, slug=f"org-{number}", kind="landlord")
    content = client.get(reverse("landlords:organisation-list")).content.decode()
    positions = [content.index(name.replace("'", "&#x27;")) for name in FRENCH_ORDER]
    assert positions == sorted(positions)
