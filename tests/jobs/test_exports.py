"""Long catalogue exports are prepared by a job: asked for, "in preparation", then a link that
only the one who asked may follow. Short ones stay immediate."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from jobs.models import Export
from jobs.services import export_build, exports_prune
from tests.factories import InitiativeFactory


@pytest.fixture
def many(settings, gardens):
    """More initiatives than an immediate export takes (one members-only among them)."""
    settings.EXPORT_SYNC_LIMIT = 3
    for number in range(4):
        InitiativeFactory(title=f"Jardin {number}", slug=f"jardin-{number}", themes=[gardens])
    InitiativeFactory(title="Compost réservé", slug="compost", visibility="members")


def french(text: str) -> str:
    with translation.override("fr"):
        return gettext(text)


def ask(client, fmt, query="", django_capture_on_commit_callbacks=None):
    url = reverse("jobs:export-new", args=[fmt]) + (f"?{query}" if query else "")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    return response, Export.objects.latest("pk")


@pytest.mark.django_db
def test_a_short_list_downloads_at_once(client, settings, gardens):
    InitiativeFactory(title="Jardin", slug="jardin")
    response = client.get(reverse("initiatives:export", args=["csv"]))
    assert response.status_code == 200
    assert "Jardin" in response.content.decode("utf-8-sig")
    assert Export.objects.count() == 0


@pytest.mark.django_db
def test_a_long_list_is_offered_as_a_prepared_file(client, alice, many):
    client.force_login(alice)
    page = client.get(reverse("initiatives:catalogue")).content.decode()
    assert reverse("jobs:export-new", args=["xlsx"]) in page
    assert reverse("initiatives:export", args=["xlsx"]) not in page
    response = client.get(reverse("initiatives:export", args=["csv"]) + "?q=jardin")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:export-new", args=["csv"]) + "?q=jardin"
    asking = client.get(response["Location"]).content.decode()
    title = french("Prepare the list of %(count)s initiatives (%(format)s)?")
    assert title % {"count": 5, "format": "CSV"} in asking  # how many rows it will have
    assert Export.objects.count() == 0  # a GET only asks


@pytest.mark.django_db
def test_the_job_builds_the_file_its_requester_downloads(
    client, alice, bob, many, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    response, export = ask(client, "csv", "", django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("jobs:export", args=[export.pk])
    export.refresh_from_db()
    assert (export.status, export.rows, export.requested_by) == ("ready", 5, alice)
    page = client.get(response["Location"]).content.decode()
    assert reverse("jobs:export-download", args=[export.pk]) in page
    download = client.get(reverse("jobs:export-download", args=[export.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(b"".join(download).decode("utf-8-sig")), delimiter=";"))
    titles = sorted(row[0] for row in rows[1:])
    assert titles == ["Compost réservé", "Jardin 0", "Jardin 1", "Jardin 2", "Jardin 3"]
    client.force_login(bob)  # another member: nothing to see
    assert client.get(reverse("jobs:export", args=[export.pk])).status_code == 404
    assert client.get(reverse("jobs:export-download", args=[export.pk])).status_code == 404


@pytest.mark.django_db
def test_the_file_holds_what_its_requester_may_see_with_the_filters(
    client, unapproved, many, django_capture_on_commit_callbacks
):
    client.force_login(unapproved)  # signed in, not approved: the public catalogue
    _response, export = ask(client, "xlsx", "q=jardin", django_capture_on_commit_callbacks)
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
        titles = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert titles == ["Jardin 0", "Jardin 1", "Jardin 2", "Jardin 3"]


@pytest.mark.django_db
def test_a_file_in_preparation_says_so_and_a_double_click_asks_once(
    client, alice, many, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    url = reverse("jobs:export-new", args=["csv"])
    client.post(url)  # not committed in this test: the job has not run
    client.post(url)
    export = Export.objects.get()
    page = client.get(reverse("jobs:export", args=[export.pk])).content.decode()
    assert french("In preparation…") in page
    assert 'http-equiv="refresh"' in page
    assert client.get(reverse("jobs:export-download", args=[export.pk])).status_code == 404


@pytest.mark.django_db
def test_building_again_rebuilds_nothing(client, alice, many, django_capture_on_commit_callbacks):
    client.force_login(alice)
    _response, export = ask(client, "csv", "", django_capture_on_commit_callbacks)
    export.refresh_from_db()
    name = export.file.name
    assert export_build(export_pk=export.pk) is False  # a second worker, or a retry
    export.refresh_from_db()
    assert export.file.name == name


@pytest.mark.django_db
def test_visitors_sign_in_to_ask(client, many):
    response = client.get(reverse("initiatives:export", args=["csv"]))
    assert response.status_code == 302
    follow = client.get(response["Location"])
    assert follow.status_code == 302
    assert reverse("account_login") in follow["Location"]


@pytest.mark.django_db
def test_old_exports_are_pruned_with_their_files(
    client, alice, many, settings, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    _response, export = ask(client, "csv", "", django_capture_on_commit_callbacks)
    export.refresh_from_db()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    later = timezone.now() + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert exports_prune(now=later) == 1
        assert storage.exists(name)  # until the rows are gone for good
    assert not storage.exists(name)
    assert not Export.objects.exists()
