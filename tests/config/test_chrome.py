"""The site's head, header and footer are rendered once per process and kind of visitor, then
served with each request's own CSRF token and path: nobody gets another visitor's menu, every
form in them still works, and the path put in is escaped."""

import re

import pytest
from django.test import Client
from django.urls import reverse

HOME = reverse("clubs:home")
CATALOGUE = reverse("initiatives:catalogue")
DIRECTORY = reverse("landlords:member-list")
ADMIN = reverse("admin:index")


def header(response) -> str:
    content = response.content.decode()
    return content[content.index('<header class="site-header">') : content.index("</header>")]


def current(response) -> list[str]:
    """The menu entries marked as the current page."""
    return re.findall(r'aria-current="page">([^<]+)</a>', header(response))


@pytest.mark.django_db
def test_each_kind_of_visitor_gets_its_own_menu_whoever_came_first(client, alice, staff_user):
    client.force_login(staff_user)
    assert ADMIN in header(client.get(HOME))
    client.force_login(alice)
    menu = header(client.get(HOME))
    assert ADMIN not in menu
    assert DIRECTORY in menu
    assert "Déconnexion" in menu
    client.logout()
    menu = header(client.get(HOME))
    assert DIRECTORY not in menu
    assert "Déconnexion" not in menu
    assert "Connexion" in menu


@pytest.mark.django_db
def test_the_sign_out_form_carries_the_visitors_own_working_token(alice, bob):
    tokens = []
    for user in (alice, bob):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        menu = header(browser.get(HOME))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu).group(1)
        assert "stand" not in token
        tokens.append(token)
        response = browser.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert "Déconnexion" not in header(browser.get(HOME)), "signed out"
    assert tokens[0] != tokens[1]


@pytest.mark.django_db
def test_the_language_switch_returns_to_this_page_escaped(client):
    response = client.get(CATALOGUE + '?q="><script>alert(1)</script>&theme=jardins')
    menu = header(response)
    value = re.search(r'name="next" value="([^"]*)"', menu).group(1)
    assert value.startswith(CATALOGUE + "?q=")
    assert "theme=jardins" in value
    assert "<script>" not in menu
    assert header(client.get(HOME)).count('name="next" value="/"') == 1


@pytest.mark.django_db
def test_the_current_page_is_marked_in_the_menu(client, alice):
    client.force_login(alice)
    assert current(client.get(HOME)) == ["Accueil"]
    assert current(client.get(CATALOGUE)) == ["Initiatives"]
    assert current(client.get(DIRECTORY)) == ["Annuaire"]


@pytest.mark.django_db
def test_each_language_has_its_own_header_and_head(client):
    french = client.get(HOME).content.decode()
    english = client.get("/en/").content.decode()
    assert "Connexion" in french
    assert "Sign in" not in french
    assert "Sign in" in english
    assert "Connexion" not in english
    assert 'lang="en"' in english
    assert "The Club Innovation sociale gathers" in english


def test_no_template_has_a_comment_over_several_lines():
    """Django prints a {# … #} comment that spans lines: those take {% comment %}."""
    from django.conf import settings

    folders = [settings.BASE_DIR / "templates"] + [
        settings.BASE_DIR / app / "templates" for app in settings.PROJECT_APPS
    ]
    spanning = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for folder in folders
        for path in folder.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert spanning == []


@pytest.mark.django_db
def test_pages_show_no_template_comment(client, alice, meeting):
    client.force_login(alice)
    for url in (HOME, CATALOGUE, DIRECTORY, reverse("clubs:meeting-detail", args=[meeting.pk])):
        content = client.get(url).content.decode()
        assert "{#" not in content
        assert "{% comment" not in content


@pytest.mark.django_db
def test_stand_ins_typed_in_the_address_are_not_replaced(alice):
    from landlords.templatetags.chrome import CSRF_STAND_IN, NEXT_PATH_STAND_IN

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    menu = header(browser.get(f"{HOME}?a={CSRF_STAND_IN}&b={NEXT_PATH_STAND_IN}"))
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu)
    assert len(tokens) == 2, "the sign-out form and the language switch"
    assert CSRF_STAND_IN not in tokens[0]
    value = re.search(r'name="next" value="([^"]*)"', menu).group(1)
    assert value == f"/?a={CSRF_STAND_IN}&amp;b={NEXT_PATH_STAND_IN}"
    assert tokens[0] not in value
