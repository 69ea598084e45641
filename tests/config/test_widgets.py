"""ListSelect writes the same <select> as Django's Select, faster."""

from html.parser import HTMLParser

import pytest
from django import forms

from config.widgets import ListSelect
from landlords.models import Organisation


class Elements(HTMLParser):
    """The start tags with their attributes, and the text, in order (whitespace aside)."""

    def __init__(self):
        super().__init__()
        self.items = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, sorted(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag, []))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data.strip()))


def parsed(html: str) -> list:
    parser = Elements()
    parser.feed(html)
    return parser.items


CHOICES = [("", "Tous"), ("a", "Ä & <b>"), ("b", "Bailleur « B »"), ("a", "doublon")]


@pytest.mark.parametrize("value", [None, "", "a", "b", "inconnu"])
def test_list_select_writes_what_djangos_select_writes(value):
    attrs = {"id": "id_org", "aria-describedby": "id_org_helptext", "required": True}
    django_html = forms.Select(choices=CHOICES).render("org", value, attrs)
    ours = ListSelect(choices=CHOICES).render("org", value, attrs)
    assert parsed(ours) == parsed(django_html)
    assert "&lt;b&gt;" in ours


@pytest.mark.django_db
def test_a_model_choice_list_costs_one_query_and_keeps_the_selection(
    django_assert_num_queries, icf, chalets
):
    field = forms.ModelChoiceField(
        queryset=Organisation.objects.order_by("name"),
        to_field_name="slug",
        widget=ListSelect,
        empty_label="Tous",
    )
    with django_assert_num_queries(1):
        html = field.widget.render("org", chalets.slug, {"id": "id_org"})
    assert f'<option value="{chalets.slug}" selected>Groupe des Chalets</option>' in html
    assert f'<option value="{icf.slug}">ICF Habitat' in html


def test_grouped_choices_fall_back_to_djangos_rendering():
    choices = [("Landlords", [("a", "A"), ("b", "B")]), ("c", "C")]
    assert "<optgroup" in ListSelect(choices=choices).render("org", "a")
