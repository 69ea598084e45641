"""/healthz names what fails (database, cache, storages); /readyz tells the load balancer
whether to send requests to this node. Both public, never cached, with no personal data."""

import pytest
from django.urls import reverse

from tests.config.test_settings_and_headers import SETUP, run


@pytest.mark.django_db
def test_healthz_writes_reads_and_deletes_a_probe_in_every_storage(client, settings):
    response = client.get(reverse("healthz"))
    assert response.json()["checks"]["storage:default"] == "ok"
    media = settings.MEDIA_ROOT
    assert not [path for path in media.rglob("*") if path.is_file()]  # the probe is gone


@pytest.mark.django_db
def test_healthz_answers_503_naming_a_storage_it_cannot_write(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage:default"]
    assert response.json()["checks"]["database"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_after_migrations_with_the_database_up(client):
    response = client.get(reverse("readyz"))
    assert (response.status_code, response.content) == (200, b"ready\n")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_503_while_the_drain_file_exists(client, settings, tmp_path):
    settings.DRAIN_FILE = str(tmp_path / "drain")
    assert client.get(reverse("readyz")).status_code == 200
    (tmp_path / "drain").touch()
    response = client.get(reverse("readyz"))
    assert (response.status_code, response.content) == (503, b"draining\n")
    (tmp_path / "drain").unlink()
    assert client.get(reverse("readyz")).status_code == 200


def test_readyz_answers_503_before_migrate_over_plain_http_in_production(tmp_path):
    result = run(
        "-c",
        SETUP + "from django.test import Client; "
        "r = Client().get('/readyz', HTTP_HOST='club.example.org'); "
        "print(r.status_code, r.content.decode().strip())",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="club.example.org",
        SITE_URL="https://club.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 migrations not applied"


def test_readyz_answers_503_without_the_database():
    result = run(
        "-c",
        SETUP + "from django.test import Client; "
        "r = Client().get('/readyz', HTTP_HOST='localhost'); "
        "print(r.status_code, r.content.decode().strip())",
        DEBUG="1",
        DATABASE_URL="postgres://postgres@127.0.0.1:9/unreachable",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 database unavailable"
