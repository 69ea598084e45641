"""Settings read the environment and refuse to start production without its values."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "club.example.org",
    "SITE_URL": "https://club.example.org",
}


PROCESS_ONLY = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def clean_env(**env) -> dict:
    """The environment of a fresh process, without what this test process set for itself."""
    clean = {k: v for k, v in os.environ.items() if k not in PROCESS_ONLY}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return clean


def run(*args: str, **env) -> subprocess.CompletedProcess:
    """Run the project's Python with ``args`` in a fresh process."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SETUP = "import django; django.setup(); "


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_production_refuses_to_start_without_a_required_value(missing):
    env = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = run("-c", SETUP, **env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is required" in result.stderr


def test_development_starts_with_defaults():
    result = run("-c", SETUP + "from django.conf import settings; print(settings.DEBUG)", DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_check_deploy_with_production_values_prints_no_warning():
    result = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_healthz_is_not_redirected_to_https_in_production():
    result = run(
        "-c",
        SETUP + "from django.test import Client; "
        "print(Client().get('/healthz', HTTP_HOST='club.example.org').status_code, "
        "Client().get('/', HTTP_HOST='club.example.org').status_code)",
        **PRODUCTION,
        DATABASE_URL="sqlite:///:memory:",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "301"]


def test_production_settings_turn_on_hsts_secure_cookies_and_email_from_url():
    result = run(
        "-c",
        SETUP + "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT, s.EMAIL_BACKEND, s.MAILER_EMAIL_BACKEND, s.EMAIL_HOST, "
        "s.EMAIL_PORT, s.EMAIL_USE_TLS, "
        "s.DATABASES['default']['ENGINE'])",
        **PRODUCTION,
        EMAIL_URL="smtp://club:secret@mail.example.org:587/?tls=1",
        DATABASE_URL="postgres://club@db.example.org:5432/club",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "mailer.backend.DbBackend",  # queued in the database, sent by `manage.py send_mail`
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "True",
        "django.db.backends.postgresql",
    ]


@pytest.mark.parametrize(
    ("down", "answer"),
    [
        (
            {"DATABASE_URL": "postgres://postgres@127.0.0.1:9/unreachable"},
            "503 ['database']",
        ),
        # Reported to monitoring; the load balancer's /readyz does not ask Redis (tests/config/
        # test_health.py): the portal serves and saves without it.
        ({"REDIS_URL": "redis://127.0.0.1:9/0"}, "503 ['cache']"),
    ],
)
def test_healthz_answers_quickly_503_naming_the_database_or_the_cache(down, answer, tmp_path):
    result = run(
        "-c",
        SETUP + "import time; from django.test import Client; started = time.monotonic(); "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); "
        "print(r.status_code, r.json()['failed'], time.monotonic() - started < 5)",
        DEBUG="1",
        MEDIA_ROOT=str(tmp_path / "media"),
        **down,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"{answer} True"


@pytest.mark.django_db
def test_healthz_answers_ok_after_a_database_round_trip(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    answer = response.json()
    assert (answer["status"], answer["failed"]) == ("ok", [])
    assert {"database", "cache", "storage:default"} <= set(answer["checks"])
    assert set(answer["checks"].values()) == {"ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_pages_carry_security_headers_and_a_csp_without_unsafe_inline(client):
    response = client.get(reverse("clubs:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_skip_link_landmarks_and_a_language_switch(client):
    content = client.get(reverse("account_login")).content.decode()
    assert '<a class="skip-link" href="#main">Aller au contenu</a>' in content
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in content
    assert 'href="/en/comptes/login/" hreflang="en" lang="en"' in content
    assert 'aria-label="Fil d’Ariane"' in content


@pytest.mark.django_db
def test_unknown_page_gets_the_sites_404_in_french(client):
    response = client.get("/nulle-part/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page introuvable</h1>" in content
    assert '<a class="skip-link" href="#main">' in content


@pytest.mark.django_db
def test_checkbox_comes_before_its_label_and_messages_keep_their_list(client):
    content = client.get(reverse("account_login")).content.decode()
    checkbox = content.index('type="checkbox" name="remember"')
    assert checkbox < content.index('<label for="id_remember"')
    assert '<div class="field-check">' in content


def test_no_model_has_a_fixed_date_or_time_default():
    """Django warns (fields.W161) about a fixed date or time default only when its
    checks run close to that moment, so `check --deploy` above passes or fails by the
    time of day. A callable default never triggers it: require one."""
    import datetime

    from django.apps import apps

    fixed = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(getattr(field, "default", None), datetime.date | datetime.time)
    ]
    assert fixed == []
