"""Every data table of the site sits in a region that scrolls sideways and that a keyboard can
reach: `<div class="scroll-region" role="region" aria-labelledby="…" tabindex="0">`, labelled by
the table's caption. The pages hold the demo data (load_demo), seen by the role that sees them."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import html

from tests.conftest import staff_group
from tests.factories import REGION_NAMES, UserFactory, region

pytestmark = pytest.mark.django_db


def _region_problems(page: bytes) -> tuple[int, list[str]]:
    """How many tables the page has, and what is wrong with the region around each."""
    tree = html.fromstring(page)
    tables = tree.xpath("//table")
    problems = []
    for number, table in enumerate(tables, start=1):
        regions = table.xpath(
            "ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' scroll-region ')]"
        )
        if not regions:
            problems.append(f"table {number} has no .scroll-region ancestor")
            continue
        region_div = regions[-1]  # the nearest
        for attribute, wanted in (("role", "region"), ("tabindex", "0")):
            if region_div.get(attribute) != wanted:
                problems.append(f"table {number}: its region has {attribute}={wanted!r} missing")
        label_id = region_div.get("aria-labelledby")
        labels = tree.xpath("//*[@id=$id]", id=label_id) if label_id else []
        if len(labels) != 1 or not labels[0].text_content().strip():
            problems.append(f"table {number}: aria-labelledby={label_id!r} names no single label")
    ids = tree.xpath("//@id")
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    if duplicated:
        problems.append(f"duplicated ids: {duplicated}")
    return len(tables), problems


@pytest.fixture
def demo(db):
    from clubs.models import SessionLog
    from initiatives.models import Application, Measurement
    from landlords.models import Organisation, User

    for code in REGION_NAMES:
        region(code)
    staff_group()
    os.environ.setdefault("DEMO_PASSWORD", "Demo-pass-2026")
    call_command("load_demo", force=True, stdout=StringIO())
    log = SessionLog.objects.filter(status="approved", actions__isnull=False).first()
    measured = Measurement.objects.filter(indicator__initiative__visibility="public")
    initiative = measured.first().indicator.initiative
    application = Application.objects.select_related("call").get(
        call__slug="habitat-et-initiatives-solidaires", status="laureate", applicant__name="Wimoov"
    )
    organiser_member = UserFactory(
        email="organiser@example.org", organisation=application.call.organiser
    )
    UserFactory(email="waiting@example.org", full_name="Wanda Attente", is_approved=False)
    member = User.objects.get(email="isabelle.domas@example.org")
    assert log is not None
    return {
        "member": member,
        "animator": User.objects.get(email="manon.venturelli@example.org"),
        "staff": User.objects.get(email="anne.chemier@example.org"),
        "organiser_member": organiser_member,
        "editor": UserFactory(email="editor@example.org", organisation=initiative.lead),
        "log": log,
        "initiative": initiative,
        "call": application.call,
        "application": application,
        "landlord": Organisation.objects.landlords().filter(residences__isnull=False).first(),
    }


def _pages(demo) -> dict[str, list[str]]:
    log, initiative = demo["log"], demo["initiative"]
    workshop = log.workshop
    meeting = workshop.meeting
    return {
        "anonymous": [
            initiative.get_absolute_url(),
            reverse("initiatives:impact"),
            reverse("landlords:organisation-detail", args=[demo["landlord"].slug]),
        ],
        "member": [
            reverse("clubs:my-registrations"),
            reverse("clubs:session-log", args=[workshop.pk]),
        ],
        "editor": [reverse("initiatives:data", args=[initiative.slug])],
        "organiser_member": [
            reverse("initiatives:call-board", args=[demo["call"].slug]),
            reverse("initiatives:call-bilans", args=[demo["call"].slug]),
            reverse("initiatives:application-detail", args=[demo["application"].pk]),
        ],
        "animator": [
            reverse("clubs:action-list", args=[meeting.club.slug]),
            reverse("clubs:session-log-history", args=[workshop.pk]),
            reverse("clubs:sign-in-sheet", args=[meeting.pk]),
        ],
        "staff": [reverse("landlords:approval-queue")],
    }


def test_every_table_of_the_main_pages_sits_in_a_focusable_labelled_region(client, demo):
    found, counted = [], {}
    for role, paths in _pages(demo).items():
        client.logout()
        if role != "anonymous":
            client.force_login(demo[role])
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, f"[{role}] {path}: {response.status_code}"
            tables, problems = _region_problems(response.content)
            counted[path] = tables
            found.extend(f"[{role}] {path}: {problem}" for problem in problems)
    assert not found, "\n".join(found)
    without = [path for path, tables in counted.items() if not tables]
    assert not without, f"pages that should show a table show none: {without}"
