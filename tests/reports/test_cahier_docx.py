"""The Cahier as an editable DOCX for the communication team: the same contents as the PDF, in
named styles, user text as text; for the meeting's animators and staff."""

import io

import pytest
from django.urls import reverse

from tests.factories import MeetingFactory
from tests.reports.conftest import HOSTILE
from tests.reports.pdfs import fr

pytestmark = pytest.mark.django_db


def url(meeting):
    return reverse("reports:cahier-docx", args=[meeting.pk])


def read(content: bytes):
    from docx import Document

    return Document(io.BytesIO(content))


def styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_the_animator_gets_the_cahier_in_named_styles_with_its_pictures(client, told):
    manon = told.club.animators.get()
    client.force_login(manon)
    response = client.get(url(told))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == 'attachment; filename="cahier-du-le-saint-georges.docx"'
    )
    document = read(response.content)
    assert styled(document, "Title") == ["Cahier du Le Saint-Georges"]
    assert styled(document, "Heading 1") == [
        fr("Introduction"),
        fr("Programme of the day"),
        fr("Participants"),
        fr("Workshops and visits"),
        fr("Synthesis"),
        fr("Photos"),
        fr("Contacts"),
    ]
    assert styled(document, "Heading 2") == [
        "L'offre sociale de La Poste",
        "Souffrance psychique",
        "Intergénérationnel",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"ICF Habitat nous accueille. {HOSTILE}" in text  # as typed, not interpreted
    assert "La Poste présente son offre sociale aux bailleurs." in text
    assert "Dans les deux cas, les espaces collectifs" in text
    assert "manon@example.org" in text  # the members' edition
    assert len(document.inline_shapes) == 4  # AR Hlm's mark twice, the cover photo, the gallery's
    tables = ["\n".join(cell.text for row in t.rows for cell in row.cells) for t in document.tables]
    assert any("Paul Passant" in table and "Personne 0" in table for table in tables)
    assert document.core_properties.language == "fr-FR"
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_members_may_not_and_a_draft_meeting_is_hidden(client, told, alice):
    client.force_login(alice)
    assert client.get(url(told)).status_code == 403
    draft = MeetingFactory(club=told.club, number=44, status="draft")
    assert client.get(url(draft)).status_code == 404
    client.logout()
    assert client.get(url(told)).status_code == 302  # to the sign-in page


def test_control_characters_pasted_into_a_text_do_not_break_the_docx(client, told):
    from clubs.models import Meeting

    Meeting.objects.filter(pk=told.pk).update(cahier_introduction="Une tabulation\x0bverticale.")
    client.force_login(told.club.animators.get())
    response = client.get(url(told))
    assert response.status_code == 200
    text = "\n".join(p.text for p in read(response.content).paragraphs)
    assert "Une tabulationverticale." in text


def test_the_docx_is_french_whatever_the_pages_language(client, told):
    client.force_login(told.club.animators.get())
    response = client.get("/en" + url(told))
    assert response.status_code == 200
    headings = styled(read(response.content), "Heading 1")
    assert fr("Participants") in headings
    assert "Programme de la journée" in headings


def test_the_contents_list_the_headings_in_a_toc_field_and_the_closing_page_the_portal(
    client, told
):
    client.force_login(told.club.animators.get())
    document = read(client.get(url(told)).content)
    paragraphs = document.paragraphs
    [heading] = [p for p in paragraphs if p.style.name == "TOC Heading"]
    assert heading.text == fr("Contents")
    instructions = [
        node.text for node in document.element.body.iter() if node.tag.endswith("}instrText")
    ]
    assert [text.split()[0] for text in instructions] == ["TOC"]
    start = paragraphs.index(next(p for p in paragraphs if p._p is heading._p))
    programme = next(
        i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and i > start
    )
    entries = [p.text for p in paragraphs[start + 1 : programme] if p.text]
    headings = [
        p.text for p in paragraphs[programme:] if p.style.name in ("Heading 1", "Heading 2")
    ]
    assert entries == headings
    assert entries[:2] == [fr("Programme of the day"), "L'offre sociale de La Poste"]
    assert fr("Contacts") == entries[-1]
    text = "\n".join(p.text for p in paragraphs)
    assert f"http://testserver/clubs/{told.club.slug}/" in text
