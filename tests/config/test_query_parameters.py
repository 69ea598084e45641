"""Query strings, as strangers may write them: list pages keep only the valid filters in their
links, and junk values of known parameters neither share a page's links nor add cache entries.
"""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from config import public_cache
from initiatives.models import Initiative
from tests.config.test_public_cache import queries_of
from tests.factories import InitiativeFactory

JUNK = {"utm_source": "lettre", "ref": "attacker", "landlord": "no-such-landlord"}


@pytest.fixture
def cache_on(settings):
    settings.PUBLIC_CACHE = True


@pytest.fixture
def gardens_pages(icf, gardens):
    """25 gardens: two pages of the catalogue."""
    for number in range(25):
        InitiativeFactory(title=f"Jardin {number:02d}", lead=icf, themes=[gardens])


def links(content: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*\?[^"]*)"', content)]


@pytest.mark.django_db
def test_the_catalogue_links_carry_only_the_valid_filters(client, gardens_pages, gardens):
    content = client.get(reverse("initiatives:catalogue"), {"theme": gardens.slug, **JUNK})
    content = content.content.decode()
    hrefs = links(content)
    theme = f"theme={gardens.slug}"
    assert f"?{theme}&page=2" in hrefs  # the next page
    for export in ("initiatives:export", "reports:catalogue"):
        args = ["csv"] if export == "initiatives:export" else []
        assert f"{reverse(export, args=args)}?{theme}" in hrefs
    assert f"/en/initiatives/?{theme}" in hrefs  # the same list in English
    for href in hrefs:
        assert "utm_source" not in href
        assert "attacker" not in href
        assert "no-such-landlord" not in href


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["landlords:organisation-list", "initiatives:toolbox", "landlords:member-list"]
)
def test_other_lists_keep_no_strangers_parameters_either(client, alice, icf, url_name):
    client.force_login(alice)
    content = client.get(reverse(url_name), {"q": "ICF", **JUNK}).content.decode()
    for href in links(content):
        assert "attacker" not in href
        assert "utm_source" not in href


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"page": "x"},
        {"page": "0"},
        {"page": "999"},
        {"theme": "no-such-theme"},
        {"status": "finished-or-not"},
        {"sort": "random()"},
        {"in_qpv": "maybe"},
        {"q": "jardin", "region": "99999"},
    ],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()),
)
def test_junk_values_of_known_parameters_add_no_cache_entry(
    client, cache_on, gardens_pages, params
):
    url = reverse("initiatives:catalogue")
    assert client.get(url, params).status_code == 200
    count, _ = queries_of(client, url, data=params)
    assert count > 0  # built afresh: nothing was stored under this query


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"page": "2"},
        {"page": "1"},
        {"q": "jardin", "page": "2"},
        {"theme": "jardins-partages", "q": ""},
    ],
)
def test_valid_parameters_are_still_cached(client, cache_on, gardens_pages, params):
    url = reverse("initiatives:catalogue")
    client.get(url, params)
    count, _ = queries_of(client, url, data=params)
    assert count == 0


@pytest.mark.django_db
def test_an_evicted_content_version_never_serves_older_pages(client, cache_on, initiative):
    """Redis evicts keys under maxmemory (allkeys-lru): losing the version key must not bring
    back pages built before it, even for a change that did not bump the version."""
    url = initiative.get_absolute_url()
    client.get(url)
    Initiative.objects.filter(pk=initiative.pk).update(title="Potagers du Saint-Georges")
    cache.delete(public_cache.VERSION_KEY)  # evicted
    assert "Potagers du Saint-Georges" in client.get(url).content.decode()


@pytest.mark.django_db
def test_sessions_survive_the_cache_being_emptied(client, settings, alice):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client.force_login(alice)
    cache.clear()  # every key evicted
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert client.get(reverse("landlords:profile")).status_code == 200
