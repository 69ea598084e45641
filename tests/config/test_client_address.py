"""Behind the TLS proxy, each client has its own address, and so its own rate limits."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import ClientAddressMiddleware
from tests.factories import TEST_PASSWORD

SETTINGS_FILE = str(Path(__file__).resolve().parents[2] / "config" / "settings.py")
PROXY = "10.0.0.2"  # the proxy's address: REMOTE_ADDR of every request it passes on
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.9"
LOCKED_OUT = "Trop de tentatives de connexion échouées"


def production_settings(monkeypatch, **env) -> dict:
    """config/settings.py read afresh with ``env``, as a server started with it would."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(SETTINGS_FILE)


def proxy_count(settings, monkeypatch, count: str) -> None:
    production = production_settings(monkeypatch, TRUSTED_PROXY_COUNT=count)
    for name in ("TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_PROXY_COUNT"):
        setattr(settings, name, production.get(name, 0))


def sign_in(client, email, password, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        headers=headers,
        REMOTE_ADDR=PROXY,
    )


def fail_ten_sign_ins(client, forwarded_for) -> None:
    """Ten wrong passwords, each for another address (the limit per address is not the one
    under test), which is allauth's limit per client address in a minute."""
    for attempt in range(10):
        response = sign_in(client, f"nobody-{attempt}@example.org", "wrong", forwarded_for(attempt))
        assert response.status_code == 200
        assert LOCKED_OUT not in response.content.decode()


@pytest.mark.django_db
def test_behind_one_proxy_a_client_trying_passwords_does_not_lock_out_the_others(
    client, settings, monkeypatch, alice
):
    proxy_count(settings, monkeypatch, "1")
    # What the proxy passes on: whatever A wrote in the header, then A's address.
    fail_ten_sign_ins(client, lambda attempt: f"192.0.2.{attempt}, {CLIENT_A}")

    response = sign_in(client, "nobody@example.org", "wrong", f"192.0.2.99, {CLIENT_A}")
    assert LOCKED_OUT in response.content.decode()

    response = sign_in(client, alice.email, TEST_PASSWORD, CLIENT_B)
    assert LOCKED_OUT not in response.content.decode()
    assert response.status_code == 302
    assert response.url == reverse("clubs:dashboard")
    assert client.session["_auth_user_id"] == str(alice.pk)


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    client, settings, monkeypatch, alice
):
    proxy_count(settings, monkeypatch, "")  # the default
    fail_ten_sign_ins(client, lambda attempt: f"192.0.2.{attempt}")

    response = sign_in(client, "nobody@example.org", "wrong", CLIENT_B)
    assert LOCKED_OUT in response.content.decode()


@pytest.mark.parametrize(
    ("count", "forwarded_for", "address"),
    [
        (1, CLIENT_A, CLIENT_A),
        (1, f"192.0.2.1, {CLIENT_A}", CLIENT_A),  # what the client wrote itself is ignored
        (2, f"192.0.2.1, {CLIENT_A}, 10.0.0.1", CLIENT_A),  # a CDN, then the TLS proxy
        (3, f"192.0.2.1, {CLIENT_A}, 10.0.0.1, 10.0.0.3", CLIENT_A),
        (1, f"{CLIENT_A}:51234", CLIENT_A),  # a port is dropped
        (1, "2001:DB8::1", "2001:db8::1"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, None, PROXY),  # no header: the proxy's address stays
        (1, "unknown", PROXY),  # not an address: kept
        (1, "<script>", PROXY),
        (2, CLIENT_A, PROXY),  # fewer hops than proxies: kept
        (0, CLIENT_A, PROXY),  # no trusted proxy: the header is ignored
    ],
)
def test_the_client_address_is_counted_from_the_right_of_forwarded_for(
    settings, count, forwarded_for, address
):
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", headers=headers, REMOTE_ADDR=PROXY)
    middleware = ClientAddressMiddleware(lambda request: request.META["REMOTE_ADDR"])
    assert middleware(request) == address


def test_trusted_proxy_count_comes_from_the_environment_and_sets_allauths(monkeypatch):
    production = production_settings(monkeypatch, TRUSTED_PROXY_COUNT="2")
    assert production["TRUSTED_PROXY_COUNT"] == production["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    # Before everything that reads the address; only the request id (which does not) is earlier.
    assert production["MIDDLEWARE"][:2] == [
        "config.request_id.RequestIdMiddleware",
        "config.middleware.ClientAddressMiddleware",
    ]

    monkeypatch.delenv("TRUSTED_PROXY_COUNT")
    assert production_settings(monkeypatch)["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0

    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        production_settings(monkeypatch, TRUSTED_PROXY_COUNT="two")
