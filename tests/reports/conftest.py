"""Fixtures shared by the PDF tests."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from clubs import cahier
from clubs.models import AgendaItem, Meeting, Registration, SessionLog, Workshop
from initiatives.services import meeting_photo_add
from reports import services
from tests.clubs.test_cahier_content import MINIMAL_PDF
from tests.factories import ClubFactory, MeetingFactory, OrganisationFactory, UserFactory
from tests.reports.pdfs import png

HOSTILE = "<b>gras</b> <script>alert(1)</script> {{ x }}"


@pytest.fixture
def renders(monkeypatch):
    """html_to_pdf replaced by a quick fake that counts its calls."""
    calls = []

    def fake(html: str) -> bytes:
        calls.append(html)
        return f"%PDF-fake {len(calls)}".encode()

    monkeypatch.setattr(services, "html_to_pdf", fake)
    return calls


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
