"""The footer's pages: legal notice, personal data, accessibility statement; and the sign-up
page saying that AR Hlm approves accounts."""

import html

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext


def french(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


def page(client, name: str) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_every_page_links_the_three_footer_pages(client):
    home = client.get(reverse("clubs:home")).content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    for name in ("pages:legal", "pages:privacy", "pages:accessibility"):
        assert f'href="{reverse(name)}"' in footer


@pytest.mark.django_db
def test_the_legal_notice_names_publisher_director_and_host(client):
    text = page(client, "pages:legal")
    for heading in ("Publisher", "Director of publication", "Hosting"):
        assert f">{french(heading)}</h2>" in text
    # What only AR Hlm knows is marked as to be filled in, not made up.
    assert french("To be completed by AR Hlm: name of the hosting provider") in text
    assert 'class="to-fill"' in text


@pytest.mark.django_db
def test_the_personal_data_page_says_how_to_get_and_erase_ones_data(client):
    text = page(client, "pages:privacy")
    assert f'href="{reverse("landlords:my-data")}"' in text
    assert f'href="{reverse("landlords:account-delete")}"' in text
    assert french("What is kept, and why") in text
    assert french("How long") in text
    assert "mailto:club@arhlm.example.org" in text
    # Each kind of data with why and how long, as cards that fit a phone.
    assert text.count(f"<dt>{french('Why')}</dt>") == text.count(f"<dt>{french('How long')}</dt>")
    assert text.count(f"<dt>{french('How long')}</dt>") >= 6


@pytest.mark.django_db
def test_the_accessibility_statement_gives_status_method_exceptions_and_recourse(client):
    text = page(client, "pages:accessibility")
    assert "RGAA" in text
    assert "4.1" in text
    for heading in ("Conformity status", "How it was checked", "Known exceptions", "Recourse"):
        assert f">{french(heading)}</h2>" in text
    assert "Défenseur des droits" in text
    assert "axe-core" in text


@pytest.mark.django_db
def test_the_footer_pages_show_the_review_date_in_french(client):
    assert "1er décembre 2026" in page(client, "pages:legal")


@pytest.mark.django_db
def test_sign_up_says_that_ar_hlm_approves_the_account(client):
    text = page(client, "account_signup")
    assert (
        french(
            "After you confirm your email address, AR Hlm checks that you work for a member "
            "organisation and approves your account; an email tells you when it is done."
        )
        in text
    )
    assert french("After you confirm") not in page(client, "account_login")
