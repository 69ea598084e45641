"""Redis is not on the write path: with it down, members save and public pages are served."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from landlords.models import User
from tests.factories import TEST_PASSWORD
from tests.landlords.test_signup import SIGNUP_URL, signup_data


@pytest.fixture
def redis_down(settings):
    """Production's cache and sessions, against a Redis address where nothing listens."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PUBLIC_CACHE = True
    caches._settings = None
    yield
    caches._settings = None


@pytest.mark.django_db
def test_with_redis_down_members_save_and_the_public_pages_are_built_afresh(
    client, redis_down, alice, initiative
):
    client.force_login(alice)  # the session is written to the database, the cache ignored
    assert client.get(reverse("clubs:dashboard")).status_code == 200
    response = client.post(
        reverse("landlords:profile"),
        {"job_title": "Chargée de mission", "phone": "", "directory_consent": "on"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.job_title == "Chargée de mission"

    client.logout()
    page = client.get(initiative.get_absolute_url())
    assert "Jardins partagés du Saint-Georges" in page.content.decode()


@pytest.mark.django_db
def test_with_redis_down_sign_ins_are_refused_rather_than_unlimited(client, redis_down, icf, alice):
    """allauth's rate limits cannot count without the cache: it refuses (429) rather than let
    anyone try passwords without limit."""
    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert client.post(SIGNUP_URL, signup_data(icf)).status_code == 429
    assert not User.objects.filter(email="isabelle.domas@example.org").exists()


def test_with_redis_down_healthz_names_the_cache_and_readyz_stays_ready(client, redis_down, db):
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["failed"] == ["cache"]
    assert health.json()["checks"]["database"] == "ok"
    # The load balancer keeps the node: it serves and saves without Redis.
    ready = client.get("/readyz")
    assert (ready.status_code, ready.content) == (200, b"ready\n")
