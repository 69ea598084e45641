"""The production cache backend: Django's Redis cache, reusing one client per pool."""

import os
import uuid

import pytest
import redis

from config.cache import Cache

LOCATION = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def cache():
    backend = Cache(LOCATION, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        backend.get("ping")
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {LOCATION}")
    yield backend
    backend.clear()


def test_it_stores_reads_and_deletes_like_django_s(cache):
    assert cache.get("fragment") is None
    cache.set("fragment", "<p>Jardins partagés</p>", 60)
    assert cache.get("fragment") == "<p>Jardins partagés</p>"
    assert cache.add("fragment", "other") is False
    cache.delete("fragment")
    assert cache.get("fragment", "gone") == "gone"


def test_one_client_serves_every_operation(cache):
    first = cache._cache.get_client()
    cache.set("a", 1)
    cache.get("a")
    assert cache._cache.get_client() is first
    assert cache._cache.get_client(write=True) is first  # one server: one pool
