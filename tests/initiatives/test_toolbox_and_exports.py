"""The toolbox (who sees, adds, downloads and removes what; documents checked by content),
the CSV/XLSX exports of the catalogue, the Atom feed and the impact page."""

import csv
import datetime
import functools
import html
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import (
    CallForProjects,
    Indicator,
    Initiative,
    Measurement,
    Resource,
)
from tests.factories import ApplicationFactory, InitiativeFactory, ThemeFactory
from tests.initiatives import pdfs

TOOLBOX = reverse("initiatives:toolbox")
RESOURCE_ADD = reverse("initiatives:resource-add")
IMPACT = reverse("initiatives:impact")
FEED = reverse("initiatives:feed")
ATOM = "{http://www.w3.org/2005/Atom}"

PDF_TYPE = "application/pdf"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NOT_A_DOCUMENT = "Envoyez un document PDF, ODT, DOCX ou XLSX : ce fichier n’en est pas un."
ACTIVE_PDF = "Ce PDF contient des scripts ou des actions automatiques"
MACROS = "Ce document contient des macros : enregistrez-le sans elles."
DAMAGED = "Ce document est endommagé."
TOO_LARGE_ONCE_OPENED = "Ce document serait trop volumineux une fois ouvert."
TOO_LARGE = "Le fichier est trop lourd ; la limite est de"
EMPTY = "Le fichier soumis est vide."
FILE_OR_LINK = "Joignez un fichier ou indiquez un lien."
ADDED = "La ressource est dans la boîte à outils."
REMOVED = "La ressource est retirée de la boîte à outils."

CSV_HEADER = [
    "Titre",
    "Organisme porteur",
    "Bailleurs associés",
    "Partenaires",
    "Thèmes",
    "Publics visés",
    "Commune",
    "Département",
    "Région",
    "En QPV",
    "Statut",
    "Date de début",
    "Date de fin",
    "Budget (€)",
    "Lauréate d’un appel",
    "Adresse",
]
FORMULA_TITLE = '=HYPERLINK("http://evil.example","clic")'


# --- Documents built in memory ---------------------------------------------------------------


def pdf_bytes(extra: bytes = b"", padding: int = 0) -> bytes:
    """A minimal valid PDF of one page; `extra` goes into its catalogue dictionary."""
    objects = dict(pdfs.MINIMAL_OBJECTS)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R" + extra + b" >>"
    return pdfs.classic_pdf(objects, padding=padding)


def docx_bytes(*extra: tuple[str, bytes]) -> bytes:
    """A DOCX: a zip with [Content_Types].xml first and word/document.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"/>',
        )
        archive.writestr("word/document.xml", "<w:document><w:body/></w:document>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_bytes(*entries: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def pdf_with_compressed_javascript() -> bytes:
    """A PDF whose JavaScript action sits in a compressed object stream (PDF 1.5+), as
    every modern writer stores objects: "/JavaScript" never appears in the raw bytes."""
    return pdfs.hidden_open_action(["FlateDecode"])


def pdf_with_attachment(stream_type: bytes = b"") -> bytes:
    """A PDF carrying an .exe in its /EmbeddedFiles name tree (`/Type /EmbeddedFile` on the
    file stream is optional in the PDF specification)."""
    objects = dict(pdfs.MINIMAL_OBJECTS)
    objects[1] = (
        b"<< /Type /Catalog /Pages 2 0 R"
        b" /Names << /EmbeddedFiles << /Names [(setup.exe) 4 0 R] >> >> >>"
    )
    objects[4] = b"<< /Type /Filespec /F (setup.exe) /EF << /F 5 0 R >> >>"
    objects[5] = pdfs.stream_object(stream_type.strip(), EXE)
    return pdfs.classic_pdf(objects)


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Participants"
    workbook.active["B1"] = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes(*extra: tuple[str, bytes]) -> bytes:
    """An ODT: "mimetype" first, stored, then content.xml."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_TYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def zip_bomb_docx() -> bytes:
    """A DOCX of about 200 kB whose members declare 201 MB once uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(201):
                member.write(chunk)
    return buffer.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06" + b"\0" * 32
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_bytes(resource) -> bytes:
    with resource.file.open("rb") as stored:
        return stored.read()


def assert_stored_as_sent(stored: bytes, sent: bytes, extension: str) -> None:
    """Office files are kept as sent; a PDF is kept as qpdf wrote it again: the same pages."""
    if extension != "pdf":
        assert stored == sent
        return
    assert stored.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(stored)) as copy, pikepdf.open(io.BytesIO(sent)) as original:
        assert len(copy.pages) == len(original.pages) == 1
        assert copy.pages[0].mediabox == original.pages[0].mediabox


def files_under(root) -> list[Path]:
    root = Path(root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def add_resource(user, **data) -> Resource:
    """Through the service, as the view does."""
    values = {"title": "Guide", "kind": "guide", "visibility": "public", "url": ""}
    values.update(data)
    return services.resource_add(actor=user, **values)


def form_data(**data) -> dict:
    values = {
        "title": "Guide du jardin partagé",
        "kind": "guide",
        "description": "Comment lancer un jardin au pied des immeubles.",
        "url": "",
        "visibility": "public",
    }
    values.update(data)
    return values


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def main_content(response) -> str:
    match = re.search(r"<main[^>]*>(.*)</main>", response.content.decode(), re.S)
    assert match, "no <main>"
    return match.group(1)


def results_heading(content: str) -> str:
    match = re.search(r'<h2 id="results-title"[^>]*>(.*?)</h2>', content, re.S)
    assert match, "no results heading"
    return html.unescape(match.group(1)).strip()


def resource_titles(content: str) -> list[str]:
    return [
        html.unescape(title)
        for title in re.findall(r'<li class="card">.*?<h3>(.*?)</h3>', content, re.S)
    ]


def field_block(content: str, name: str) -> str:
    """The HTML from a field's label to its input: where its errors are shown."""
    start = content.index(f'for="id_{name}"')
    end = content.index(f'name="{name}"', start)
    return html.unescape(content[start:end])


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


# --- Toolbox list ----------------------------------------------------------------------------


@pytest.fixture
def resources(alice, gardens):
    """A public guide on gardens, a members-only template and a public link."""
    sport = ThemeFactory(name="Sport", slug="sport")
    guide = Resource.objects.create(
        title="Guide des jardins partagés",
        kind="guide",
        description="Lancer un potager collectif.",
        url="https://example.org/guide-jardins",
        created_at=ago(3),
    )
    guide.themes.add(gardens)
    template = Resource.objects.create(
        title="Modèle de convention avec une association",
        kind="template",
        url="https://example.org/convention",
        visibility="members",
        added_by=alice,
        created_at=ago(2),
    )
    template.themes.add(gardens)
    link = Resource.objects.create(
        title="Tournoi de foot des résidences",
        kind="link",
        description="Annuaire des clubs sportifs partenaires.",
        url="https://example.org/foot",
        created_at=ago(1),
    )
    link.themes.add(sport)
    return {"guide": guide, "template": template, "link": link}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "unapproved"])
def test_visitors_who_are_not_members_see_only_public_resources(client, request, role, resources):
    if role:
        client.force_login(request.getfixturevalue(role))
    content = client.get(TOOLBOX).content.decode()
    assert results_heading(content) == "2 ressources"
    assert resource_titles(content) == [
        "Tournoi de foot des résidences",
        "Guide des jardins partagés",
    ]
    assert "Modèle de convention" not in content
    assert RESOURCE_ADD not in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "staff_user"])
def test_members_also_see_members_only_resources_marked_as_such(client, request, role, resources):
    client.force_login(request.getfixturevalue(role))
    content = client.get(TOOLBOX).content.decode()
    assert results_heading(content) == "3 ressources"
    assert resource_titles(content) == [
        "Tournoi de foot des résidences",
        "Modèle de convention avec une association",
        "Guide des jardins partagés",
    ]
    card = re.search(r'<li class="card">(?:(?!</li>).)*Modèle de convention.*?</li>', content, re.S)
    assert "membres" in card.group(0)
    assert f'href="{RESOURCE_ADD}"' in content


@pytest.mark.django_db
def test_the_search_finds_words_in_titles_and_descriptions(client, alice, resources):
    client.force_login(alice)
    content = client.get(TOOLBOX, {"q": "potager"}).content.decode()
    assert resource_titles(content) == ["Guide des jardins partagés"]
    content = client.get(TOOLBOX, {"q": "jardin partage"}).content.decode()  # plural, accent
    assert resource_titles(content) == ["Guide des jardins partagés"]
    content = client.get(TOOLBOX, {"q": "convention association"}).content.decode()
    assert resource_titles(content) == ["Modèle de convention avec une association"]
    content = client.get(TOOLBOX, {"q": "introuvable"}).content.decode()
    assert resource_titles(content) == []
    assert "Aucune ressource ne correspond à ces filtres." in html.unescape(content)


@pytest.mark.django_db
def test_the_theme_and_kind_filters_narrow_the_list_for_each_role(client, alice, resources):
    content = client.get(TOOLBOX, {"theme": "jardins-partages"}).content.decode()
    assert resource_titles(content) == ["Guide des jardins partagés"]
    client.force_login(alice)
    content = client.get(TOOLBOX, {"theme": "jardins-partages"}).content.decode()
    assert resource_titles(content) == [
        "Modèle de convention avec une association",
        "Guide des jardins partagés",
    ]
    content = client.get(TOOLBOX, {"kind": "template"}).content.decode()
    assert resource_titles(content) == ["Modèle de convention avec une association"]
    content = client.get(TOOLBOX, {"theme": "sport", "kind": "guide"}).content.decode()
    assert resource_titles(content) == []


@pytest.mark.django_db
def test_an_anonymous_visitor_cannot_reach_a_members_only_resource_through_the_filters(
    client, resources
):
    content = client.get(TOOLBOX, {"kind": "template"}).content.decode()
    assert resource_titles(content) == []
    assert results_heading(content) == "0 ressource"


@pytest.mark.django_db
def test_pagination_keeps_the_filters_on_every_page(client, alice, gardens):
    sport = ThemeFactory(name="Sport", slug="sport")
    for number in range(23):
        resource = Resource.objects.create(
            title=f"Fiche jardin {number:02d}",
            kind="guide",
            url=f"https://example.org/jardin-{number}",
            created_at=ago(100 - number),
        )
        resource.themes.add(gardens)
    for number in range(5):
        resource = Resource.objects.create(
            title=f"Fiche sport {number}", kind="guide", url="https://example.org/sport"
        )
        resource.themes.add(sport)
    client.force_login(alice)
    first = client.get(TOOLBOX, {"theme": "jardins-partages"}).content.decode()
    assert results_heading(first) == "23 ressources"
    assert len(resource_titles(first)) == 20
    assert all(title.startswith("Fiche jardin") for title in resource_titles(first))
    assert 'href="?theme=jardins-partages&amp;page=2"' in first
    second = client.get(TOOLBOX, {"theme": "jardins-partages", "page": 2}).content.decode()
    assert resource_titles(second) == ["Fiche jardin 02", "Fiche jardin 01", "Fiche jardin 00"]
    assert 'href="?theme=jardins-partages&amp;page=1"' in second
    assert "Page 2 sur 2" in html.unescape(second)


# --- Adding a resource -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_login_page_to_add_a_resource(client):
    response = client.post(RESOURCE_ADD, form_data(url="https://example.org"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert f"next={quote(RESOURCE_ADD)}" in response.url
    assert not Resource.objects.exists()


@pytest.mark.django_db
def test_an_unapproved_account_is_sent_to_the_waiting_page_to_add_a_resource(client, unapproved):
    client.force_login(unapproved)
    response = client.post(RESOURCE_ADD, form_data(url="https://example.org"))
    assert response.status_code == 302
    assert response.url == reverse("landlords:awaiting-approval")
    assert not Resource.objects.exists()


@pytest.mark.django_db
def test_a_member_sees_the_form_with_a_file_and_a_link_field(client, alice, gardens):
    client.force_login(alice)
    content = client.get(RESOURCE_ADD).content.decode()
    assert 'enctype="multipart/form-data"' in content
    for name in ("title", "kind", "description", "file", "url", "visibility", "themes"):
        assert f'name="{name}"' in content
    assert 'accept=".pdf,.odt,.docx,.xlsx,' in content


@pytest.mark.django_db
def test_a_member_adds_a_link_with_themes_and_finds_it_in_the_toolbox(
    client, alice, gardens, initiative
):
    client.force_login(alice)
    response = client.post(
        RESOURCE_ADD,
        form_data(
            kind="link",
            url="https://example.org/jardins",
            themes=[gardens.pk],
            initiatives=[initiative.pk],
            visibility="members",
        ),
        follow=True,
    )
    assert response.redirect_chain == [(TOOLBOX, 302)]
    assert ADDED in page_text(response)
    resource = Resource.objects.get()
    assert resource.title == "Guide du jardin partagé"
    assert resource.url == "https://example.org/jardins"
    assert resource.added_by == alice
    assert resource.visibility == "members"
    assert list(resource.themes.all()) == [gardens]
    assert list(resource.initiatives.all()) == [initiative]
    assert not resource.file
    assert resource_titles(response.content.decode()) == ["Guide du jardin partagé"]


@pytest.mark.django_db
def test_a_resource_needs_a_file_or_a_link_and_nothing_is_saved_without_one(client, alice):
    client.force_login(alice)
    response = client.post(RESOURCE_ADD, form_data())
    assert response.status_code == 200
    content = response.content.decode()
    assert response.context["form"].errors["file"] == [FILE_OR_LINK]
    assert FILE_OR_LINK in field_block(content, "file")
    assert not Resource.objects.exists()


ACCEPTED_FILES = [
    pytest.param("Guide du jardin (v2).PDF", pdf_bytes, "pdf", "Guide_du_jardin_v2.pdf", id="pdf"),
    pytest.param("Compte rendu.odt", odt_bytes, "odt", "Compte_rendu.odt", id="odt"),
    pytest.param("Convention type.docx", docx_bytes, "docx", "Convention_type.docx", id="docx"),
    pytest.param("Budget 2024.xlsx", xlsx_bytes, "xlsx", "Budget_2024.xlsx", id="xlsx"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "extension", "filename"), ACCEPTED_FILES)
def test_an_accepted_document_is_stored_privately_under_a_random_name(
    client, alice, settings, name, build, extension, filename
):
    data = build()
    client.force_login(alice)
    response = client.post(
        RESOURCE_ADD, form_data(kind="file", file=upload(name, data)), follow=True
    )
    assert ADDED in page_text(response)
    resource = Resource.objects.get()
    assert re.fullmatch(rf"toolbox/[0-9a-f]{{32}}\.{extension}", resource.file.name)
    assert resource.filename == filename
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / resource.file.name
    assert_stored_as_sent(stored.read_bytes(), data, extension)
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [stored]
    assert files_under(settings.MEDIA_ROOT) == []
    assert f"Télécharger {filename}" in page_text(response)


@pytest.mark.django_db
def test_the_extension_follows_the_content_not_the_name_sent(client, alice, settings):
    client.force_login(alice)
    client.post(RESOURCE_ADD, form_data(kind="file", file=upload("fiche.docx", pdf_bytes())))
    resource = Resource.objects.get()
    assert resource.file.name.endswith(".pdf")
    assert resource.filename == "fiche.pdf"


@pytest.mark.django_db
def test_a_path_or_odd_characters_in_the_name_sent_are_not_kept(client, alice):
    client.force_login(alice)
    client.post(
        RESOURCE_ADD,
        form_data(kind="file", file=upload('../../etc/<script>"x".pdf', pdf_bytes())),
    )
    resource = Resource.objects.get()
    assert "/" not in resource.filename
    assert "<" not in resource.filename
    assert '"' not in resource.filename
    assert resource.filename.endswith(".pdf")


REFUSED_FILES = [
    pytest.param("photo.pdf", lambda: PNG, NOT_A_DOCUMENT, id="png-renamed-pdf"),
    pytest.param("page.pdf", lambda: HTML, NOT_A_DOCUMENT, id="html-renamed-pdf"),
    pytest.param("logo.svg", lambda: SVG, NOT_A_DOCUMENT, id="svg"),
    pytest.param(
        "script.pdf",
        lambda: pdf_bytes(b" /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        ACTIVE_PDF,
        id="pdf-javascript",
    ),
    pytest.param(
        "launch.pdf",
        lambda: pdf_bytes(b" /OpenAction << /S /Launch /F (cmd.exe) >>"),
        ACTIVE_PDF,
        id="pdf-launch",
    ),
    pytest.param(
        "macro.docx",
        lambda: docx_bytes(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")),
        MACROS,
        id="docx-macros",
    ),
    pytest.param(
        "macro.xlsx",
        lambda: zip_bytes(
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"),
        ),
        MACROS,
        id="xlsx-macros",
    ),
    pytest.param(
        "macro.odt",
        lambda: odt_bytes(("Basic/Standard/Module1.xml", b"<script:module/>")),
        MACROS,
        id="odt-basic-macros",
    ),
    pytest.param(
        "script.odt",
        lambda: odt_bytes(("Scripts/python/run.py", b"import os")),
        MACROS,
        id="odt-scripts",
    ),
    pytest.param(
        "piece-jointe.pdf",
        lambda: pdf_with_attachment(b"/Type /EmbeddedFile "),
        ACTIVE_PDF,
        id="pdf-embedded-file",
    ),
    pytest.param(
        "abime.docx",
        lambda: zip_bytes(
            ("[Content_Types].xml", b"<Types/>"), ("word/styles.xml", b"<w:styles/>")
        ),
        DAMAGED,
        id="docx-without-document",
    ),
    pytest.param("bombe.docx", zip_bomb_docx, TOO_LARGE_ONCE_OPENED, id="zip-bomb"),
    pytest.param("setup.docx", lambda: EXE, NOT_A_DOCUMENT, id="exe-renamed-docx"),
    pytest.param("vide.pdf", lambda: b"", EMPTY, id="empty"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "build", "message"), REFUSED_FILES)
def test_a_refused_file_gets_a_message_beside_the_field_and_nothing_is_stored(
    client, alice, settings, name, build, message
):
    client.force_login(alice)
    response = client.post(RESOURCE_ADD, form_data(kind="file", file=upload(name, build())))
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(error.startswith(message) for error in errors), errors
    assert message in field_block(response.content.decode(), "file")
    assert not Resource.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert files_under(settings.MEDIA_ROOT) == []


@pytest.mark.django_db
def test_a_pdf_hiding_javascript_behind_an_escaped_name_is_refused(client, alice, settings):
    client.force_login(alice)
    data = pdf_bytes(b" /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>")
    response = client.post(RESOURCE_ADD, form_data(kind="file", file=upload("x.pdf", data)))
    assert not Resource.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert ACTIVE_PDF in page_text(response)


@pytest.mark.django_db
def test_a_pdf_hiding_javascript_in_a_compressed_object_stream_is_refused(client, alice, settings):
    data = pdf_with_compressed_javascript()
    assert b"JavaScript" not in data
    client.force_login(alice)
    response = client.post(RESOURCE_ADD, form_data(kind="file", file=upload("x.pdf", data)))
    assert not Resource.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert ACTIVE_PDF in page_text(response)


@pytest.mark.django_db
def test_a_pdf_carrying_an_attachment_without_its_optional_type_is_refused(client, alice, settings):
    client.force_login(alice)
    data = pdf_with_attachment()
    response = client.post(RESOURCE_ADD, form_data(kind="file", file=upload("x.pdf", data)))
    assert not Resource.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []
    assert ACTIVE_PDF in page_text(response)


@pytest.mark.django_db
def test_a_pdf_whose_open_action_only_sets_the_first_page_is_accepted(client, alice):
    client.force_login(alice)
    data = pdf_bytes(b" /OpenAction [3 0 R /Fit]")
    client.post(RESOURCE_ADD, form_data(kind="file", file=upload("ouvre.pdf", data)))
    assert Resource.objects.get().filename == "ouvre.pdf"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["€.pdf", ".pdf", "«».pdf"])
def test_a_document_whose_name_has_no_usable_character_is_saved_as_document(client, alice, name):
    client.force_login(alice)
    response = client.post(RESOURCE_ADD, form_data(kind="file", file=upload(name, pdf_bytes())))
    assert response.status_code == 302
    assert Resource.objects.get().filename == "document.pdf"


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_and_one_at_the_limit_accepted(
    client, alice, settings, monkeypatch
):
    monkeypatch.setattr("initiatives.documents.MAX_BYTES", 1000)
    client.force_login(alice)
    at_limit = pdf_bytes(padding=1000 - len(pdf_bytes()))
    assert len(at_limit) == 1000
    response = client.post(
        RESOURCE_ADD, form_data(kind="file", file=upload("gros.pdf", at_limit + b"\n"))
    )
    assert TOO_LARGE in response.context["form"].errors["file"][0]
    assert TOO_LARGE in field_block(response.content.decode(), "file")
    assert not Resource.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []

    client.post(RESOURCE_ADD, form_data(kind="file", file=upload("juste.pdf", at_limit)))
    assert Resource.objects.get().filename == "juste.pdf"


@pytest.mark.django_db
def test_a_refused_file_is_not_saved_even_with_a_link_given(client, alice, settings):
    client.force_login(alice)
    response = client.post(
        RESOURCE_ADD,
        form_data(kind="file", url="https://example.org", file=upload("x.pdf", PNG)),
    )
    assert NOT_A_DOCUMENT in response.context["form"].errors["file"]
    assert not Resource.objects.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


# --- Downloading -----------------------------------------------------------------------------


def download(client, resource):
    return client.get(reverse("initiatives:resource-download", args=[resource.pk]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "build", "content_type", "disposition"),
    [
        (
            "Guide jardin.pdf",
            pdf_bytes,
            PDF_TYPE,
            'attachment; filename="Guide_jardin.pdf"',
        ),
        ("Compte rendu.odt", odt_bytes, ODT_TYPE, 'attachment; filename="Compte_rendu.odt"'),
        ("Convention.docx", docx_bytes, DOCX_TYPE, 'attachment; filename="Convention.docx"'),
        ("Budget.xlsx", xlsx_bytes, XLSX_TYPE, 'attachment; filename="Budget.xlsx"'),
        (
            "Fiche été.pdf",
            pdf_bytes,
            PDF_TYPE,
            "attachment; filename*=utf-8''Fiche_%C3%A9t%C3%A9.pdf",
        ),
    ],
)
def test_a_public_file_is_downloaded_as_an_attachment_with_its_original_name(
    client, alice, name, build, content_type, disposition
):
    data = build()
    resource = add_resource(alice, kind="file", file=upload(name, data))
    response = download(client, resource)
    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert downloaded == stored_bytes(resource)
    assert_stored_as_sent(downloaded, data, name.rsplit(".", 1)[-1])
    assert response["Content-Disposition"] == disposition
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy
    assert "default-src 'none'" in policy


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "unapproved"])
def test_a_members_only_file_is_not_found_for_non_members(client, request, alice, role):
    resource = add_resource(
        alice, kind="file", visibility="members", file=upload("interne.pdf", pdf_bytes())
    )
    if role:
        client.force_login(request.getfixturevalue(role))
    response = download(client, resource)
    assert response.status_code == 404
    assert not hasattr(response, "streaming_content")
    assert b"%PDF" not in response.content


@pytest.mark.django_db
def test_a_members_only_file_is_downloaded_by_a_member_of_another_landlord(client, alice, bob):
    resource = add_resource(
        alice, kind="file", visibility="members", file=upload("interne.pdf", pdf_bytes())
    )
    client.force_login(bob)
    response = download(client, resource)
    assert b"".join(response.streaming_content) == stored_bytes(resource)
    assert response["Content-Disposition"] == 'attachment; filename="interne.pdf"'


@pytest.mark.django_db
def test_a_link_only_resource_has_nothing_to_download(client, alice):
    resource = add_resource(alice, kind="link", url="https://example.org/guide")
    client.force_login(alice)
    assert download(client, resource).status_code == 404
    content = client.get(TOOLBOX).content.decode()
    assert reverse("initiatives:resource-download", args=[resource.pk]) not in content
    assert 'href="https://example.org/guide"' in content


@pytest.mark.django_db
def test_an_unknown_resource_is_not_found(client, alice):
    client.force_login(alice)
    response = client.get(reverse("initiatives:resource-download", args=[999999]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_stored_file_has_no_public_url(alice, settings):
    resource = add_resource(alice, kind="file", file=upload("guide.pdf", pdf_bytes()))
    with pytest.raises(ValueError, match="no URL"):
        resource.file.url  # noqa: B018
    assert str(Path(settings.PRIVATE_MEDIA_ROOT).resolve()) in resource.file.path
    assert not resource.file.path.startswith(str(Path(settings.MEDIA_ROOT).resolve()))


@pytest.mark.django_db
def test_the_toolbox_links_to_the_download_view_never_to_the_stored_file(client, alice):
    resource = add_resource(alice, kind="file", file=upload("guide.pdf", pdf_bytes()))
    content = client.get(TOOLBOX).content.decode()
    assert f'href="{reverse("initiatives:resource-download", args=[resource.pk])}"' in content
    assert resource.file.name not in content
    assert "Télécharger guide.pdf" in html.unescape(content)


# --- Removing --------------------------------------------------------------------------------


def delete_url(resource) -> str:
    return reverse("initiatives:resource-delete", args=[resource.pk])


@pytest.fixture
def alices_file(alice):
    return add_resource(
        alice, title="Guide d’Alice", kind="file", file=upload("guide.pdf", pdf_bytes())
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "staff_user"])
def test_the_member_who_added_a_file_or_staff_removes_it_and_the_file_goes_after_commit(
    client, request, role, alices_file, settings, django_capture_on_commit_callbacks
):
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / alices_file.file.name
    assert stored.exists()
    client.force_login(request.getfixturevalue(role))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(delete_url(alices_file), follow=True)
    assert response.redirect_chain == [(TOOLBOX, 302)]
    assert REMOVED in page_text(response)
    assert not Resource.objects.filter(pk=alices_file.pk).exists()
    assert stored.exists(), "the file must stay until the transaction commits"
    assert callbacks, "the removal waits for the commit"
    for callback in callbacks:
        callback()
    assert not stored.exists()
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == []


@pytest.mark.django_db
def test_removing_a_file_deletes_it_from_disk_once_committed(
    client, alice, alices_file, settings, django_capture_on_commit_callbacks
):
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / alices_file.file.name
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(alices_file))
    assert not Resource.objects.exists()
    assert not stored.exists()


@pytest.mark.django_db
def test_another_member_may_not_remove_a_resource_and_sees_no_remove_button(
    client, bob, alices_file, settings, django_capture_on_commit_callbacks
):
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / alices_file.file.name
    before = stored.read_bytes()
    client.force_login(bob)
    assert delete_url(alices_file) not in client.get(TOOLBOX).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(delete_url(alices_file))
    assert response.status_code == 403
    assert callbacks == []
    assert Resource.objects.filter(pk=alices_file.pk).exists()
    assert stored.read_bytes() == before


@pytest.mark.django_db
def test_the_adder_sees_a_remove_button_on_their_own_resource_only(client, alice, bob):
    own = add_resource(alice, title="À moi", url="https://example.org/a")
    other = add_resource(bob, title="À Bob", url="https://example.org/b")
    client.force_login(alice)
    content = client.get(TOOLBOX).content.decode()
    assert f'action="{delete_url(own)}"' in content
    assert f'action="{delete_url(other)}"' not in content


@pytest.mark.django_db
def test_removing_an_unknown_resource_is_not_found(client, alice):
    client.force_login(alice)
    response = client.post(reverse("initiatives:resource-delete", args=[999999]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_anonymous_and_unapproved_visitors_cannot_remove_a_resource(
    client, unapproved, alices_file
):
    response = client.post(delete_url(alices_file))
    assert response.url.startswith(reverse("account_login"))
    client.force_login(unapproved)
    response = client.post(delete_url(alices_file))
    assert response.url == reverse("landlords:awaiting-approval")
    assert Resource.objects.filter(pk=alices_file.pk).exists()


@pytest.mark.django_db
def test_removing_takes_a_post_a_get_changes_nothing(client, alice, alices_file):
    client.force_login(alice)
    response = client.get(delete_url(alices_file))
    assert response.status_code == 405
    assert Resource.objects.filter(pk=alices_file.pk).exists()


@pytest.mark.django_db
def test_removing_a_link_only_resource_schedules_no_file_deletion(
    client, alice, django_capture_on_commit_callbacks
):
    resource = add_resource(alice, url="https://example.org/guide")
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(delete_url(resource))
    # Only the public pages' content version changes on commit; no file is touched.
    assert {callback.__name__ for callback in callbacks} == {"_bump"}
    assert not Resource.objects.exists()


# --- Catalogue exports -----------------------------------------------------------------------


@pytest.fixture
def catalogue(initiative, shared_initiative, chalets):
    """The ICF gardens (public, oldest), Compost entre voisins (members, Toulouse) and a
    public initiative of Groupe des Chalets whose title would be a spreadsheet formula."""
    # update(), not save(): save() would write back an empty search vector.
    Initiative.objects.filter(pk=initiative.pk).update(created_at=ago(30))
    Initiative.objects.filter(pk=shared_initiative.pk).update(created_at=ago(20))
    formula = InitiativeFactory(
        title=FORMULA_TITLE,
        slug="formule",
        lead=chalets,
        departement="31",
        commune="Toulouse",
        budget=1500,
        in_qpv=True,
        created_at=ago(10),
    )
    return {"gardens": initiative, "compost": shared_initiative, "formula": formula}


def export(client, fmt, params=None):
    return client.get(reverse("initiatives:export", args=[fmt]), params or {})


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["Initiatives"]
    return [
        ["" if value is None else value for value in row]
        for row in workbook["Initiatives"].iter_rows(values_only=True)
    ]


@pytest.mark.django_db
def test_the_csv_export_has_the_french_header_and_one_row_per_public_initiative(client, catalogue):
    response = export(client, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    stamp = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="initiatives-{stamp}.csv"'
    header, *rows = csv_rows(response)
    assert header == CSV_HEADER
    assert [row[0] for row in rows] == ["'" + FORMULA_TITLE, "Jardins partagés du Saint-Georges"]
    assert rows[1] == [
        "Jardins partagés du Saint-Georges",
        "ICF Habitat Sud-Est Méditerranée",
        "",
        "",
        "Jardins partagés",
        "",
        "Marseille",
        "13",
        "Provence-Alpes-Côte d'Azur",
        "non",
        "En cours",
        "",
        "",
        "",
        "non",
        "http://testserver/initiatives/jardins-partages-du-saint-georges/",
    ]
    assert rows[0][1] == "Groupe des Chalets"
    assert rows[0][9] == "oui"
    assert rows[0][13] == "1500.0"
    assert "Compost entre voisins" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "staff_user"])
def test_members_find_members_only_initiatives_in_the_csv_export(client, request, role, catalogue):
    client.force_login(request.getfixturevalue(role))
    _header, *rows = csv_rows(export(client, "csv"))
    assert [row[0] for row in rows] == [
        "'" + FORMULA_TITLE,
        "Compost entre voisins",
        "Jardins partagés du Saint-Georges",
    ]
    compost = rows[1]
    assert compost[1:3] == ["Groupe des Chalets", "ICF Habitat Sud-Est Méditerranée"]
    assert compost[6:8] == ["Toulouse", "31"]


@pytest.mark.django_db
def test_an_unapproved_account_exports_only_public_initiatives(client, unapproved, catalogue):
    client.force_login(unapproved)
    _header, *rows = csv_rows(export(client, "csv"))
    assert [row[0] for row in rows] == ["'" + FORMULA_TITLE, "Jardins partagés du Saint-Georges"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exports_respect_the_filters_of_the_query_string(client, alice, fmt, catalogue):
    def titles(params):
        response = export(client, fmt, params)
        rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
        return [row[0] for row in rows[1:]]

    assert titles({"theme": "jardins-partages"}) == ["Jardins partagés du Saint-Georges"]
    assert titles({"departement": "31"}) == ["'" + FORMULA_TITLE]
    assert titles({"in_qpv": "true"}) == ["'" + FORMULA_TITLE]
    assert titles({"departement": "13", "page": "2"}) == ["Jardins partagés du Saint-Georges"]
    client.force_login(alice)
    assert titles({"departement": "31"}) == ["'" + FORMULA_TITLE, "Compost entre voisins"]
    assert titles({"commune": "toulouse", "status": "running"}) == [
        "'" + FORMULA_TITLE,
        "Compost entre voisins",
    ]
    assert titles({"landlord": "icf-habitat-sud-est-mediterranee"}) == [
        "Compost entre voisins",
        "Jardins partagés du Saint-Georges",
    ]
    assert titles({"q": "compost"}) == ["Compost entre voisins"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "alice"])
def test_the_xlsx_export_holds_the_same_rows_as_the_csv_export(client, request, role, catalogue):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = export(client, "xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    stamp = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="initiatives-{stamp}.xlsx"'
    rows = xlsx_rows(response)
    expected = csv_rows(export(client, "csv"))
    assert rows[0] == CSV_HEADER
    assert len(rows) == len(expected) == (4 if role else 3)
    for row, csv_row in zip(rows, expected, strict=True):
        assert [
            float(text) if isinstance(value, int | float) else text
            for value, text in zip(row, csv_row, strict=True)
        ] == row
    budget = next(row[13] for row in rows[1:] if row[0] == "'" + FORMULA_TITLE)
    assert budget == 1500
    assert isinstance(budget, int | float)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_title_starting_with_equals_is_neutralised_in_the_exports(client, fmt, catalogue):
    response = export(client, fmt)
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    titles = [row[0] for row in rows[1:]]
    assert "'" + FORMULA_TITLE in titles
    assert FORMULA_TITLE not in titles
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content))["Initiatives"]
        cell = next(c for c in sheet["A"] if str(c.value).endswith(FORMULA_TITLE))
        assert cell.data_type == "s"


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["+33 cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)"])
def test_titles_starting_with_other_formula_signs_are_neutralised_too(client, icf, title):
    InitiativeFactory(title=title, lead=icf, commune_label="=1+1")
    _header, csv_row = csv_rows(export(client, "csv"))
    _header, xlsx_row = xlsx_rows(export(client, "xlsx"))
    for row in (csv_row, xlsx_row):
        assert row[0] == "'" + title
        assert row[6] == "'=1+1"


@pytest.mark.django_db
def test_the_exports_tell_which_initiatives_are_laureates_of_a_call(client, catalogue, chalets):
    call = CallForProjects.objects.create(
        organiser=chalets,
        title="Habitat et Initiatives solidaires",
        slug="hais",
        status=CallForProjects.Status.DECIDED,
        results_published_at=timezone.now(),  # announced: before, exports do not tell
    )
    ApplicationFactory(call=call, initiative=catalogue["gardens"], status="laureate")
    ApplicationFactory(call=call, initiative=catalogue["formula"], status="submitted")
    for rows in (csv_rows(export(client, "csv")), xlsx_rows(export(client, "xlsx"))):
        laureates = {row[0]: row[14] for row in rows[1:]}
        assert laureates == {"'" + FORMULA_TITLE: "non", "Jardins partagés du Saint-Georges": "oui"}
    _header, *rows = csv_rows(export(client, "csv", {"call": "hais"}))
    assert [row[0] for row in rows] == ["Jardins partagés du Saint-Georges"]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "json", "CSV", "csv.exe"])
def test_an_unknown_export_format_is_not_found(client, catalogue, fmt):
    response = export(client, fmt)
    assert response.status_code == 404
    assert "attachment" not in response.get("Content-Disposition", "")
    assert "Jardins partagés du Saint-Georges" not in response.content.decode()


# --- Atom feed -------------------------------------------------------------------------------


def feed_entries(response) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "alice"])
def test_the_feed_lists_public_initiatives_newest_first_never_members_only_ones(
    client, request, role, catalogue
):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(FEED)
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    assert root.findtext(f"{ATOM}title") == "Club Innovation sociale — nouvelles initiatives"
    entries = feed_entries(response)
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == [
        FORMULA_TITLE,
        "Jardins partagés du Saint-Georges",
    ]
    assert "Compost entre voisins" not in response.content.decode()
    gardens = entries[1]
    assert gardens.find(f"{ATOM}link").get("href") == (
        "http://testserver/initiatives/jardins-partages-du-saint-georges/"
    )
    assert gardens.findtext(f"{ATOM}author/{ATOM}name") == "ICF Habitat Sud-Est Méditerranée"
    assert [c.get("term") for c in gardens.findall(f"{ATOM}category")] == ["Jardins partagés"]


@pytest.mark.django_db
def test_the_feed_escapes_entry_titles_and_summaries(client, icf):
    InitiativeFactory(
        title='Jardins & potagers <script>alert("x")</script>',
        summary="Tomates <b>bio</b> & courgettes",
        lead=icf,
    )
    response = client.get(FEED)
    raw = response.content.decode()
    assert "<script>" not in raw
    assert "<b>bio</b>" not in raw
    (entry,) = feed_entries(response)
    assert entry.findtext(f"{ATOM}title") == 'Jardins & potagers <script>alert("x")</script>'
    assert entry.findtext(f"{ATOM}summary") == "Tomates <b>bio</b> & courgettes"


@pytest.mark.django_db
def test_the_feed_of_a_club_without_public_initiative_is_valid_and_empty(client, shared_initiative):
    response = client.get(FEED)
    assert feed_entries(response) == []


# --- Impact ----------------------------------------------------------------------------------


def measure(initiative, name, *values) -> Indicator:
    indicator, _created = Indicator.objects.get_or_create(initiative=initiative, name=name)
    for day, value in values:
        Measurement.objects.create(indicator=indicator, date=day, value=value)
    return indicator


@pytest.fixture
def impact_data(initiative, chalets, gardens):
    """ICF's gardens: 10 participants in 2023, 25 in 2024. Groupe des Chalets' sport: 4 in 2022,
    12 in 2023, nothing in 2024 (its 12 carries forward). Both also count "ateliers"; only
    the gardens count "heures de bénévolat"."""
    sport = ThemeFactory(name="Sport", slug="sport")
    chalets_sport = InitiativeFactory(
        title="Foot en pied d’immeuble", slug="foot", lead=chalets, themes=[sport, gardens]
    )
    measure(
        initiative,
        "participants",
        (datetime.date(2023, 3, 1), 10),
        (datetime.date(2024, 6, 1), 25),
    )
    measure(
        chalets_sport,
        "participants",
        (datetime.date(2022, 5, 1), 4),
        (datetime.date(2023, 11, 1), 12),
    )
    measure(initiative, "ateliers", (datetime.date(2024, 1, 1), 3))
    measure(chalets_sport, "ateliers", (datetime.date(2024, 1, 1), 2))
    measure(initiative, "heures de bénévolat", (datetime.date(2024, 1, 1), 40))
    return {"gardens": initiative, "sport": chalets_sport}


def bars(content: str, section: str) -> list[tuple[str, int, str]]:
    """(label, bar width, value shown) of one chart of the impact page."""
    match = re.search(
        rf'<section class="card" aria-labelledby="{section}">(.*?)</section>', content, re.S
    )
    assert match, f"no {section} chart"
    return [
        (html.unescape(label), int(width), html.unescape(value))
        for label, width, value in re.findall(
            r'<th scope="row">(.*?)</th><td><svg[^>]*><rect width="(\d+)"[^>]*/></svg>'
            r'<span class="bar-value">(.*?)</span>',
            match.group(1),
            re.S,
        )
    ]


def offered(content: str) -> list[str]:
    select = re.search(r'<select name="indicateur"[^>]*>(.*?)</select>', content, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(1)) if select else []


def chosen(content: str) -> str:
    return re.search(r'<option value="([^"]*)" selected>', content).group(1)


def total(content: str) -> str:
    return re.search(r'<p class="big-number"><strong>(.*?)</strong>', content).group(1)


@pytest.mark.django_db
def test_the_impact_page_adds_up_the_latest_values_by_landlord_theme_and_year(client, impact_data):
    content = client.get(IMPACT, {"indicateur": "participants"}).content.decode()
    assert chosen(content) == "participants"
    assert total(content) == "37"
    assert bars(content, "by-landlord") == [
        ("ICF Habitat Sud-Est Méditerranée", 100, "25"),
        ("Groupe des Chalets", 48, "12"),
    ]
    assert bars(content, "by-theme") == [
        ("Jardins partagés", 100, "37"),
        ("Sport", 32, "12"),
    ]
    assert bars(content, "by-year") == [
        ("2022", 11, "4"),
        ("2023", 59, "22"),
        ("2024", 100, "37"),
    ]
    text = html.unescape(content)
    assert "Jardins partagés du Saint-Georges" in text
    assert "Foot en pied d’immeuble" in text
    assert "1er juin 2024" in text
    assert "1er novembre 2023" in text


@pytest.mark.django_db
def test_the_impact_page_draws_svg_bars_and_no_inline_style(client, impact_data):
    response = client.get(IMPACT, {"indicateur": "participants"})
    main = main_content(response)
    assert main.count("<svg") == 7
    assert main.count("<rect width=") == 7
    assert 'style="' not in main
    assert "style=" not in response.content.decode()
    assert "Par année" in html.unescape(main)


@pytest.mark.django_db
def test_only_indicator_names_shared_by_two_initiatives_are_offered(client, impact_data):
    content = client.get(IMPACT).content.decode()
    assert offered(content) == ["ateliers", "participants"]
    assert "heures de bénévolat" not in html.unescape(content)
    assert chosen(content) == "ateliers"
    assert total(content) == "5"


@pytest.mark.django_db
@pytest.mark.parametrize("asked", ["heures de bénévolat", "inconnu", "<script>"])
def test_an_unknown_or_unshared_indicator_falls_back_to_the_first_shared_name(
    client, impact_data, asked
):
    content = client.get(IMPACT, {"indicateur": asked}).content.decode()
    assert chosen(content) == "ateliers"
    assert total(content) == "5"
    assert "<script>" not in content.split("<main", 1)[1]


@pytest.mark.django_db
def test_the_indicator_name_is_chosen_whatever_its_case(client, impact_data):
    content = client.get(IMPACT, {"indicateur": "Participants"}).content.decode()
    assert chosen(content) == "participants"
    assert total(content) == "37"


@pytest.mark.django_db
def test_an_indicator_name_with_an_accented_capital_can_be_chosen(client, impact_data):
    measure(impact_data["gardens"], "Économies d’énergie", (datetime.date(2024, 1, 1), 300))
    measure(impact_data["sport"], "Économies d’énergie", (datetime.date(2024, 1, 1), 200))
    content = client.get(IMPACT).content.decode()
    option = next(
        html.unescape(name)
        for name in offered(content)
        if html.unescape(name).lower() == "économies d’énergie"
    )
    content = client.get(IMPACT, {"indicateur": option}).content.decode()
    assert html.unescape(chosen(content)).lower() == "économies d’énergie"
    assert total(content) == "500"


@pytest.fixture
def members_only_participants(impact_data, shared_initiative):
    measure(shared_initiative, "participants", (datetime.date(2024, 9, 1), 100))
    measure(shared_initiative, "jardiniers", (datetime.date(2024, 9, 1), 7))
    measure(impact_data["gardens"], "jardiniers", (datetime.date(2024, 9, 1), 5))
    return shared_initiative


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "unapproved"])
def test_members_only_initiatives_do_not_count_for_non_members(
    client, request, role, members_only_participants
):
    if role:
        client.force_login(request.getfixturevalue(role))
    content = client.get(IMPACT, {"indicateur": "participants"}).content.decode()
    assert total(content) == "37"
    assert "Compost entre voisins" not in content
    assert ("Groupe des Chalets", 48, "12") in bars(content, "by-landlord")
    assert "jardiniers" not in offered(content)


@pytest.mark.django_db
def test_members_only_initiatives_count_for_members(client, alice, members_only_participants):
    client.force_login(alice)
    content = client.get(IMPACT, {"indicateur": "participants"}).content.decode()
    assert total(content) == "137"
    assert bars(content, "by-landlord") == [
        ("Groupe des Chalets", 100, "112"),
        ("ICF Habitat Sud-Est Méditerranée", 22, "25"),
    ]
    assert bars(content, "by-year")[-1] == ("2024", 100, "137")
    assert "Compost entre voisins" in content
    assert offered(content) == ["ateliers", "jardiniers", "participants"]


@pytest.mark.django_db
def test_the_impact_page_explains_how_to_share_a_name_when_nothing_is_shared(client, initiative):
    measure(initiative, "participants", (datetime.date(2024, 1, 1), 12))
    response = client.get(IMPACT, {"indicateur": "participants"})
    content = response.content.decode()
    assert offered(content) == []
    assert 'class="big-number"' not in content
    assert "<svg" not in main_content(response)
