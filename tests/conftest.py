"""Named users for readable permission tests (healthchecks style) and a Chromium browser."""

import os
import shutil

import pytest
from django.contrib.auth.models import Group, Permission

from clubs.models import Workshop
from landlords.models import STAFF_GROUP
from tests.factories import (
    ClubFactory,
    InitiativeFactory,
    MeetingFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.PDF_CACHE_ROOT = tmp_path / "pdf-cache"


@pytest.fixture
def icf(db):
    return OrganisationFactory(
        name="ICF Habitat Sud-Est Méditerranée", slug="icf-habitat-sud-est-mediterranee"
    )


@pytest.fixture
def chalets(db):
    return OrganisationFactory(
        name="Groupe des Chalets", slug="groupe-des-chalets", departement="31"
    )


@pytest.fixture
def arhlm(db):
    return OrganisationFactory(name="AR Hlm", slug="ar-hlm", kind="federation", family="")


@pytest.fixture
def alice(icf):
    """A member of ICF Habitat Sud-Est Méditerranée."""
    return UserFactory(email="alice@example.org", full_name="Alice Martin", organisation=icf)


@pytest.fixture
def bob(chalets):
    """A member of another landlord, Groupe des Chalets."""
    return UserFactory(email="bob@example.org", full_name="Bob Durand", organisation=chalets)


@pytest.fixture
def edith(icf):
    """A member of ICF Habitat whom staff made an editor of its page."""
    return UserFactory(
        email="edith@example.org",
        full_name="Edith Lambert",
        organisation=icf,
        is_organisation_editor=True,
    )


@pytest.fixture
def club(db):
    return ClubFactory(name="Club Innovation sociale PACA & Corse", slug="paca-corse")


@pytest.fixture
def charlie(arhlm, club):
    """An animator of the PACA & Corse club (AR Hlm chargée de mission)."""
    user = UserFactory(
        email="charlie@example.org", full_name="Charlie Venturelli", organisation=arhlm
    )
    club.animators.add(user)
    return user


@pytest.fixture
def staff_user(arhlm):
    """AR Hlm staff: in the staff group, not a superuser."""
    user = UserFactory(
        email="staff@example.org", full_name="Sam Hamadi", organisation=arhlm, is_staff=True
    )
    user.groups.add(staff_group())
    return user


def staff_group() -> Group:
    """The group made by migrations; a transactional test's flush empties it, so rebuild it."""
    group, created = Group.objects.get_or_create(name=STAFF_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=["landlords", "clubs", "initiatives"]
            ).exclude(codename__in=["delete_user", "add_region", "change_region", "delete_region"])
        )
        group.permissions.add(*Permission.objects.filter(codename="view_commune"))
        mail_log = Permission.objects.filter(content_type__app_label="mailer")
        group.permissions.add(*mail_log.filter(codename__startswith="view_"))
        jobs = Permission.objects.filter(content_type__app_label="django_q")
        group.permissions.add(*jobs.filter(codename__startswith="view_"))
    return group


@pytest.fixture
def meeting(club, icf):
    """A published meeting of the PACA & Corse club, in a month, hosted by ICF Habitat."""
    return MeetingFactory(club=club, number=8, host=icf, capacity=10)


@pytest.fixture
def rita(chalets):
    """Rapporteur of the workshop (from Groupe des Chalets)."""
    return UserFactory(email="rita@example.org", full_name="Rita Rapporteure", organisation=chalets)


@pytest.fixture
def fabien(icf):
    """Facilitator of the workshop (from ICF Habitat)."""
    return UserFactory(email="fabien@example.org", full_name="Fabien Animateur", organisation=icf)


@pytest.fixture
def workshop(meeting, rita, fabien):
    """A workshop of the meeting with 2 places, Fabien facilitating and Rita reporting."""
    workshop = Workshop.objects.create(
        meeting=meeting, title="Résidences et souffrance psychique", capacity=2
    )
    workshop.facilitators.add(fabien)
    workshop.rapporteurs.add(rita)
    return workshop


@pytest.fixture
def gardens(db):
    return ThemeFactory(name="Jardins partagés", slug="jardins-partages")


@pytest.fixture
def initiative(icf, gardens):
    """A public initiative led by ICF Habitat, with an indicator."""
    from initiatives.models import Indicator

    initiative = InitiativeFactory(
        title="Jardins partagés du Saint-Georges",
        slug="jardins-partages-du-saint-georges",
        lead=icf,
        commune="Marseille",
        themes=[gardens],
    )
    Indicator.objects.create(initiative=initiative, name="participants", target=30)
    return initiative


@pytest.fixture
def shared_initiative(chalets, icf):
    """Led by Groupe des Chalets with ICF Habitat as co-landlord, members only."""
    initiative = InitiativeFactory(
        title="Compost entre voisins",
        slug="compost-entre-voisins",
        lead=chalets,
        departement="31",
        commune="Toulouse",
        visibility="members",
    )
    initiative.co_landlords.add(icf)
    return initiative


@pytest.fixture
def unapproved(icf):
    """Signed up and confirmed their email, not approved yet."""
    return UserFactory(
        email="ulysse@example.org", full_name="Ulysse Nouveau", organisation=icf, is_approved=False
    )


@pytest.fixture(scope="session")
def browser():
    """Chromium, once per test process. Without one that starts, the browser tests are skipped,
    or fail where REQUIRE_BROWSER is set (CI), with the browser's logs."""

    def unavailable(reason: str) -> None:
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason.splitlines()[0])

    if not shutil.which(CHROMIUM):
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package.")
    # Playwright's sync API runs an event loop in this thread; the ORM calls that the tests
    # make between browser steps are synchronous and safe.
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            try:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            except PlaywrightError as error:  # it crashed, timed out, or is not a Chromium
                unavailable(f"{CHROMIUM} did not start: {error.message}")
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _french_first(settings):
    """Every test starts in French, whatever language an earlier request activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate-limit counters and cached public pages: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rate_clock_still(monkeypatch):
    """django-ratelimit counts in fixed windows of its period: a test that straddled a window's
    end would find its count back at zero and see 200 where it expects 429. Its clock stands
    still here (the cache is cleared around every test, so no count carries over)."""
    import types

    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: 1.8e9))
