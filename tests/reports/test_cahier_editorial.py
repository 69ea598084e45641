"""The Cahier as AR Hlm writes it: an introduction beside the contents, what was said at each
talk with its documents, a synthesis after the workshops, a cover photo, "accueillie par" the
host and "en partenariat avec" the partners, participants from the attendance register, and a
closing page of contacts."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clubs import cahier
from clubs.models import AgendaItem, Meeting, Registration, SessionLog, Workshop
from initiatives.services import meeting_photo_add
from reports import services
from tests.clubs.test_cahier_content import MINIMAL_PDF
from tests.factories import ClubFactory, MeetingFactory, OrganisationFactory, UserFactory
from tests.reports.pdfs import Rendered, flat, fr, fr_count, png

pytestmark = pytest.mark.django_db
HOSTILE = "<b>gras</b> <script>alert(1)</script> {{ x }}"


@pytest.fixture
def told(settings, tmp_path):
    """A held meeting with its editorial texts, a talk with slides, two workshops, a register."""
    settings.PDF_CACHE_ROOT = tmp_path / "pdf"
    icf = OrganisationFactory(name="ICF Habitat", slug="icf")
    poste = OrganisationFactory(name="La Poste", slug="la-poste", kind="partner", family="")
    club = ClubFactory(name="Club Innovation sociale PACA & Corse", slug="paca")
    manon = UserFactory(email="manon@example.org", full_name="Manon Animatrice", organisation=icf)
    club.animators.add(manon)
    meeting = MeetingFactory(
        club=club,
        number=7,
        date=datetime.date(2023, 6, 19),
        host=icf,
        venue="Le Saint-Georges",
        city="Marseille",
        status=Meeting.Status.HELD,
    )
    meeting.partners.add(poste)
    talk = AgendaItem.objects.create(
        meeting=meeting,
        start_time=datetime.time(10),
        kind=AgendaItem.Kind.PLENARY,
        title="L'offre sociale de La Poste",
        speakers="Claire Facteur",
    )
    for title, order in (("Souffrance psychique", 1), ("Intergénérationnel", 2)):
        workshop = Workshop.objects.create(meeting=meeting, title=title, order=order)
        SessionLog.objects.create(
            workshop=workshop,
            author=manon,
            summary=f"Restitution de l'atelier {title}.",
            status=SessionLog.Status.APPROVED,
            approved_at=timezone.now(),
        )
    photo = meeting_photo_add(
        actor=manon,
        meeting=meeting,
        image=SimpleUploadedFile("salle.png", png((10, 90, 140), (60, 40)), "image/png"),
        alt_text="La salle du Saint-Georges",
        credit="Studio Lumière",
        consent=True,
    )
    cahier.cahier_content_save(
        actor=manon,
        meeting=meeting,
        introduction=f"ICF Habitat nous accueille. {HOSTILE}",
        synthesis="Dans les deux cas, les espaces collectifs sont particulièrement traités.",
        cover_photo=photo,
        accounts={talk.pk: "La Poste présente son offre sociale aux bailleurs."},
    )
    cahier.agenda_document_add(
        actor=manon,
        item=talk,
        title="Diaporama de La Poste",
        uploaded=SimpleUploadedFile("poste.pdf", MINIMAL_PDF, "application/pdf"),
    )
    # Five registered, three came; a walk-in without an account came too.
    for n in range(5):
        person = UserFactory(email=f"p{n}@example.org", full_name=f"Personne {n}", organisation=icf)
        Registration.objects.create(
            meeting=meeting, user=person, status="confirmed", attended=n < 3
        )
    Registration.objects.create(
        meeting=meeting,
        guest_name="Paul Passant",
        guest_organisation=poste,
        walk_in=True,
        status="confirmed",
        attended=True,
    )
    return meeting


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
