"""The signed-in user comes from the cache while their account is unchanged: without its
password hash, and never after a change that must sign them out or change what they may do."""

import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from landlords.backends import EmailLoginBackend
from tests.factories import TEST_PASSWORD

PROFILE = reverse("landlords:profile")
HOME = reverse("clubs:home")


def user_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries if 'FROM "landlords_user"' in q["sql"]]


def signed_in(client) -> bool:
    return 'action="/comptes/logout/"' in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_a_signed_in_page_reads_the_user_from_the_cache_once_cached(client, alice):
    client.force_login(alice)
    assert len(user_queries(client, HOME)) == 1
    assert user_queries(client, HOME) == [], "the second page needs no user query"


@pytest.mark.django_db
def test_the_cached_user_holds_no_password_hash(client, alice):
    client.force_login(alice)
    client.get(HOME)
    entries = [pickle.loads(raw) for raw in cache._cache.values()]  # noqa: S301 — the test's cache
    cached = [
        entry[1]  # (token, value)
        for entry in entries
        if isinstance(entry, tuple) and getattr(entry[1], "pk", None) == alice.pk
    ]
    assert len(cached) == 1
    (user,) = cached
    assert "password" not in user.__dict__
    assert "last_login" not in user.__dict__
    raw = b"".join(cache._cache.values())
    assert alice.password.encode() not in raw
    assert user.organisation.name == alice.organisation.name


@pytest.mark.django_db
def test_a_password_changed_elsewhere_signs_the_old_session_out(client, alice):
    client.force_login(alice)
    assert signed_in(client)
    alice.set_password("Un-autre-mot-de-passe-2026")
    alice.save()
    assert not signed_in(client)


@pytest.mark.django_db
def test_a_deactivated_account_is_signed_out_at_once(client, alice):
    client.force_login(alice)
    assert signed_in(client)
    alice.is_active = False
    alice.save()
    assert not signed_in(client)


@pytest.mark.django_db
def test_a_revoked_approval_closes_the_members_pages_at_once(client, alice):
    client.force_login(alice)
    assert client.get(PROFILE).status_code == 200
    alice.is_approved = False
    alice.save()
    response = client.get(reverse("landlords:member-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
def test_a_new_secret_key_signs_everyone_out_despite_the_cache(client, alice, settings):
    client.force_login(alice)
    assert signed_in(client)
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert not signed_in(client)


@pytest.mark.django_db
def test_a_renamed_organisation_shows_on_the_cached_user_at_once(alice, icf):
    backend = EmailLoginBackend()
    assert backend.get_user(alice.pk).organisation.name == icf.name
    icf.name = "ICF Habitat Méditerranée"
    icf.save()
    assert backend.get_user(alice.pk).organisation.name == "ICF Habitat Méditerranée"


@pytest.mark.django_db
def test_the_password_can_be_changed_by_a_cached_user(client, alice):
    client.force_login(alice)
    client.get(HOME)  # the user is now cached, without its password hash
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "Un-nouveau-mot-de-passe-2026",
            "password2": "Un-nouveau-mot-de-passe-2026",
        },
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("Un-nouveau-mot-de-passe-2026")
    assert signed_in(client), "the session follows the new password"


@pytest.mark.django_db
def test_a_wrong_old_password_is_still_refused_for_a_cached_user(client, alice):
    client.force_login(alice)
    client.get(HOME)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "Xx-nouveau-2026!", "password2": "Xx-nouveau-2026!"},
    )
    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(TEST_PASSWORD)


@pytest.mark.django_db
def test_editing_ones_profile_keeps_the_password_and_last_login(client, alice):
    client.force_login(alice)
    client.get(HOME)
    alice.refresh_from_db()
    password, last_login = alice.password, alice.last_login
    page = client.get(PROFILE)
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(job_title="Chargée de développement social", themes=[], skills=[])
    client.post(PROFILE, data)
    alice.refresh_from_db()
    assert alice.job_title == "Chargée de développement social"
    assert (alice.password, alice.last_login) == (password, last_login)


@pytest.mark.django_db
def test_the_cached_user_lives_a_minute_at_most(client, alice):
    """Should a change fail to reach the cache, a changed account still applies soon."""
    import time

    client.force_login(alice)
    client.get(HOME)
    expiries = [
        cache._expire_info[key] - time.time()
        for key, raw in cache._cache.items()
        if isinstance(entry := pickle.loads(raw), tuple)  # noqa: S301 — the test's cache
        and getattr(entry[1], "pk", None) == alice.pk
    ]
    assert len(expiries) == 1
    assert 0 < expiries[0] <= 60
