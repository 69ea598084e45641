"""Hostile text in every user-writable field: rendered in the pages, the admin, the exports, the
feed and the PDFs, nothing runs and nothing is interpreted."""

import csv
import datetime
import io
import subprocess

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from clubs.models import Action, AgendaItem, Meeting, Registration, SessionLog, Workshop
from initiatives.models import (
    Assessment,
    CallForProjects,
    Indicator,
    Measurement,
    Resource,
    TargetPublic,
)
from landlords.models import Residence
from tests.factories import InitiativeFactory, MeetingFactory, ThemeFactory, UserFactory

# Short enough for 100-character fields; each piece is a classic way in.
SHORT = "<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7|add:1 }}"
LONG = (
    SHORT + '<svg onload=alert(3)><a href="javascript:alert(4)">lien</a>'
    '"><b onmouseover=alert(5)>x</b>{% now "Y" %}{{ settings.SECRET_KEY }}'
)
FORMULA = '=HYPERLINK("http://evil.example","clic")'

RAW = [
    "<script>alert(",
    "<img src=x onerror",
    "<svg onload",
    'href="javascript:',
    "<b onmouseover",
]


def assert_inert(html: str, url: str) -> None:
    """Nothing of the payload is live markup; the template syntax was not interpreted."""
    for needle in RAW:
        assert needle not in html, f"{needle} in {url}"
    assert settings.SECRET_KEY not in html, url
    assert "{{ 7|add:1 }}" in html, f"the payload is not shown literally on {url}"


@pytest.fixture
def hostile(club, icf, chalets, alice, charlie, rita, staff_user):
    theme = ThemeFactory(name=SHORT[:100], slug="hostile")
    public = TargetPublic.objects.create(name=SHORT[:100], slug="hostile-public")
    icf.about = LONG
    icf.save()
    Residence.objects.create(landlord=icf, name=SHORT, commune_label=SHORT[:100])
    alice.job_title = SHORT
    alice.full_name = SHORT[:150]  # the users list in the admin shows names, not job titles
    alice.directory_consent = True
    alice.save()
    alice.themes.set([theme])
    formula_member = UserFactory(full_name=FORMULA, organisation=chalets)
    meeting = MeetingFactory(
        club=club,
        number=7,
        title=SHORT,
        venue=SHORT,
        programme_intro=LONG,
        date=datetime.date(2023, 6, 19),
        status=Meeting.Status.HELD,
        cahier_published_at=timezone.now(),
    )
    AgendaItem.objects.create(
        meeting=meeting,
        start_time=datetime.time(9, 30),
        kind="plenary",
        title=SHORT,
        speakers=LONG[:300],
    )
    workshop = Workshop.objects.create(meeting=meeting, title=SHORT, description=LONG)
    workshop.rapporteurs.add(rita)
    log = SessionLog.objects.create(
        workshop=workshop,
        author=rita,
        summary=LONG,
        key_findings=LONG,
        proposals=LONG,
        status=SessionLog.Status.APPROVED,
        approved_at=timezone.now(),
    )
    Action.objects.create(
        session_log=log, meeting=log.workshop.meeting, title=LONG[:300], owner=icf
    )
    for user in (alice, formula_member):
        Registration.objects.create(
            meeting=meeting, user=user, status="confirmed", dietary_note=FORMULA
        ).workshops.add(workshop)
    initiative = InitiativeFactory(
        title=SHORT,
        slug="hostile",
        lead=icf,
        summary=LONG[:400],
        description=LONG,
        replicability=LONG,
        commune_label=SHORT[:100],
        themes=[theme],
    )
    initiative.publics.set([public])
    initiative.presented_at.set([meeting])
    formula_initiative = InitiativeFactory(title=FORMULA, slug="formula", lead=icf)
    indicator = Indicator.objects.create(initiative=initiative, name=SHORT, unit="<b>u</b>")
    Measurement.objects.create(
        indicator=indicator, date=datetime.date(2024, 1, 1), value=3, comment=LONG[:300]
    )
    Indicator.objects.create(initiative=formula_initiative, name=SHORT, unit="")
    Measurement.objects.create(
        indicator=formula_initiative.indicators.get(), date=datetime.date(2024, 1, 1), value=2
    )
    call = CallForProjects.objects.create(organiser=chalets, title=SHORT, slug="call", rules=LONG)
    Assessment.objects.create(
        initiative=initiative, kind="final", date=datetime.date(2024, 2, 1), text=LONG, author=alice
    )
    Resource.objects.create(
        title=SHORT, kind="link", url="https://example.org", description=LONG, added_by=alice
    )
    return {
        "meeting": meeting,
        "workshop": workshop,
        "initiative": initiative,
        "call": call,
        "alice": alice,
    }


def pages(world, club, icf):
    return [
        reverse("landlords:organisation-detail", args=[icf.slug]),
        reverse("landlords:member-list"),
        reverse("landlords:member-detail", args=[world["alice"].pk]),
        reverse("clubs:club-detail", args=[club.slug]),
        reverse("clubs:meeting-detail", args=[world["meeting"].pk]),
        reverse("clubs:session-log", args=[world["workshop"].pk]),
        reverse("clubs:action-list", args=[club.slug]),
        reverse("clubs:attendance", args=[world["meeting"].pk]),
        reverse("clubs:sign-in-sheet", args=[world["meeting"].pk]),
        reverse("initiatives:catalogue"),
        reverse("initiatives:detail", args=[world["initiative"].slug]),
        reverse("initiatives:call-detail", args=["call"]),
        reverse("initiatives:toolbox"),
        reverse("initiatives:impact"),
        reverse("admin:initiatives_initiative_changelist"),
        reverse("admin:initiatives_initiative_change", args=[world["initiative"].pk]),
        reverse("admin:clubs_sessionlog_changelist"),
        reverse("admin:landlords_user_changelist"),
        reverse("admin:landlords_organisation_change", args=[icf.pk]),
    ]


@pytest.mark.django_db
def test_hostile_text_is_inert_on_every_page_and_in_the_admin(
    client, hostile, club, icf, staff_user, charlie
):
    charlie.is_staff = True
    charlie.save()
    charlie.groups.add(*staff_user.groups.all())
    client.force_login(charlie)  # animator of the club and staff: sees every page
    for url in pages(hostile, club, icf):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)


@pytest.mark.django_db
def test_hostile_text_is_escaped_in_the_atom_feed(client, hostile):
    content = client.get(reverse("initiatives:feed")).content.decode()
    assert "<script>" not in content
    assert "&lt;script&gt;" in content


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.django_db
def test_spreadsheet_exports_neutralise_formulas(client, hostile, charlie):
    client.force_login(charlie)
    participants = read_csv(
        client.get(reverse("clubs:participants-csv", args=[hostile["meeting"].pk]))
    )
    cells = [cell for line in participants[1:] for cell in line]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells
    catalogue = read_csv(client.get(reverse("initiatives:export", args=["csv"])))
    titles = [line[0] for line in catalogue[1:]]
    assert "'" + FORMULA in titles

    from openpyxl import load_workbook

    response = client.get(reverse("initiatives:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [cell.value for cell in sheet["A"]]
    assert "'" + FORMULA in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_hostile_text_appears_literally_in_the_cahier(client, hostile, alice):
    client.force_login(alice)
    response = client.get(reverse("reports:cahier", args=[hostile["meeting"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"/JavaScript" not in response.content
    result = subprocess.run(
        ["pdftotext", "-", "-"],  # noqa: S607 — poppler-utils from Debian
        input=response.content,
        capture_output=True,
        check=True,
    )
    text = result.stdout.decode()
    assert "<script>alert(1)</script>" in text
    assert "{{ 7|add:1 }}" in text
    assert settings.SECRET_KEY not in text
