"""French typography on the pages: "1er mars", thousands grouped by a narrow no-break space,
"d’" before a vowel."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from config.typography import date_text, elide
from places.selectors import commune_named

NNBSP = "\u202f"


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ day|date:"j F Y" }}', "1er mars 2026"),
        ('{{ day|date:"l j F Y" }}', "dimanche 1er mars 2026"),
        ("{{ day|date }}", "1er mars 2026"),
        ('{{ day|date:"DATE_FORMAT" }}', "1er mars 2026"),
        ('{{ day|date:"d/m/Y" }}', "01/03/2026"),
        (r'{{ day|date:"\j j" }}', "j 1er"),
    ],
)
def test_the_first_of_a_month_reads_1er_in_french(source, expected):
    with translation.override("fr"):
        assert render(source, day=datetime.date(2026, 3, 1)) == expected


def test_other_days_and_other_languages_are_left_as_django_writes_them():
    with translation.override("fr"):
        assert render('{{ day|date:"j F Y" }}', day=datetime.date(2026, 3, 2)) == "2 mars 2026"
    with translation.override("en"):
        assert render('{{ day|date:"j F Y" }}', day=datetime.date(2026, 3, 1)) == "1 March 2026"


def test_python_code_writes_dates_the_same_way():
    with translation.override("fr"):
        assert date_text(datetime.date(2026, 6, 1)) == "1er juin 2026"
        assert date_text(None) == ""


def test_datetimes_are_shown_in_local_time_with_1er():
    moment = datetime.datetime(2026, 2, 28, 23, 30, tzinfo=datetime.UTC)  # 1 March in Paris
    with translation.override("fr"):
        assert render('{{ moment|date:"j F Y H:i" }}', moment=moment) == "1er mars 2026 00:30"


def test_thousands_are_grouped_by_a_narrow_no_break_space():
    with translation.override("fr"):
        assert render("{% load humanize %}{{ n|intcomma }}", n=11000) == f"11{NNBSP}000"
        assert render('{{ n|floatformat:"0g" }}', n=1250000) == f"1{NNBSP}250{NNBSP}000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visite de Encagnane (Aix-en-Provence)", "Visite d’Encagnane (Aix-en-Provence)"),
        ("Visite de Le Mail", "Visite de Le Mail"),
        ("Visite de Hyères", "Visite de Hyères"),
        ("De Échirolles", "D’Échirolles"),
        ("Lot de Oranges", "Lot d’Oranges"),
        ("Grande fête", "Grande fête"),
    ],
)
def test_de_before_a_vowel_becomes_d_apostrophe(text, expected):
    assert elide(text) == expected


def test_the_elide_filter_keeps_markup_escaped():
    assert render("{{ text|elide }}", text="de Alès <b>") == "d’Alès &lt;b&gt;"


@pytest.mark.django_db
def test_a_visit_on_the_programme_reads_d_apostrophe_before_a_vowel(client, meeting, icf):
    from django.urls import reverse

    from clubs.models import AgendaItem
    from landlords.models import Residence

    encagnane = Residence.objects.create(
        landlord=icf, name="Encagnane", commune=commune_named("Aix-en-Provence")
    )
    AgendaItem.objects.create(
        meeting=meeting,
        start_time=datetime.time(15),
        kind="visit",
        title="Visite du quartier",
        residence=encagnane,
    )
    page = client.get(reverse("clubs:meeting-detail", args=[meeting.pk])).content.decode()
    with translation.override("fr"):
        expected = translation.gettext("Visit of %(name)s (%(commune)s)") % {
            "name": "Encagnane",
            "commune": "Aix-en-Provence",
        }
    assert elide(expected) in page
    assert "Visite d’Encagnane (Aix-en-Provence)" in page
