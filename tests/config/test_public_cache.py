"""The public page cache: what it serves, to whom, and when it forgets."""

import logging
import re

import pytest
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver, reverse

from config import public_cache
from initiatives.models import Initiative
from tests.test_permission_matrix import ROLES, world  # noqa: F401 — `world` is a fixture

# Every view that uses the cache: (url name, the `world` entry naming its object).
CACHED_PAGES = {
    "clubs:home": None,
    "clubs:club-detail": "clubs:club-detail",
    "clubs:meeting-detail": "clubs:meeting-detail",
    "initiatives:catalogue": None,
    "initiatives:map": None,
    "initiatives:detail": "initiatives:detail",
    "initiatives:call-list": None,
    "initiatives:call-detail": "initiatives:call-detail",
    "initiatives:toolbox": None,
    "landlords:organisation-list": None,
    "landlords:organisation-detail": "landlords:organisation-detail",
    "pages:legal": None,
    "pages:privacy": None,
    "pages:accessibility": None,
    "news:list": None,
    "news:detail": "news:detail",
    "news:feed": None,
    "reports:open-data": None,
}


@pytest.fixture
def cache_on(settings):
    settings.PUBLIC_CACHE = True


def queries_of(client, url, **extra) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def cached_url_names() -> set[str]:
    """The URL names whose view carries @public_page."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif hasattr(pattern.callback, "public_page_params"):
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return set(walk(get_resolver().url_patterns))


def test_every_view_with_the_cache_is_in_the_cross_role_test():
    assert cached_url_names() == set(CACHED_PAGES)


@pytest.mark.django_db
def test_a_visitor_not_signed_in_gets_the_page_from_the_cache(client, cache_on, initiative):
    url = reverse("initiatives:catalogue")
    first, page = queries_of(client, url)
    again, cached = queries_of(client, url)
    assert first > 0
    assert again == 0
    assert cached == page
    assert "Jardins partagés du Saint-Georges" in cached


@pytest.mark.django_db
def test_a_committed_change_is_shown_at_once(
    client, cache_on, initiative, django_capture_on_commit_callbacks
):
    url = initiative.get_absolute_url()
    client.get(url)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(title="Potagers du Saint-Georges")
        public_cache.content_changed()  # a bulk update sends no signal
    assert "Potagers du Saint-Georges" in client.get(url).content.decode()
    initiative.refresh_from_db()
    initiative.summary = "Un résumé tout neuf."
    with django_capture_on_commit_callbacks(execute=True):
        initiative.save()  # the receiver bumps the version on commit
    assert "Un résumé tout neuf." in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_transaction_saving_many_rows_changes_the_version_once(
    charlie, meeting, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from clubs import services
    from clubs.models import Registration
    from tests.factories import UserFactory

    meeting.date = timezone.localdate()  # attendance is taken on the day
    meeting.save()
    people = [UserFactory() for _ in range(5)]
    for person in people:
        Registration.objects.create(meeting=meeting, user=person, status="confirmed")
    versions_set = []
    real_set = cache.set

    def counting_set(key, *args, **kwargs):
        if key == public_cache.VERSION_KEY:
            versions_set.append(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(cache, "set", counting_set)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.attendance_record(
            actor=charlie,
            meeting=meeting,
            attended_ids=[
                str(pk)
                for pk in Registration.objects.filter(meeting=meeting).values_list("pk", flat=True)
            ],
        )
    assert len(callbacks) > 5  # one per saved row (and history row)
    assert len(versions_set) == 1


@pytest.mark.django_db
def test_a_rolled_back_change_keeps_the_cached_pages(client, cache_on, initiative):
    url = reverse("initiatives:catalogue")
    client.get(url)

    def change_then_fail():
        with transaction.atomic():
            initiative.title = "Jamais enregistré"
            initiative.save()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    count, _ = queries_of(client, url)
    assert count == 0


@pytest.mark.django_db
def test_signed_in_visitors_always_get_their_own_page(
    client, cache_on, alice, initiative, shared_initiative
):
    url = reverse("initiatives:catalogue")
    public = client.get(url).content.decode()
    assert "Compost entre voisins" not in public
    client.force_login(alice)
    members = client.get(url).content.decode()
    assert "Compost entre voisins" in members
    count, _ = queries_of(client, url)
    assert count > 0  # built afresh, every time
    client.logout()
    assert "Compost entre voisins" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_page_is_cached_per_known_parameter_and_language(client, cache_on, initiative, gardens):
    url = reverse("initiatives:catalogue")
    client.get(url)
    count, filtered = queries_of(client, url, data={"theme": gardens.slug})
    assert count > 0
    assert "Jardins partagés du Saint-Georges" in filtered
    assert count_of(client, url, {"theme": gardens.slug}) == 0
    english, page = queries_of(client, "/en/initiatives/")
    assert english > 0
    assert '<html lang="en">' in page


def count_of(client, url, data) -> int:
    return queries_of(client, url, data=data)[0]


@pytest.mark.django_db
def test_a_request_with_an_unknown_parameter_is_built_afresh(client, cache_on, initiative):
    url = reverse("initiatives:catalogue")
    client.get(url, {"utm_source": "lettre"})
    count, page = queries_of(client, url, data={"utm_source": "lettre"})
    assert count > 0
    assert "utm_source" not in page  # its links carry the known filters only
    assert "utm_source" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_each_typed_search_is_cached_apart(client, cache_on, initiative):
    url = reverse("initiatives:catalogue")
    client.get(url, {"q": "jardins"})
    count, page = queries_of(client, url, data={"q": "jardins"})
    assert count == 0
    assert "Jardins partagés du Saint-Georges" in page
    count, page = queries_of(client, url, data={"q": "compost"})
    assert count > 0
    assert "Jardins partagés du Saint-Georges" not in page


@pytest.mark.django_db
def test_a_page_with_a_message_waiting_is_neither_served_nor_stored_from_the_cache(
    client, cache_on, alice, initiative
):
    home = reverse("clubs:home")
    client.get(home)  # cached for visitors without messages
    client.force_login(alice)
    response = client.post(reverse("account_logout"), follow=True)
    assert "Vous êtes déconnecté" in response.content.decode()
    count, page = queries_of(client, home)
    assert "Vous êtes déconnecté" not in page  # shown once, not stored for others
    assert count == 0


@pytest.mark.django_db
def test_the_version_bump_failing_keeps_the_save_and_logs_it(settings, cache_on, icf, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",  # as in production
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
    caches._settings = None
    try:
        with caplog.at_level(logging.ERROR, logger="config.public_cache"):
            with transaction.atomic():
                icf.about = "Toujours enregistré"
                icf.save()
            # The test's own transaction holds on-commit work: run it as a commit would.
            for _savepoint, callback, _robust in connection.run_on_commit:
                callback()
        icf.refresh_from_db()
        assert icf.about == "Toujours enregistré"
        assert "content version could not be changed" in caplog.text
    finally:
        caches._settings = None


@pytest.mark.django_db
def test_cached_pages_expire_within_ten_minutes(client, settings, cache_on, initiative):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",  # as in production
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "public-cache-test",
        },
    }
    caches._settings = None
    try:
        cache.clear()
        client.get(reverse("initiatives:catalogue"))
        page_keys = [key for key in cache.keys("public-page:*") if key != public_cache.VERSION_KEY]
        assert page_keys
        for key in page_keys:
            assert 0 < cache.ttl(key) <= 600
        cache.clear()
    finally:
        caches._settings = None


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page_for(client, request, role, url) -> str:
    client.logout()
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(url)
    return f"{response.status_code}\n" + CSRF.sub("csrf", response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CACHED_PAGES))
def test_nothing_cached_crosses_roles(client, request, cache_on, world, name):  # noqa: F811
    """For each ordered pair of roles, the page B gets right after A equals the page B gets
    with an empty cache."""
    entry = CACHED_PAGES[name]
    url = reverse(name, kwargs=world[entry] if entry else {})
    alone = {}
    for role in ROLES:
        cache.clear()
        alone[role] = page_for(client, request, role, url)
    for first in ROLES:
        for second in ROLES:
            cache.clear()
            page_for(client, request, first, url)
            assert page_for(client, request, second, url) == alone[second], (first, second)
