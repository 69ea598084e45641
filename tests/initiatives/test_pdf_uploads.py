"""PDFs sent to the toolbox: read by qpdf as a viewer would (every filter, object stream,
name escape and incremental update), refused when they run, send or carry anything, and
stored as qpdf writes them again. The corpus is built in tests/initiatives/pdfs.py."""

import html
import io
import re
import time
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Dictionary, Name, String

from initiatives import documents, pdf_check
from initiatives.models import Resource
from tests.initiatives import pdfs

RESOURCE_ADD = reverse("initiatives:resource-add")
ACTIVE_PDF = "Ce PDF contient des scripts ou des actions automatiques"
DAMAGED = "Ce document est endommagé."
FILTERS = [
    ["ASCIIHexDecode"],
    ["ASCII85Decode"],
    ["FlateDecode"],
    ["RunLengthDecode"],
    ["LZWDecode"],
    ["ASCIIHexDecode", "FlateDecode"],
    ["ASCII85Decode", "LZWDecode", "RunLengthDecode", "FlateDecode"],
]


def clean(data: bytes, name: str = "document.pdf") -> tuple[bytes, str]:
    stored, filename = documents.clean_document(SimpleUploadedFile(name, data))
    return stored.read(), filename


def refusal(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        documents.clean_document(SimpleUploadedFile("document.pdf", data))
    return caught.value


def pages(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


# --- Hidden from a reader of raw bytes -------------------------------------------------------


@pytest.mark.parametrize("filters", FILTERS, ids="+".join)
def test_javascript_in_an_object_stream_is_refused_whatever_its_filters(filters):
    data = pdfs.hidden_open_action(filters)
    assert b"JavaScript" not in data
    assert b"OpenAction" not in data
    assert refusal(data).code == "active_content"


def test_names_written_with_escapes_are_read_as_the_names_they_spell():
    data = pdfs.escaped_names()
    assert b"/JavaScript" not in data
    assert b"/OpenAction" not in data
    assert refusal(data).code == "active_content"


def test_javascript_added_by_an_incremental_update_is_refused():
    data = pdfs.updated_with_javascript()
    first_version = data[: data.index(b"%%EOF") + 5]
    assert pages(clean(first_version)[0]) == 1
    assert refusal(data).code == "active_content"


@pytest.mark.django_db
def test_the_reported_pdf_is_refused_beside_the_file_field_and_nothing_is_saved(
    client, alice, settings
):
    """The finding: the catalogue's /OpenAction and its JavaScript action, both in an object
    stream under /ASCIIHexDecode, went through the old check and were served."""
    client.force_login(alice)
    data = pdfs.hidden_open_action(["ASCIIHexDecode"])
    response = client.post(
        RESOURCE_ADD,
        {
            "title": "Guide",
            "kind": "file",
            "visibility": "public",
            "file": SimpleUploadedFile("guide.pdf", data, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["file"]
    assert errors["file"][0].startswith(ACTIVE_PDF)
    content = html.unescape(response.content.decode())
    start = content.index('for="id_file"')
    assert ACTIVE_PDF in content[start : content.index('name="file"', start)]
    assert not Resource.objects.exists()
    assert not any(path.is_file() for path in Path(settings.PRIVATE_MEDIA_ROOT).rglob("*"))


# --- What runs, sends or carries something ---------------------------------------------------


def launch() -> Dictionary:
    return Dictionary(S=Name.Launch, F=String("cmd.exe"))


REFUSED = [
    pytest.param(pdfs.page_additional_action, id="page-aa"),
    pytest.param(pdfs.catalogue_additional_action, id="document-aa"),
    pytest.param(pdfs.annotation_additional_action, id="annotation-aa"),
    pytest.param(pdfs.field_additional_action, id="form-field-aa"),
    pytest.param(lambda: pdfs.open_action(pdfs.javascript()), id="open-action-javascript"),
    pytest.param(lambda: pdfs.open_action(launch()), id="open-action-launch"),
    pytest.param(
        lambda: pdfs.open_action(Dictionary(S=Name.URI, URI=String("https://x.test/"))),
        id="open-action-opens-a-link",
    ),
    pytest.param(lambda: pdfs.link_action(launch()), id="link-launch"),
    pytest.param(lambda: pdfs.link_action(pdfs.javascript()), id="link-javascript"),
    pytest.param(
        lambda: pdfs.link_action(Dictionary(S=Name.ImportData, F=String("data.fdf"))),
        id="link-import-data",
    ),
    pytest.param(
        lambda: pdfs.open_action(Dictionary(S=Name.ImportData, F=String("data.fdf"))),
        id="open-action-import-data",
    ),
    pytest.param(
        lambda: pdfs.link_action(
            Dictionary(S=Name.GoToR, F=String("\\\\attacker\\share\\x.pdf"), D=pikepdf.Array())
        ),
        id="link-to-a-remote-file",
    ),
    pytest.param(lambda: pdfs.link_action(Dictionary(S=Name.Unknown)), id="link-unknown-action"),
    pytest.param(
        lambda: pdfs.link_action(Dictionary(S=Name.Named, N=Name.Quit)), id="link-named-quit"
    ),
    pytest.param(lambda: pdfs.uri_link("javascript:app.alert(1)"), id="javascript-uri"),
    pytest.param(lambda: pdfs.uri_link("file:///C:/Windows/system32/cmd.exe"), id="file-uri"),
    pytest.param(pdfs.chained_action, id="javascript-after-a-link"),
    pytest.param(pdfs.submit_button, id="submit-form"),
    pytest.param(pdfs.document_javascript, id="names-tree-javascript"),
    pytest.param(pdfs.embedded_file, id="embedded-files"),
    pytest.param(pdfs.file_attachment_annotation, id="file-attachment-annotation"),
    pytest.param(pdfs.loose_embedded_file_stream, id="embedded-file-stream"),
    pytest.param(pdfs.rich_media, id="rich-media"),
    pytest.param(lambda: pdfs.form(xfa=True), id="xfa"),
]


@pytest.mark.parametrize("build", REFUSED)
def test_active_content_is_refused(build):
    error = refusal(build())
    assert error.code == "active_content"
    assert error.messages[0].startswith(ACTIVE_PDF)


@pytest.mark.parametrize("user", ["", "lecture"], ids=["owner-password", "user-password"])
def test_an_encrypted_pdf_is_refused_with_a_message_about_its_password(user):
    error = refusal(pdfs.encrypted(user=user))
    assert error.code == "encrypted"
    assert "mot de passe" in error.message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x00garbage" * 100,
        pdfs.plain()[:200],
        pdfs.plain().replace(b"/Root", b"/Rien"),
    ],
    ids=["garbage", "truncated", "without-catalogue"],
)
def test_a_pdf_qpdf_cannot_read_is_refused_as_damaged(data):
    error = refusal(data)
    assert error.code == "invalid_document"
    assert error.messages == [DAMAGED]


# --- Accepted, and stored as qpdf writes it again -------------------------------------------


ACCEPTED = [
    pytest.param(pdfs.plain, id="plain"),
    pytest.param(pdfs.open_action_fit, id="open-action-first-page"),
    pytest.param(pdfs.open_action_goto, id="open-action-go-to-first-page"),
    pytest.param(pdfs.uri_link, id="web-link"),
    pytest.param(lambda: pdfs.uri_link("mailto:club@arhlm.fr"), id="mail-link"),
    pytest.param(pdfs.outline_and_page_links, id="outline-page-links-tagged"),
    pytest.param(pdfs.form, id="plain-form"),
]


@pytest.mark.parametrize("build", ACCEPTED)
def test_a_harmless_pdf_is_accepted_and_stored_as_qpdf_writes_it_again(build):
    data = build()
    stored, filename = clean(data, "Guide du jardin.pdf")
    assert filename == "Guide_du_jardin.pdf"
    assert stored.startswith(b"%PDF-")
    assert stored != data
    assert pages(stored) == pages(data)


def test_the_stored_copy_keeps_the_last_version_only():
    data = pdfs.updated_without_javascript()
    assert data.count(b"%%EOF") == 2
    assert b"JavaScript" in data
    stored, _filename = clean(data)
    assert stored.count(b"%%EOF") == 1
    assert b"JavaScript" not in stored
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert "/OpenAction" not in pdf.Root
        assert len(pdf.pages) == 1


def test_the_stored_copy_has_a_destination_open_action_still():
    stored, _filename = clean(pdfs.open_action_fit())
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert list(pdf.Root.OpenAction) == [pdf.pages[0].obj, Name.Fit]


# --- Bounded work ----------------------------------------------------------------------------


def test_an_lzw_bomb_in_an_object_stream_is_refused_without_this_process_decoding_it():
    """2.2 GB once decoded, which qpdf would decode in memory, with no limit of its own for
    LZW: the child process runs out of the memory it is allowed, quickly."""
    data = pdfs.object_stream_bomb(300)
    assert len(data) < 2 * 1024 * 1024
    started = time.monotonic()
    error = refusal(data)
    assert time.monotonic() - started < 30
    assert error.code in {"invalid_document", "too_large"}


def test_a_pdf_check_that_takes_too_long_is_refused_as_too_large(monkeypatch):
    monkeypatch.setattr(documents, "PDF_TIMEOUT", 0.001)
    error = refusal(pdfs.plain())
    assert error.code == "too_large"


@pytest.fixture
def qpdf_limits():
    """pdf_check.clean sets qpdf's limits for the whole process: put them back."""
    saved = pikepdf.settings.get_qpdf_limits()
    yield
    pikepdf.settings.set_qpdf_limits(**saved)


@pytest.mark.usefixtures("qpdf_limits")
@pytest.mark.parametrize(("limit", "value"), [("MAX_OBJECTS", 3), ("MAX_ENTRIES", 10)])
def test_a_pdf_with_too_many_objects_or_entries_is_refused(monkeypatch, limit, value):
    data = pdfs.outline_and_page_links()
    assert pdf_check.clean(data).startswith(b"%PDF-")
    monkeypatch.setattr(pdf_check, limit, value)
    with pytest.raises(pdf_check.RefusedError) as caught:
        pdf_check.clean(data)
    assert caught.value.code == pdf_check.TOO_COMPLEX
    assert re.fullmatch(r"more than \d+ (objects|entries)", str(caught.value))


def test_a_pdf_of_too_many_objects_is_refused_as_too_large_once_opened():
    data = pdfs.many_objects(pdf_check.MAX_OBJECTS + 1)
    assert len(data) < documents.MAX_BYTES
    error = refusal(data)
    assert error.code == "too_large"
