"""Following, the email preferences page, one-click unsubscribe, and allauth's emails."""

import re

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from notices import services
from notices.models import Follow, Preferences
from tests.factories import ThemeFactory

PREFERENCES_URL = reverse("notices:preferences")


def french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


@pytest.mark.django_db
def test_a_member_follows_a_club_from_its_page_and_unfollows_it(client, alice, club):
    client.force_login(alice)
    club_url = reverse("clubs:club-detail", args=[club.slug])
    content = client.get(club_url).content.decode()
    assert french("Follow") in content
    assert 'name="following" value="1"' in content
    response = client.post(
        reverse("notices:follow"),
        {"kind": "club", "target": club.slug, "following": "1", "next": club_url},
    )
    assert response.status_code == 302
    assert response.url == club_url
    assert Follow.objects.filter(user=alice, kind="club", club=club).exists()
    content = client.get(club_url).content.decode()
    assert french("Unfollow") in content
    assert 'name="following" value="0"' in content
    client.post(reverse("notices:follow"), {"kind": "club", "target": club.slug, "following": "0"})
    assert not Follow.objects.filter(user=alice).exists()


@pytest.mark.django_db
def test_following_twice_keeps_one_follow_and_strangers_next_is_ignored(client, alice, club):
    client.force_login(alice)
    data = {"kind": "club", "target": club.slug, "following": "1", "next": "https://evil.example/"}
    for _ in range(2):
        response = client.post(reverse("notices:follow"), data)
    assert response.url == PREFERENCES_URL
    assert Follow.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
def test_the_club_page_offers_no_follow_button_to_visitors(client, club):
    content = client.get(reverse("clubs:club-detail", args=[club.slug])).content.decode()
    assert reverse("notices:follow") not in content


@pytest.mark.django_db
def test_the_preferences_page_saves_follows_and_topics(client, alice, club):
    gardens = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    client.force_login(alice)
    content = client.get(PREFERENCES_URL).content.decode()
    assert "Haute-Garonne (31)" in content
    assert "Jardins partagés" in content
    response = client.post(
        PREFERENCES_URL,
        {
            "clubs": [club.pk],
            "themes": [gardens.pk],
            "departements": ["31", "2A"],
            "meetings": "on",
            "reminders": "on",
        },
    )
    assert response.status_code == 302
    assert sorted(str(follow) for follow in Follow.objects.filter(user=alice)) == sorted(
        [club.name, "Jardins partagés", "Haute-Garonne (31)", "Corse-du-Sud (2A)"]
    )
    preferences = Preferences.objects.get(user=alice)
    assert (preferences.meetings, preferences.cahiers, preferences.digest) == (True, False, False)
    # Dropping one keeps the others.
    client.post(PREFERENCES_URL, {"departements": ["31"], "digest": "on"})
    assert [str(f) for f in Follow.objects.filter(user=alice)] == ["Haute-Garonne (31)"]


@pytest.mark.django_db
def test_an_unknown_departement_is_refused_beside_the_field_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    response = client.post(PREFERENCES_URL, {"departements": ["31", "75"], "digest": "on"})
    assert response.status_code == 200
    assert "departements" in response.context["form"].errors
    content = response.content.decode()
    assert re.search(r'value="31"[^>]*checked', content)  # what was ticked stays ticked
    assert not Follow.objects.exists()
    assert not Preferences.objects.exists()


@pytest.mark.django_db
def test_the_profile_links_to_the_preferences(client, alice):
    client.force_login(alice)
    content = client.get(reverse("landlords:profile")).content.decode()
    assert f'href="{PREFERENCES_URL}"' in content


@pytest.mark.django_db
def test_a_mail_client_unsubscribes_in_one_post_without_a_session_or_csrf_token(alice):
    url = services.unsubscribe_url(alice, "digest")
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(
        url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    preferences = Preferences.objects.get(user=alice)
    assert preferences.digest is False
    assert preferences.meetings is True  # the others stay on


@pytest.mark.django_db
def test_opening_the_link_asks_first_and_the_button_confirms(client, alice):
    path = services.unsubscribe_url(alice, "meetings").removeprefix("http://testserver")
    content = client.get(path).content.decode()
    assert "alice@example.org" in content
    assert '<form method="post"' in content
    assert not Preferences.objects.exists()  # a link scanner's GET changes nothing
    client.post(path)
    assert Preferences.objects.get(user=alice).meetings is False


@pytest.mark.django_db
def test_a_forged_or_altered_token_is_not_found(client, alice):
    path = services.unsubscribe_url(alice, "meetings").removeprefix("http://testserver")
    signed_elsewhere = signing.dumps([alice.pk, "digest"])  # not with the unsubscribe salt
    assert client.post(f"/desabonnement/{signed_elsewhere}/").status_code == 404
    tampered = path[:-3] + ("xx/" if not path.endswith("xx/") else "yy/")
    assert client.post(tampered).status_code == 404
    assert not Preferences.objects.exists()


@pytest.mark.django_db
def test_erasing_an_account_removes_what_it_followed(alice, club):
    from landlords.services import ACCOUNT_ERASERS

    Follow.objects.create(user=alice, kind="club", club=club)
    for erase in ACCOUNT_ERASERS:
        erase(alice)
    assert not Follow.objects.exists()


@pytest.mark.django_db
def test_allauth_mails_use_the_site_address_and_greet_properly(client, settings, alice):
    settings.SITE_URL = "https://club.arhlm.example.org"
    client.post(reverse("account_reset_password"), {"email": alice.email})
    (message,) = mail.outbox
    body = message.body
    assert "c'est Club" not in body
    assert "Hello from" not in body
    assert french("The team of the Club Innovation sociale, AR Hlm") in body
    found = [word for word in body.split() if "://" in word]
    assert found
    assert all(link.startswith("https://club.arhlm.example.org") for link in found)
    assert "testserver" not in body


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["manage.py", "runserver", "8801"], "http://127.0.0.1:8801"),
        (["manage.py", "runserver", "--noreload", "localhost:8802"], "http://localhost:8802"),
        (["manage.py", "send_digest"], "http://127.0.0.1:8000"),
    ],
)
def test_in_development_links_keep_the_runserver_port(monkeypatch, argv, expected):
    from config.settings import _runserver_url

    monkeypatch.setattr("sys.argv", argv)
    assert _runserver_url() == expected


@pytest.mark.django_db
def test_the_catalogue_narrowed_to_a_theme_and_a_departement_offers_to_follow_both(client, alice):
    gardens = ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    catalogue = reverse("initiatives:catalogue")
    client.force_login(alice)
    assert 'name="kind" value="theme"' not in client.get(catalogue).content.decode()
    narrowed = f"{catalogue}?theme=jardins-partages&departement=31"
    content = client.get(narrowed).content.decode()
    forms = content.split('class="follow-form"')[1:]
    assert len(forms) == 2
    assert 'name="kind" value="theme"' in forms[0]
    assert 'name="target" value="jardins-partages"' in forms[0]
    with translation.override("fr"):
        follow_gardens = gettext("Follow %(label)s") % {"label": "Jardins partagés"}
    assert f"{follow_gardens}</button>" in forms[0]
    assert 'name="target" value="31"' in forms[1]
    assert "Haute-Garonne (31)" in forms[1]
    client.post(
        reverse("notices:follow"),
        {"kind": "theme", "target": "jardins-partages", "following": "1", "next": narrowed},
    )
    assert Follow.objects.get(user=alice).theme == gardens
    assert french("Unfollow") in client.get(narrowed).content.decode()


@pytest.mark.django_db
def test_visitors_see_no_follow_button_on_a_narrowed_catalogue(client):
    ThemeFactory(name="Jardins partagés", slug="jardins-partages")
    url = reverse("initiatives:catalogue") + "?theme=jardins-partages&departement=31"
    assert reverse("notices:follow") not in client.get(url).content.decode()
