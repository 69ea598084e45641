"""The Cahier as AR Hlm writes it: an introduction beside the contents, what was said at each
talk with its documents, a synthesis after the workshops, a cover photo, "accueillie par" the
host and "en partenariat avec" the partners, participants from the attendance register, and a
closing page of contacts."""

import pytest
from django.core.files.base import ContentFile

from reports import services
from tests.reports.conftest import HOSTILE
from tests.reports.pdfs import Rendered, flat, fr, fr_count, png

pytestmark = pytest.mark.django_db


def render(meeting, audience="members") -> Rendered:
    return Rendered(services.cahier_pdf(meeting=meeting, audience=audience))


def test_the_cover_says_hosted_by_and_in_partnership_with_and_shows_the_photo(told):
    cover = flat(render(told).raw_pages[0])
    hosted, partners = fr("Hosted by"), fr("In partnership with")
    assert cover.index(hosted) < cover.index("ICF Habitat") < cover.index(partners)
    assert cover.index(partners) < cover.index("La Poste")
    assert f"{fr('photo')} Studio Lumière" in cover


def test_the_introduction_shares_its_page_with_the_contents_escaped(told):
    rendered = render(told)
    second = flat(rendered.raw_pages[1])
    assert "ICF Habitat nous accueille." in second
    assert fr("Contents") in second
    assert "<script>alert(1)</script>" in second  # shown as text, not run nor dropped
    assert [title for title, _ in rendered.toc] == [
        fr("Programme of the day"),
        fr("Participants"),
        "Souffrance psychique",
        "Intergénérationnel",
        fr("Synthesis"),
        fr("Photos"),
        fr("Contacts"),
    ]


def test_the_talk_is_told_with_its_documents_and_the_synthesis_follows_the_workshops(told):
    rendered = render(told)
    programme = rendered.chapter(fr("Programme of the day"))
    assert "La Poste présente son offre sociale aux bailleurs." in programme
    assert "Diaporama de La Poste" in programme
    pages = dict(rendered.toc)
    # The two workshops flow on one page; the synthesis comes after them.
    assert pages["Souffrance psychique"] == pages["Intergénérationnel"]
    assert pages[fr("Synthesis")] >= pages["Intergénérationnel"]
    assert "les espaces collectifs sont particulièrement traités" in rendered.chapter(
        fr("Synthesis")
    )


def test_participants_are_counted_from_the_attendance_register(told):
    members = render(told).chapter(fr("Participants"))
    assert fr_count("%(counter)s participant.", "%(counter)s participants.", 4) in members
    assert "Personne 0" in members
    assert "Personne 4" not in members  # registered, did not come
    assert "Paul Passant" in members
    public = render(told, "public").chapter(fr("Participants"))
    assert fr_count("%(counter)s participant.", "%(counter)s participants.", 4) in public
    assert "Personne 0" not in public


def test_the_closing_page_names_the_animators_in_the_members_edition_only(told):
    members = render(told).chapter(fr("Contacts"))
    assert "Manon Animatrice" in members
    assert "manon@example.org" in members
    public = render(told, "public")
    assert "Manon Animatrice" not in public.flat
    assert "club@arhlm.example.org" in public.chapter(fr("Contacts"))


def test_the_closing_page_sends_both_editions_to_the_clubs_page_on_the_portal(told):
    address = f"http://testserver/clubs/{told.club.slug}/"
    for audience in ("members", "public"):
        closing = render(told, audience).chapter(fr("Contacts"))
        assert f"{fr('On the portal')} {address}" in closing, audience


def test_a_cover_photo_removed_from_disk_leaves_the_cover_without_it(told):
    told.refresh_from_db()
    photo = told.cahier_cover_photo
    photo.image.storage.delete(photo.image.name)
    cover = flat(render(told).raw_pages[0])
    assert "Studio Lumière" not in cover
    assert fr("Hosted by") in cover


def test_hostile_logo_names_are_escaped_on_the_cover(told):
    told.host.name = HOSTILE
    told.host.save()
    told.host.logo.save("l.png", ContentFile(png()), save=True)
    assert "<b>gras</b>" in flat(render(told).raw_pages[0])
