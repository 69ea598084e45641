"""One-click unsubscribe in Chromium: from an email's List-Unsubscribe header to the preference
seen off in the account."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from notices import services
from notices.models import Follow, Preferences
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def test_unsubscribe_from_the_header_link_then_see_the_preference_off(
    live_server, settings, page, alice, meeting
):
    settings.SITE_URL = live_server.url
    Follow.objects.create(user=alice, kind="club", club=meeting.club)
    services.announce_meeting_published(meeting)
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(live_server.url + "/desabonnement/")

    page.goto(link)
    page.get_by_text("alice@example.org").wait_for()
    page.get_by_role("button", name=french("Unsubscribe")).click()
    page.get_by_role("status").wait_for()
    assert "alice@example.org" in page.get_by_role("status").inner_text()

    page.goto(live_server.url + "/comptes/login/?next=/compte/annonces/")
    page.get_by_label("Adresse e-mail").fill("alice@example.org")
    page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.get_by_role("heading", name=french("Email announcements")).wait_for()
    with translation.override("fr"):  # the form's labels: the fields' names, capitalised
        meetings_label = str(Preferences._meta.get_field("meetings").verbose_name).capitalize()
        digest_label = str(Preferences._meta.get_field("digest").verbose_name).capitalize()
    assert not page.get_by_label(meetings_label).is_checked()
    assert page.get_by_label(digest_label).is_checked()
    assert page.get_by_label(meeting.club.name).is_checked()
