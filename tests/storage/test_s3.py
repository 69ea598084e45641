"""The S3 path of the storages, against a real S3-compatible server (moto's, tests/storage/
conftest.py): media in a public bucket, private files and the PDF cache in a private one."""

import html
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from initiatives import services as initiative_services
from initiatives.models import Resource
from reports import services
from tests.initiatives.test_toolbox_and_exports import pdf_bytes, upload
from tests.landlords.test_organisation_editing import ORG_DATA, edit_url, png_logo
from tests.reports.pdfs import image_count, png
from tests.storage.conftest import anonymous_get, keys, object_bytes

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_a_logo_upload_is_reencoded_into_the_media_bucket_and_served_by_its_plain_url(
    s3, client, edith, icf, settings, tmp_path
):
    client.force_login(edith)
    response = client.post(edit_url(icf), {**ORG_DATA, "new_logo": png_logo()})
    assert response.status_code == 302
    icf.refresh_from_db()
    assert keys(s3, s3.media) == [icf.logo.name]
    stored = object_bytes(s3, s3.media, icf.logo.name)
    assert stored.startswith(PNG_SIGNATURE)
    assert b"<script>" not in stored, "re-encoded: the HTML appended to the upload is gone"
    assert keys(s3, s3.private) == []
    assert not any(tmp_path.rglob("*.png")), "nothing written to a local folder"

    url = icf.logo.url
    assert url == f"{s3.endpoint}/{s3.media}/{icf.logo.name}"
    page = client.get(reverse("landlords:organisation-detail", args=[icf.slug]))
    assert f'src="{url}"' in html.unescape(page.content.decode())
    status, body, content_type = anonymous_get(url)
    assert (status, body, content_type) == (200, stored, "image/png")


@pytest.fixture
def members_file(s3, alice):
    """A members-only toolbox file, added by Alice (ICF Habitat) through the service."""
    return initiative_services.resource_add(
        actor=alice,
        title="Convention interne",
        kind="template",
        visibility="members",
        url="",
        file=upload("interne.pdf", pdf_bytes()),
    )


def download(client, resource):
    return client.get(reverse("initiatives:resource-download", args=[resource.pk]))


@pytest.mark.django_db
def test_a_private_file_is_stored_in_the_private_bucket_and_never_readable_by_its_plain_url(
    s3, members_file
):
    assert re.fullmatch(r"toolbox/[0-9a-f]{32}\.pdf", members_file.file.name)
    key = f"private/{members_file.file.name}"
    assert keys(s3, s3.private) == [key]
    assert keys(s3, s3.media) == []
    grants = s3.client.get_object_acl(Bucket=s3.private, Key=key)["Grants"]
    assert [grant["Grantee"].get("URI") for grant in grants if "URI" in grant["Grantee"]] == []
    status, body, _type = anonymous_get(f"{s3.endpoint}/{s3.private}/{key}")
    assert status == 403
    assert b"%PDF" not in body
    with pytest.raises(ValueError, match="no URL"):
        members_file.file.url  # noqa: B018


@pytest.mark.django_db
def test_a_member_of_another_landlord_downloads_a_members_file_streamed_from_the_bucket(
    s3, client, bob, members_file
):
    client.force_login(bob)
    response = download(client, members_file)
    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert downloaded == object_bytes(s3, s3.private, f"private/{members_file.file.name}")
    assert downloaded.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'attachment; filename="interne.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "unapproved"])
def test_a_members_file_in_the_bucket_is_not_found_for_non_members(
    s3, client, request, members_file, role
):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = download(client, members_file)
    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")
    assert b"%PDF" not in response.content


@pytest.mark.django_db
def test_removing_a_private_file_deletes_its_object_once_committed(
    s3, members_file, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.resource_delete(actor=alice, resource=members_file)
    assert not Resource.objects.exists()
    assert keys(s3, s3.private) == []


@pytest.fixture
def weasyprint_runs(monkeypatch):
    """Every real WeasyPrint render, counted (WeasyPrint still does the work)."""
    from weasyprint import HTML

    runs = []
    write_pdf = HTML.write_pdf

    def counted(self, *args, **kwargs):
        runs.append(1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", counted)
    return runs


def cached(s3) -> list[str]:
    return [key for key in keys(s3, s3.private) if key.startswith("pdf-cache/")]


def another_node(settings):
    """A fresh storage of the same settings, as a second node would build it: no object of the
    first one (connection, cached bucket) is kept."""
    settings.STORAGES = {**settings.STORAGES}
    storages._storages.clear()


@pytest.mark.django_db
def test_a_cahier_built_through_one_storage_is_reused_through_a_fresh_one(
    s3, told, settings, weasyprint_runs
):
    first_storage = storages["pdf_cache"]
    pdf = services.cahier_pdf(meeting=told, audience="members")
    assert len(weasyprint_runs) == 1
    (key,) = cached(s3)
    assert re.fullmatch(rf"pdf-cache/cahier-{told.pk}-members-[0-9a-f]{{64}}\.pdf", key)
    assert object_bytes(s3, s3.private, key) == pdf

    another_node(settings)
    assert storages["pdf_cache"] is not first_storage
    assert services.cahier_pdf(meeting=told, audience="members") == pdf
    assert len(weasyprint_runs) == 1, "found in the bucket, not rebuilt"
    assert cached(s3) == [key]


@pytest.mark.django_db
def test_the_pdf_cache_on_s3_evicts_the_least_recently_built_past_its_bound(
    s3, told, settings, weasyprint_runs
):
    cache = storages["pdf_cache"]
    cache.save("cahier-999-members-" + "a" * 64 + ".pdf", ContentFile(b"%PDF old" * 1000))
    settings.PDF_CACHE_MAX_BYTES = 1  # only the PDF just built stays
    pdf = services.cahier_pdf(meeting=told, audience="public")
    (key,) = cached(s3)
    assert key.startswith(f"pdf-cache/cahier-{told.pk}-public-")
    assert object_bytes(s3, s3.private, key) == pdf


@pytest.mark.django_db
def test_weasyprint_reads_a_logo_and_a_photo_from_the_media_bucket(s3, told, tmp_path):
    logo = storages["default"].save("logos/hote.png", ContentFile(png((200, 30, 30), (40, 20))))
    told.host.logo.name = logo
    told.host.save(update_fields=["logo"])
    assert not any(tmp_path.rglob("*.png")), "the images are in the bucket only"
    assert "logos/hote.png" in keys(s3, s3.media)

    only_the_logo = services.html_to_pdf(
        f'<!DOCTYPE html><html lang="fr"><head><title>Logo</title></head>'
        f'<body><img src="media:{logo}" alt="Logo"></body></html>'
    )
    assert image_count(only_the_logo) == 1

    without = image_count(services.html_to_pdf('<html lang="fr"><body><p>Rien'))
    cahier = services.cahier_pdf(meeting=told, audience="members")
    assert image_count(cahier) >= without + 2  # the host's logo and the cover photo
