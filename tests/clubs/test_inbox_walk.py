"""Walks in Chromium: an animator clears a restitution from the inbox; the phone menu."""

import datetime

import pytest
from django.utils import timezone

from clubs.models import Meeting, SessionLog
from tests.clubs.test_inbox import french, submitted_log, todo_words
from tests.factories import TEST_PASSWORD

MEMBERS_AREA = "Members' area"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, base, email, **context):
    page = browser.new_context(locale="fr-FR", **context).new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/comptes/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("heading", name=french("Members' area"), level=1).wait_for()
    return page


def test_animator_approves_a_submitted_restitution_from_the_inbox(
    live_server, browser, meeting, workshop, charlie, rita
):
    Meeting.objects.filter(pk=meeting.pk).update(
        date=timezone.localdate() - datetime.timedelta(days=2),
        status=Meeting.Status.HELD,
        cahier_published_at=timezone.now(),
    )
    submitted_log(workshop, rita)
    page = sign_in(browser, live_server.url, "charlie@example.org")

    inbox = page.locator("section.inbox")
    counted = f"{french(MEMBERS_AREA)} 1 {todo_words(1)}"  # the link's name: count in words
    assert page.get_by_role("link", name=counted).is_visible()
    inbox.get_by_role("link", name="Résidences et souffrance psychique").click()
    page.get_by_role("button", name="Valider").click()
    page.get_by_text("La restitution est validée.").wait_for()
    assert SessionLog.objects.get(workshop=workshop).status == SessionLog.Status.APPROVED

    page.get_by_role("link", name=french("Members' area"), exact=True).click()
    inbox.wait_for()
    assert inbox.get_by_role("link", name="Résidences et souffrance psychique").count() == 0
    assert page.get_by_role("link", name=counted).count() == 0
    assert page.locator(".todo-count").count() == 0


def test_the_phone_menu_opens_closes_with_escape_and_is_a_plain_list_without_js(
    live_server, browser, staff_user
):
    phone = {"viewport": {"width": 390, "height": 844}}
    page = sign_in(browser, live_server.url, "staff@example.org", **phone)
    menu_button = page.get_by_role("button", name="Menu")
    places = page.get_by_role("navigation", name=french("Main menu"))

    assert menu_button.get_attribute("aria-expanded") == "false"
    assert not places.is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 120  # it was 224 px with every link on show

    # The language switch comes before the menu in the focus order.
    page.locator(".brand").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('hreflang')") == "en"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")

    page.keyboard.press("Enter")
    assert menu_button.get_attribute("aria-expanded") == "true"
    assert places.get_by_role("link", name=french("Calls for projects")).is_visible()
    assert places.get_by_role("button", name=french("Sign out")).is_visible()
    page.keyboard.press("Tab")  # into the menu
    page.keyboard.press("Escape")
    assert menu_button.get_attribute("aria-expanded") == "false"
    assert not places.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")

    menu_button.click()
    places.get_by_role("link", name=french("Toolbox")).click()
    page.wait_for_url("**/boite-a-outils/")
    assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "false"

    # Without JavaScript: no button, the whole menu is there.
    bare = browser.new_context(locale="fr-FR", java_script_enabled=False, **phone).new_page()
    bare.goto(live_server.url + "/")
    assert not bare.get_by_role("button", name="Menu").is_visible()
    assert bare.get_by_role("link", name=french("Calls for projects")).is_visible()
    bare.context.close()
