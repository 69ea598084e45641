"""Timing does not tell whether an address has an account (README: no enumeration).

The test settings hash passwords with MD5, so fast that a missing hash would go unseen: these
tests use a PBKDF2 slow enough (~0.15 s) to dwarf the rest of a sign-up request (~0.03 s), and
count the hashes, which is exact whatever the load of the machine.
"""

import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from tests.factories import UserFactory
from tests.landlords.test_signup import SIGNUP_URL, signup_data

SLOW_HASHER = f"{__name__}.SlowCountingHasher"


class SlowCountingHasher(PBKDF2PasswordHasher):
    """A PBKDF2 of about 0.15 s that counts its hashes (checks call encode too)."""

    iterations = 300_000
    calls = 0

    def encode(self, password, salt, iterations=None):
        type(self).calls += 1
        return super().encode(password, salt, iterations)


@pytest.fixture
def slow_hasher(settings):
    settings.PASSWORD_HASHERS = [SLOW_HASHER]
    settings.ACCOUNT_RATE_LIMITS = False  # a dozen sign-ups from one address in a few seconds
    SlowCountingHasher.calls = 0
    return SlowCountingHasher


def hashes_during(hasher, action) -> int:
    before = hasher.calls
    action()
    return hasher.calls - before


def sign_up(client, icf, email: str) -> None:
    response = client.post(SIGNUP_URL, signup_data(icf, email=email))
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


@pytest.mark.django_db
def test_signup_hashes_the_password_once_whether_or_not_the_address_has_an_account(
    client, slow_hasher, alice, icf
):
    assert hashes_during(slow_hasher, lambda: sign_up(client, icf, "alice@example.org")) == 1
    assert hashes_during(slow_hasher, lambda: sign_up(client, icf, "new@example.org")) == 1


@pytest.mark.django_db
def test_signup_takes_as_long_for_a_known_address_as_for_a_new_one(client, slow_hasher, alice, icf):
    """Medians of interleaved runs, so that a busy machine slows both paths alike. Without the
    hash on the known path, a new address took 5 to 10 times as long."""
    sign_up(client, icf, "warm-up@example.org")  # templates, translations, first queries
    known, new = [], []
    for run in range(5):
        for durations, email in ((known, "alice@example.org"), (new, f"new-{run}@example.org")):
            start = time.perf_counter()
            sign_up(client, icf, email)
            durations.append(time.perf_counter() - start)
    ratio = statistics.median(new) / statistics.median(known)
    assert 1 / 3 < ratio < 3, (known, new)


@pytest.mark.django_db
def test_failed_sign_in_hashes_as_often_for_an_unknown_address_as_for_a_known_one(
    client, slow_hasher, icf
):
    UserFactory(email="known@example.org", organisation=icf)  # its password by the slow hasher

    def sign_in(email):
        response = client.post(reverse("account_login"), {"login": email, "password": "wrong"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session

    known = hashes_during(slow_hasher, lambda: sign_in("known@example.org"))
    unknown = hashes_during(slow_hasher, lambda: sign_in("unknown@example.org"))
    assert known == unknown >= 1
