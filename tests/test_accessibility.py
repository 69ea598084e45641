"""axe-core over the portal's main pages, as an anonymous visitor, a member, an animator and
staff: no serious or critical violation.

axe-core comes from npm (package.json; `make test` runs `npm ci` when node_modules is missing).
The site's CSP refuses injected scripts, so this test's browser contexts bypass it — here only.
The pages hold the demo data (load_demo): the meetings, restitutions, calls and toolbox that a
person would see, rather than a few rows made for a test."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.conftest import CHROMIUM, staff_group
from tests.factories import REGION_NAMES, region

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
# Known violations, as (page or None for every page, rule): none today. A line added here needs
# the reason beside it and comes out once the page is fixed.
KNOWN: set[tuple[str | None, str]] = set()

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _demo():
    """The demo data and the objects whose pages are checked."""

    from clubs.models import Action, Club, Meeting, SessionLog, Workshop
    from initiatives.models import Application, CallForProjects, Initiative
    from landlords.models import Organisation, User

    for code in REGION_NAMES:  # data of migrations, gone after an earlier test's flush
        region(code)
    staff_group()
    os.environ.setdefault("DEMO_PASSWORD", "Demo-pass-2026")
    call_command("load_demo", force=True, stdout=StringIO())
    club = Club.objects.get(slug="paca-corse")
    past = Meeting.objects.filter(club=club, status="published").order_by("date").first()
    logged = Workshop.objects.filter(session_log__isnull=False).first() or (
        Workshop.objects.filter(meeting=past).first()
    )
    member = User.objects.get(email="isabelle.domas@example.org")
    # The scheduler may place the Nîmes meetings differently from one load to the next: the
    # flash pages are seen by a side of whichever meeting has a next step.
    next_step = Action.objects.filter(flash_meeting__isnull=False).order_by("pk").first()
    return {
        "club": club,
        "meeting": past,
        "flash_meeting": next_step.flash_meeting,
        "flash_participant": next_step.flash_meeting.first.user,
        "workshop": logged,
        "log": SessionLog.objects.first(),
        "initiative": Initiative.objects.filter(visibility="public").order_by("pk").first(),
        "organisation": Organisation.objects.landlords().order_by("pk").first(),
        "call": CallForProjects.objects.get(slug="habitat-et-initiatives-solidaires"),
        "open_call": CallForProjects.objects.filter(status="open").first(),
        "application": Application.objects.get(applicant__name="Wimoov"),
        "organiser": User.objects.get(full_name="Stéphanie Erales"),
        "juror": User.objects.get(email="robin.hamadi@example.org"),
        "member": member,
        "animator": User.objects.get(email="manon.venturelli@example.org"),
        "staff": User.objects.get(email="anne.chemier@example.org"),
    }


def _pages(demo) -> dict[str, list[str]]:
    club, meeting, workshop = demo["club"], demo["meeting"], demo["workshop"]
    initiative, organisation = demo["initiative"], demo["organisation"]
    flash = f"/rencontres/{demo['flash_meeting'].session.meeting_id}/flash/"
    return {
        "anonymous": [
            "/",
            "/initiatives/",
            "/initiatives/?departement=13",
            initiative.get_absolute_url(),
            "/initiatives/impact/",
            "/organismes/",
            f"/organismes/{organisation.slug}/",
            "/boite-a-outils/",
            "/appels-a-projets/",
            f"/appels-a-projets/{demo['call'].slug}/",
            f"/clubs/{club.slug}/",
            f"/rencontres/{meeting.pk}/",
            "/comptes/login/",
            "/comptes/signup/",
            "/comptes/password/reset/",
            "/cette-page-n-existe-pas/",
            "/actualites/",
            "/actualites/lancement-du-club-innovation-sociale/",
            "/donnees/",
            "/initiatives/?q=jardn",  # nothing found: a spelling proposed (PostgreSQL)
            "/initiatives/carte/",
        ],
        "member": [
            "/espace-membres/",
            "/membres/",
            f"/membres/{demo['animator'].pk}/",
            "/compte/profil/",
            "/compte/mes-donnees/",
            "/mes-inscriptions/",
            "/initiatives/nouvelle/",
            "/boite-a-outils/ajouter/",
            f"/ateliers/{workshop.pk}/restitution/",
        ],
        "animator": [
            "/espace-membres/",
            f"/clubs/{club.slug}/rencontres/nouvelle/",
            f"/rencontres/{meeting.pk}/modifier/",
            f"/rencontres/{meeting.pk}/cahier/textes/",
            "/actualites/nouvelle/",
            f"/rencontres/{meeting.pk}/presences/",
            f"/ateliers/{workshop.pk}/restitution/",
            f"/clubs/{club.slug}/actions/",
        ],
        # The Nîmes event's flash meetings: a participant's agenda and a meeting with a next step.
        "flash participant": [
            flash,
            f"{flash}agenda/",
            f"{flash}rencontres/{demo['flash_meeting'].pk}/suite/",
        ],
        "staff": [
            "/comptes-a-valider/",
            f"/organismes/{organisation.slug}/modifier/",
        ],
        "organiser": [
            f"/appels-a-projets/{demo['call'].slug}/tableau/",
            f"/appels-a-projets/{demo['call'].slug}/bilans/",
            demo["application"].get_absolute_url(),
        ],
        "juror": [
            f"/appels-a-projets/{demo['call'].slug}/jury/",
            f"/candidatures/{demo['application'].pk}/evaluation/",
        ],
        "applicant": [
            f"/appels-a-projets/{demo['open_call'].slug}/",
            f"/appels-a-projets/{demo['open_call'].slug}/candidater/",
        ],
    }


def _context(browser, live_server, user=None, width=1280):
    context = browser.new_context(
        locale="fr-FR", bypass_csp=True, viewport={"width": width, "height": 900}
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context


def _violations(page, path="") -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
        "v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.slice(0, 5).map(n => n.target.join(' '))})))"
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['targets'])}"
        for v in result
        if v["impact"] in BLOCKING and not {(path, v["id"]), (None, v["id"])} & KNOWN
    ]


def _check(page, live_server, path) -> list[str]:
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    return [f"{path}: {line}" for line in _violations(page, path)]


@pytest.fixture
def demo(db):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does).")
    return _demo()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_main_pages_have_no_serious_or_critical_violation(live_server, browser, demo):
    pages = _pages(demo)
    users = {
        "anonymous": None,
        "member": demo["member"],
        "flash participant": demo["flash_participant"],
        "animator": demo["animator"],
        "staff": demo["staff"],
        "organiser": demo["organiser"],
        "juror": demo["juror"],
        "applicant": demo["member"],
    }
    assert sum(len(paths) for paths in pages.values()) >= 25
    found = []
    for role, paths in pages.items():
        context = _context(browser, live_server, users[role])
        page = context.new_page()
        page.set_default_timeout(15_000)
        for path in paths:
            found.extend(f"[{role}] {line}" for line in _check(page, live_server, path))
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium")
def test_forms_with_errors_and_a_phone_width_have_no_serious_violation(live_server, browser, demo):
    """A refused sign-in, a refused initiative form (error summary, choosers) and the
    catalogue at 390 px (folded filters)."""
    found = []
    context = _context(browser, live_server, width=390)
    page = context.new_page()
    found.extend(_check(page, live_server, "/initiatives/"))
    page.goto(live_server.url + "/comptes/login/")
    page.locator("input[name=login]").fill("isabelle.domas@example.org")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state("load")
    found.extend(f"refused sign-in: {line}" for line in _violations(page))
    context.close()

    context = _context(browser, live_server, demo["member"])
    page = context.new_page()
    page.goto(live_server.url + "/initiatives/nouvelle/")
    page.locator("input[name=title]").fill("")
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    page.locator(".ts-wrapper").first.wait_for()
    found.extend(f"refused initiative: {line}" for line in _violations(page))
    context.close()
    assert not found, "\n".join(found)
