"""The Cahier of a meeting: what its PDF says (read back with pdftotext), for members, for the
public and as the animators' draft; its cache; who may download, preview and publish it.

The content tests share three PDFs of one rich meeting, rendered once for the module."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from clubs import services as club_services
from clubs.models import Action, AgendaItem, Meeting, Registration, SessionLog, Workshop
from initiatives.services import meeting_photo_add
from reports import services
from tests.factories import (
    ClubFactory,
    InitiativeFactory,
    MeetingFactory,
    OrganisationFactory,
    PartnerFactory,
    UserFactory,
)
from tests.reports.pdfs import Rendered, flat, fr, fr_count, image_count, inflated, label, png

# Every test here declares the database: pytest-django then sets the test database up before
# the module's shared fixture writes (and rolls back) its meeting.
pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"
DATE = datetime.date(2024, 5, 17)  # a Friday
TYPO = 'Objectif : vraiment ! Pourquoi ? Oui ; "cité"'
ACCENTS = "Une équipe très efficace affiche déjà la fleur de l'œuvre."
STATE = "État des lieux : ça marche."
HOSTILE = "<b>gras</b> <script>alert(1)</script> {{ x }} {% now 'Y' %}"
HOSTILE_TITLE = "Visite <i>balisée</i> {{ titre }}"
PENDING = "Texte en attente de validation."
MEMBERS = ["Alice Martin", "Élodie Çelik", "Bob Durand", "Zoé Fleury"]
NOT_CONFIRMED = ["Wanda Attente", "Carl Annulé"]


# --- One rich meeting, rendered once ------------------------------------------------------------


def make_rich_meeting() -> Meeting:
    icf = OrganisationFactory(
        name="ICF Habitat Sud-Est Méditerranée", slug="icf-habitat-sud-est-mediterranee"
    )
    chalets = OrganisationFactory(name="Groupe des Chalets", slug="groupe-des-chalets")
    arhlm = OrganisationFactory(name="AR Hlm", slug="ar-hlm", kind="federation", family="")
    federation = PartnerFactory(
        name="Fédération des Centres sociaux", slug="federation-des-centres-sociaux"
    )
    icf.logo.save("icf.png", ContentFile(png((200, 30, 30))), save=True)
    federation.logo.save("federation.png", ContentFile(png((30, 30, 200))), save=True)
    club = ClubFactory(name="Club Innovation sociale PACA & Corse", slug="paca-corse")
    charlie = UserFactory(
        email="charlie@example.org", full_name="Charlie Venturelli", organisation=arhlm
    )
    club.animators.add(charlie)
    people = {
        name: UserFactory(email=f"{slug}@example.org", full_name=name, organisation=org)
        for name, slug, org in [
            ("Alice Martin", "alice", icf),
            ("Élodie Çelik", "elodie", icf),
            ("Fabien Animateur", "fabien", icf),
            ("Bob Durand", "bob", chalets),
            ("Rita Rapporteure", "rita", chalets),
            ("Zoé Fleury", "zoe", federation),
            ("Wanda Attente", "wanda", icf),
            ("Carl Annulé", "carl", chalets),
        ]
    }
    meeting = MeetingFactory(
        club=club,
        number=7,
        title="Les résidences dédiées",
        date=DATE,
        host=icf,
        venue="Le Saint-Georges",
        city="Marseille",
        status=Meeting.Status.HELD,
        cahier_title="Cahier du Saint Georges",
        cahier_published_at=timezone.now(),
        programme_intro="Une journée consacrée aux résidences dédiées.",
    )
    meeting.partners.add(federation)
    for start, end, kind, title in [
        (datetime.time(14), datetime.time(16), "visit", "Visite de la résidence Les Œillets"),
        (datetime.time(9, 30), None, "welcome", "Accueil café"),
        (datetime.time(11), datetime.time(12, 30), "plenary", "Plénière sur l'habitat inclusif"),
    ]:
        AgendaItem.objects.create(
            meeting=meeting, start_time=start, end_time=end, kind=kind, title=title
        )
    # Created out of their order: chapters follow `order`.
    pending = Workshop.objects.create(meeting=meeting, title="Mobilité des seniors", order=3)
    first = Workshop.objects.create(
        meeting=meeting, title="Résidences et souffrance psychique", order=1
    )
    Workshop.objects.create(meeting=meeting, title="Habitat inclusif", order=4)
    visit = Workshop.objects.create(
        meeting=meeting, title=HOSTILE_TITLE, kind=Workshop.Kind.VISIT, order=2
    )
    first.facilitators.add(people["Fabien Animateur"])
    first.rapporteurs.add(people["Rita Rapporteure"])
    approved = {"status": SessionLog.Status.APPROVED, "approved_at": timezone.now()}
    log = SessionLog.objects.create(
        workshop=first,
        author=people["Rita Rapporteure"],
        summary=f"{TYPO}\n\n{ACCENTS}\n\n{STATE}",
        key_findings="Les gardiens sont en première ligne.",
        proposals="Créer un réseau de référents.",
        **approved,
    )
    Action.objects.create(
        session_log=log,
        meeting=log.workshop.meeting,
        title="Former les gardiens",
        owner=chalets,
        due_date=datetime.date(2024, 9, 30),
    )
    Action.objects.create(
        session_log=log,
        meeting=log.workshop.meeting,
        title="Cartographier les partenaires",
        owner=icf,
    )
    SessionLog.objects.create(
        workshop=visit, author=people["Rita Rapporteure"], summary=HOSTILE, **approved
    )
    SessionLog.objects.create(
        workshop=pending,
        author=people["Rita Rapporteure"],
        summary=PENDING,
        status=SessionLog.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for name, person in people.items():
        status = {"Wanda Attente": "waitlisted", "Carl Annulé": "cancelled"}.get(name, "confirmed")
        Registration.objects.create(meeting=meeting, user=person, status=status)
    garden = InitiativeFactory(
        title="Jardins partagés du Saint-Georges",
        slug="jardins-partages",
        lead=icf,
        commune="Marseille",
    )
    compost = InitiativeFactory(
        title="Compost entre voisins", slug="compost", lead=chalets, visibility="members"
    )
    InitiativeFactory(title="Initiative absente du jour", slug="absente", lead=icf)
    garden.presented_at.add(meeting)
    compost.presented_at.add(meeting)
    meeting_photo_add(
        actor=charlie,
        meeting=meeting,
        image=SimpleUploadedFile(
            "jardin.png", png((40, 160, 60), (60, 40)), content_type="image/png"
        ),
        alt_text="Des habitants plantent des tomates",
        credit="Studio Lumière",
        consent=True,
        caption="Atelier au jardin",
    )
    return meeting


@pytest.fixture(scope="module")
def rich(django_db_setup, django_db_blocker, tmp_path_factory):
    """The members, public and draft PDFs of one rich meeting (its data rolled back after)."""
    root = tmp_path_factory.mktemp("rich")
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith("test_") or "mode=memory" in name, f"not a test database: {name}"
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=root / "media",
            PRIVATE_MEDIA_ROOT=root / "private",
            PDF_CACHE_ROOT=root / "pdf-cache",
        ),
        translation.override("fr"),
        transaction.atomic(),
    ):
        meeting = make_rich_meeting()
        pdfs = {
            "members": services.cahier_pdf(meeting=meeting, audience="members"),
            "public": services.cahier_pdf(meeting=meeting, audience="public"),
            "draft": services.cahier_pdf(meeting=meeting, audience="members", draft=True),
        }
        transaction.set_rollback(True)
    return {name: Rendered(pdf) for name, pdf in pdfs.items()}


@pytest.fixture(scope="module")
def members(rich):
    return rich["members"]


@pytest.fixture(scope="module")
def public(rich):
    return rich["public"]


@pytest.fixture(scope="module")
def draft(rich):
    return rich["draft"]


# --- Content ------------------------------------------------------------------------------------


def test_the_cover_shows_title_club_meeting_french_date_place_host_and_partners(members):
    cover = flat(members.raw_pages[0])

    assert cover.startswith("Club Innovation sociale PACA & Corse Cahier du Saint Georges")
    assert "7e Club Innovation sociale — Les résidences dédiées" in cover
    assert "vendredi 17 mai 2024 · Le Saint-Georges, Marseille" in cover
    assert fr("Hosted by") in cover
    assert "ICF Habitat Sud-Est Méditerranée" in cover
    assert "Fédération des Centres sociaux" in cover


def test_the_host_and_partner_logos_and_the_photo_are_embedded(members):
    assert image_count(members.pdf) == 4  # and AR Hlm's mark on the cover


def test_the_contents_list_every_chapter_in_order_with_its_page_number(members):
    assert fr("Contents") in members.pages[1]
    assert [title for title, _ in members.toc] == [
        fr("Programme of the day"),
        fr("Participants"),
        "Résidences et souffrance psychique",
        HOSTILE_TITLE,
        "Mobilité des seniors",
        "Habitat inclusif",
        fr("Initiatives presented"),
        fr("Photos"),
        fr("Contacts"),
    ]
    numbers = [page for _, page in members.toc]
    assert numbers == sorted(numbers)  # chapters flow: several may start on one page
    assert numbers[0] == 3
    assert numbers[-1] <= len(members.pages)
    for title, page in members.toc:
        heading = members.pages[page - 1].split("\n")
        assert any(line.strip() == title for line in heading), (title, page)


def test_every_page_has_page_x_of_y_and_after_the_cover_a_running_header(members):
    total = len(members.pages)

    assert members.info["Pages"] == str(total)
    for number, page in enumerate(members.pages, start=1):
        assert f"page {number} / {total}" in page
        assert "Club Innovation sociale · AR Hlm" in page
    for page in members.pages[1:]:
        assert page.lstrip().startswith("Cahier du Saint Georges")
    programme_page = dict(members.toc)[fr("Programme of the day")]
    header = members.pages[programme_page - 1].lstrip().split("\n")[0]
    assert fr("Programme of the day") in header


def test_the_programme_lists_its_items_in_time_order(members):
    page = members.chapter(fr("Programme of the day"))

    assert "Une journée consacrée aux résidences dédiées." in page
    positions = [
        page.index(text)
        for text in (
            "09:30",
            "Accueil café",
            "11:00–12:30",
            "Plénière sur l'habitat inclusif",
            "14:00–16:00",
            "Visite de la résidence Les Œillets",
        )
    ]
    assert positions == sorted(positions)


def test_members_see_the_participants_named_under_their_organisation(members):
    page = members.pages[dict(members.toc)[fr("Participants")] - 1]
    rows = {
        organisation: next(line for line in page.splitlines() if organisation in line)
        for organisation in (
            "Fédération des Centres sociaux",
            "Groupe des Chalets",
            "ICF Habitat Sud-Est Méditerranée",
        )
    }

    assert fr_count("%(counter)s participant.", "%(counter)s participants.", 6) in flat(page)
    assert "Zoé Fleury" in rows["Fédération des Centres sociaux"]
    for name in ("Bob Durand", "Rita Rapporteure"):
        assert name in rows["Groupe des Chalets"]
    for name in ("Alice Martin", "Élodie Çelik", "Fabien Animateur"):
        assert name in rows["ICF Habitat Sud-Est Méditerranée"]
    order = [page.index(organisation) for organisation in rows]
    assert order == sorted(order)
    for name in NOT_CONFIRMED:
        assert name not in members.flat


def test_the_public_version_counts_the_participants_by_organisation_and_names_nobody(public):
    page = public.pages[dict(public.toc)[fr("Participants")] - 1]
    counts = {
        organisation: re.search(rf"{re.escape(organisation)}\s+(\d+)", page).group(1)
        for organisation in (
            "Fédération des Centres sociaux",
            "Groupe des Chalets",
            "ICF Habitat Sud-Est Méditerranée",
        )
    }

    assert counts == {
        "Fédération des Centres sociaux": "1",
        "Groupe des Chalets": "2",
        "ICF Habitat Sud-Est Méditerranée": "3",
    }
    assert fr_count("%(counter)s participant.", "%(counter)s participants.", 6) in flat(page)
    assert flat(fr("Public edition: participants are counted, not named.")) in public.flat
    for name in [*MEMBERS, *NOT_CONFIRMED, "Charlie Venturelli"]:
        assert name not in public.flat
        assert name.split()[1] not in public.flat
    # Facilitators and rapporteurs are named in their chapter, as on the public meeting page,
    # but not as participants.
    for name in ("Rita Rapporteure", "Fabien Animateur"):
        assert name not in public.chapter(fr("Participants"))


def test_each_workshop_has_a_chapter_with_its_approved_restitution_and_actions(members):
    chapter = members.chapter("Résidences et souffrance psychique")

    assert label(Workshop.Kind.WORKSHOP).upper() in chapter
    assert "Fabien Animateur" in chapter
    assert "Rita Rapporteure" in chapter
    for text in (
        fr("Summary"),
        flat(ACCENTS),
        fr("Key findings"),
        "Les gardiens sont en première ligne.",
        fr("Proposals"),
        "Créer un réseau de référents.",
        fr("Follow-up actions"),
        "Former les gardiens Groupe des Chalets 30 septembre 2024",
        "Cartographier les partenaires ICF Habitat Sud-Est Méditerranée —",
    ):
        assert text in chapter, text
    visit = members.chapter(HOSTILE_TITLE)
    assert label(Workshop.Kind.VISIT).upper() in visit
    assert HOSTILE in visit


def test_a_restitution_not_approved_is_left_out_of_the_member_and_public_versions(members, public):
    mark = fr(
        "Restitution not approved yet (%(status)s).", status=label(SessionLog.Status.SUBMITTED)
    )
    for version in (members, public):
        chapter = version.chapter("Mobilité des seniors")
        assert fr("The restitution of this workshop is not available.") in chapter
        assert PENDING not in version.flat
        assert flat(mark) not in version.flat
        assert version.watermarks() == []


def test_the_draft_includes_the_unapproved_restitution_marked_and_watermarked(draft):
    chapter = draft.chapter("Mobilité des seniors")
    mark = fr(
        "Restitution not approved yet (%(status)s).", status=label(SessionLog.Status.SUBMITTED)
    )

    assert flat(mark) in chapter
    assert PENDING in chapter
    assert chapter.index(flat(mark)) < chapter.index(PENDING)
    assert flat(mark) not in draft.chapter("Résidences et souffrance psychique")
    assert fr("The restitution of this workshop is not available.") in draft.chapter(
        "Habitat inclusif"
    )
    assert flat(
        fr("Draft for the animators: restitutions not approved yet are included and marked.")
    ) in flat(draft.raw_pages[0])
    assert draft.watermarks() == list(range(1, len(draft.pages) + 1))


def test_the_initiatives_presented_appear_and_members_only_ones_not_in_the_public_version(
    members, public
):
    chapter = members.chapter(fr("Initiatives presented"))

    assert "Jardins partagés du Saint-Georges" in chapter
    assert "ICF Habitat Sud-Est Méditerranée · Marseille, 13" in chapter
    assert "Compost entre voisins" in chapter
    assert "Jardins partagés du Saint-Georges" in public.chapter(fr("Initiatives presented"))
    assert "Compost entre voisins" not in public.flat
    for version in (members, public):
        assert "Initiative absente du jour" not in version.flat


def test_the_photos_have_their_caption_and_credit(members, public):
    for version in (members, public):
        chapter = version.chapter(fr("Photos"))
        assert f"Atelier au jardin — {fr('photo')} Studio Lumière" in chapter


def test_accents_and_ligatures_are_extracted_intact(members):
    assert flat(ACCENTS) in members.flat
    assert "État des lieux : ça marche." in members.flat
    for word in ("efficace", "affiche", "fleur", "œuvre", "Œillets", "Élodie Çelik"):
        assert word in members.flat
    assert not re.search("[\ufb00-\ufb06\ufffd]", members.raw)


def test_french_typography_puts_narrow_no_break_spaces_and_guillemets(members):
    assert "Objectif : vraiment ! Pourquoi ? Oui ; « cité »" in members.flat
    # pdftotext prints every space as a plain one: the typeset characters are read in the PDF.
    assert (
        f"Objectif{NNBSP}: vraiment{NNBSP}! Pourquoi{NNBSP}? Oui{NNBSP}; «{NBSP}cité{NBSP}»"
        in members.typeset
    )
    assert f"État des lieux{NNBSP}: ça marche." in members.typeset


def test_user_text_with_markup_or_template_tags_appears_literally(members, draft):
    for version in (members, draft):
        assert HOSTILE in version.flat
        assert HOSTILE_TITLE in version.flat
    assert str(timezone.now().year) not in members.chapter(HOSTILE_TITLE)


def test_the_pdf_has_a_title_an_author_a_language_and_is_tagged(members, public, draft):
    for version in (members, public, draft):
        assert version.info["Title"].startswith("Cahier du Saint Georges")
        assert "7e Club Innovation sociale" in version.info["Title"]
        assert version.info["Author"]
        assert version.info["Tagged"] == "yes"
        objects = inflated(version.pdf)
        assert b"/Lang (fr)" in objects
        assert b"/StructTreeRoot" in objects
        assert re.search(rb"/MarkInfo\s*<<\s*/Marked true", objects)


# --- Edge cases ---------------------------------------------------------------------------------


@pytest.fixture
def held(meeting, workshop, rita, alice, bob, charlie):
    """The conftest meeting, held in the past with its Cahier published: an approved
    restitution, Alice and Bob registered."""
    meeting.status = Meeting.Status.HELD
    meeting.date = DATE
    meeting.cahier_title = "Cahier du Saint Georges"
    meeting.cahier_published_at = timezone.now()
    meeting.save()
    SessionLog.objects.create(
        workshop=workshop,
        author=rita,
        summary="Les gardiens sont en première ligne.",
        status=SessionLog.Status.APPROVED,
        approved_at=timezone.now(),
    )
    for user in (alice, bob):
        Registration.objects.create(meeting=meeting, user=user, status="confirmed")
    return meeting


def test_a_meeting_with_no_workshop_programme_participant_or_host_renders(club):
    meeting = MeetingFactory(
        club=club, number=9, host=None, venue="La Friche", status=Meeting.Status.HELD
    )

    rendered = Rendered(services.cahier_pdf(meeting=meeting, audience="members"))

    assert rendered.info["Pages"] == "4"
    assert rendered.info["Title"].startswith("Cahier du La Friche")
    assert "Cahier du La Friche" in flat(rendered.raw_pages[0])
    assert fr("Hosted by") not in rendered.flat
    assert [title for title, _ in rendered.toc] == [
        fr("Programme of the day"),
        fr("Participants"),
        fr("Contacts"),
    ]
    assert fr("No programme was recorded.") in rendered.flat
    # Not "0 participant.": the register was not kept, and the Cahier says so.
    assert fr("The attendance of this meeting was not recorded.") in rendered.flat
    assert fr_count("%(counter)s participant.", "%(counter)s participants.", 0) not in rendered.flat


def test_the_default_cahier_title_is_cahier_du_and_the_venue_or_the_meeting_name(club):
    with translation.override("fr"):
        at_venue = MeetingFactory(club=club, number=3, venue="Le Saint-Georges")
        online = MeetingFactory(club=club, number=4, venue="", host=None)
        named = MeetingFactory(club=club, number=5, cahier_title="Cahier du Saint Georges")
        titles = [
            services.cahier_data(meeting, audience="public")["meeting"]["cahier"]
            for meeting in (at_venue, online, named)
        ]
        expected_online = translation.pgettext("cahier", "Cahier of the %(meeting)s") % {
            "meeting": online.name
        }

    assert titles == ["Cahier du Le Saint-Georges", expected_online, "Cahier du Saint Georges"]
    assert "4e Club Innovation sociale" in expected_online


def test_an_unknown_audience_is_refused(meeting):
    with pytest.raises(ValueError, match="audience"):
        services.cahier_pdf(meeting=meeting, audience="everyone")


FIRST_NAMES = ["Léa", "Hugo", "Inès", "Jules", "Chloé", "Louis", "Emma", "Noé", "Yves", "Paul"]
LAST_NAMES = ["Roux", "Petit", "Morel", "Faure", "Blanc", "Dumas", "Leroy", "Marin"]


def test_a_meeting_with_80_participants_from_20_organisations_renders(club):
    meeting = MeetingFactory(club=club, number=10, status=Meeting.Status.HELD, capacity=100)
    organisations = [
        OrganisationFactory(name=f"Organisme {letter}", slug=f"organisme-{letter.lower()}")
        for letter in "ABCDEFGHIJKLMNOPQRST"
    ]
    names = [f"{first} {last}" for last in LAST_NAMES for first in FIRST_NAMES]
    for number, name in enumerate(names):
        user = UserFactory(
            email=f"p{number}@example.org",
            full_name=name,
            organisation=organisations[number % 20],
        )
        Registration.objects.create(meeting=meeting, user=user, status="confirmed")

    for_members = Rendered(services.cahier_pdf(meeting=meeting, audience="members"))
    for_public = Rendered(services.cahier_pdf(meeting=meeting, audience="public"))

    total = fr_count("%(counter)s participant.", "%(counter)s participants.", 80)
    assert len(for_members.pages) >= 4
    assert total in for_members.flat
    missing = [name for name in names if name not in for_members.flat]
    assert missing == []
    assert total in for_public.flat
    assert [name for name in names if name in for_public.flat] == []
    participants = for_public.pages[dict(for_public.toc)[fr("Participants")] - 1]
    for organisation in organisations:
        assert re.search(rf"{organisation.name}\s+4\b", participants), organisation.name


# --- Cache --------------------------------------------------------------------------------------


def cache_files(settings, meeting, variant="members") -> list[str]:
    folder = Path(settings.PDF_CACHE_ROOT)
    pattern = re.compile(rf"cahier-{meeting.pk}-{variant}-[0-9a-f]{{64}}\.pdf")
    return sorted(p.name for p in folder.glob("*.pdf") if pattern.fullmatch(p.name))


@pytest.fixture
def counted(monkeypatch):
    """The real WeasyPrint rendering, counted."""
    real, calls = services.html_to_pdf, []

    def counting(html: str) -> bytes:
        calls.append(html)
        return real(html)

    monkeypatch.setattr(services, "html_to_pdf", counting)
    return calls


def test_the_pdf_cache_is_its_own_folder_outside_the_private_media(held, settings, renders):
    pdf = services.cahier_pdf(meeting=held, audience="members")

    [name] = cache_files(settings, held)
    assert (Path(settings.PDF_CACHE_ROOT) / name).read_bytes() == pdf
    assert not Path(settings.PDF_CACHE_ROOT).is_relative_to(settings.PRIVATE_MEDIA_ROOT)
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))


def test_by_default_the_pdf_cache_is_a_folder_of_the_project_beside_the_private_media():
    from config import settings as project

    if "PDF_CACHE_ROOT" not in os.environ:
        assert project.PDF_CACHE_ROOT == project.BASE_DIR / "pdf-cache"
    assert not project.PDF_CACHE_ROOT.is_relative_to(project.PRIVATE_MEDIA_ROOT)
    assert project.PDF_CACHE_MAX_BYTES > 0


def test_a_second_download_of_an_unchanged_cahier_reuses_its_file_without_rendering(
    client, held, alice, settings, counted
):
    first = download(client, alice, held)
    [name] = cache_files(settings, held)
    path = Path(settings.PDF_CACHE_ROOT) / name
    inode = path.stat().st_ino
    os.utime(path, (1_000_000_000, 1_000_000_000))  # as if last served long ago

    second = download(client, alice, held)

    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert first.content.startswith(b"%PDF")
    assert len(counted) == 1
    assert cache_files(settings, held) == [name]
    assert path.stat().st_ino == inode  # the same file, not written again
    assert path.stat().st_mtime > 1_000_000_000  # served: now the most recently used
    assert path.read_bytes() == first.content


def approve_a_restitution(meeting, charlie):
    log = SessionLog.objects.get(workshop__meeting=meeting, status=SessionLog.Status.SUBMITTED)
    club_services.session_log_approve(actor=charlie, log=log)


def add_a_registration(meeting, charlie):
    newcomer = UserFactory(email="nina@example.org", full_name="Nina Nouvelle")
    Registration.objects.create(meeting=meeting, user=newcomer, status="confirmed")


def cancel_a_registration(meeting, charlie):
    registration = meeting.registrations.get(user__email="bob@example.org")
    registration.status = Registration.Status.CANCELLED
    registration.save()


def add_a_photo(meeting, charlie):
    meeting_photo_add(
        actor=charlie,
        meeting=meeting,
        image=SimpleUploadedFile("photo.png", png((10, 120, 200)), content_type="image/png"),
        alt_text="La salle pendant la plénière",
        credit="Charlie Venturelli",
        consent=True,
    )


def change_the_cahier_title(meeting, charlie):
    meeting.cahier_title = "Cahier des Œillets"
    meeting.save()


def add_an_agenda_item(meeting, charlie):
    AgendaItem.objects.create(
        meeting=meeting, start_time=datetime.time(12, 30), kind="lunch", title="Déjeuner"
    )


def add_an_action(meeting, charlie):
    log = SessionLog.objects.get(workshop__meeting=meeting, status=SessionLog.Status.APPROVED)
    Action.objects.create(
        session_log=log,
        meeting=log.workshop.meeting,
        title="Écrire le guide",
        owner=charlie.organisation,
    )


CHANGES = {
    "a restitution approved": approve_a_restitution,
    "a registration added": add_a_registration,
    "a registration cancelled": cancel_a_registration,
    "a photo added": add_a_photo,
    "the cahier title changed": change_the_cahier_title,
    "an agenda item added": add_an_agenda_item,
    "a follow-up action added": add_an_action,
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_change_to_the_meeting_makes_a_new_pdf_and_removes_the_old_one(
    change, held, charlie, meeting, rita, settings, renders
):
    second = Workshop.objects.create(meeting=held, title="Mobilité des seniors", order=5)
    second.rapporteurs.add(rita)
    log = club_services.session_log_save(
        actor=rita, workshop=second, summary="Une restitution soumise."
    )
    club_services.session_log_submit(actor=rita, log=log)
    before = services.cahier_pdf(meeting=held, audience="members")
    [old] = cache_files(settings, held)

    change(Meeting.objects.get(pk=held.pk), charlie)
    after = services.cahier_pdf(meeting=held, audience="members")

    assert len(renders) == 2
    assert after != before
    [new] = cache_files(settings, held)
    assert new != old
    assert services.cahier_pdf(meeting=held, audience="members") == after
    assert len(renders) == 2


def test_members_and_public_versions_are_cached_separately(held, settings, renders):
    members_pdf = services.cahier_pdf(meeting=held, audience="members")
    public_pdf = services.cahier_pdf(meeting=held, audience="public")

    assert members_pdf != public_pdf
    assert services.cahier_pdf(meeting=held, audience="members") == members_pdf
    assert services.cahier_pdf(meeting=held, audience="public") == public_pdf
    assert len(renders) == 2
    assert len(cache_files(settings, held, "members")) == 1
    assert len(cache_files(settings, held, "public")) == 1
    assert "Alice Martin" in renders[0]
    assert "Alice Martin" not in renders[1]


def test_rendering_the_members_version_keeps_the_cached_draft(held, settings, renders):
    services.cahier_pdf(meeting=held, audience="members", draft=True)
    services.cahier_pdf(meeting=held, audience="members")

    assert len(cache_files(settings, held, "members-draft")) == 1
    services.cahier_pdf(meeting=held, audience="members", draft=True)
    assert len(renders) == 2


def test_past_the_size_bound_the_least_recently_used_pdfs_are_removed_and_the_newest_kept(
    held, initiative, settings, renders
):
    folder = Path(settings.PDF_CACHE_ROOT)
    for audience, draft in (("members", False), ("public", False), ("members", True)):
        services.cahier_pdf(meeting=held, audience=audience, draft=draft)
    [members] = cache_files(settings, held, "members")
    [public] = cache_files(settings, held, "public")
    [draft] = cache_files(settings, held, "members-draft")
    for age, name in enumerate([public, members, draft]):  # public written first, draft last
        os.utime(folder / name, (1_000_000_000 + age, 1_000_000_000 + age))
    services.cahier_pdf(meeting=held, audience="public")  # served again: the newest now
    room = sum(path.stat().st_size for path in folder.glob("*.pdf"))
    settings.PDF_CACHE_MAX_BYTES = room  # for these three files only

    services.initiative_sheet_pdf(initiative=initiative)

    assert len(renders) == 4
    assert cache_files(settings, held, "members") == []  # the least recently used
    assert cache_files(settings, held, "public") == [public]
    assert cache_files(settings, held, "members-draft") == [draft]
    assert len(list(folder.glob(f"initiative-{initiative.pk}-*.pdf"))) == 1
    assert sum(path.stat().st_size for path in folder.glob("*.pdf")) <= room


def test_a_pdf_larger_than_the_bound_is_kept_and_every_older_one_removed(
    held, initiative, settings, renders
):
    folder = Path(settings.PDF_CACHE_ROOT)
    services.cahier_pdf(meeting=held, audience="members")
    services.cahier_pdf(meeting=held, audience="public")
    settings.PDF_CACHE_MAX_BYTES = 1

    sheet = services.initiative_sheet_pdf(initiative=initiative)

    [kept] = folder.glob("*.pdf")
    assert kept.name.startswith(f"initiative-{initiative.pk}-")
    assert kept.read_bytes() == sheet
    assert services.initiative_sheet_pdf(initiative=initiative) == sheet
    assert len(renders) == 3


def test_a_pdf_evicted_from_the_cache_is_rendered_again(held, settings, renders):
    first = services.cahier_pdf(meeting=held, audience="members")
    for path in Path(settings.PDF_CACHE_ROOT).glob("*.pdf"):
        path.unlink()

    again = services.cahier_pdf(meeting=held, audience="members")

    assert len(renders) == 2
    assert again != first  # the fake's second rendering: the data were the same
    assert len(cache_files(settings, held)) == 1


def test_a_changed_pdf_template_changes_the_digest(held, settings, tmp_path):
    data = services.cahier_data(held, audience="members")
    services.templates_version.cache_clear()
    before = services.digest_of("cahier", data)
    override = tmp_path / "templates" / "reports"
    override.mkdir(parents=True)
    source = Path(services.__file__).parent / "templates" / "reports" / "cahier.html"
    (override / "cahier.html").write_text(source.read_text() + "\n{# changed #}\n")
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [tmp_path / "templates", *templates[0].get("DIRS", [])]
    settings.TEMPLATES = templates

    assert services.digest_of("cahier", data) == before  # the version is computed once
    services.templates_version.cache_clear()
    assert services.digest_of("cahier", data) != before
    services.templates_version.cache_clear()  # the next tests see the real templates


# --- Views --------------------------------------------------------------------------------------


def cahier_url(meeting, **query) -> str:
    url = reverse("reports:cahier", args=[meeting.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download(client, user, meeting, **query):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(cahier_url(meeting, **query))


def assert_pdf(response, filename: str):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    return Rendered(response.content)


def test_a_published_cahier_is_the_public_version_for_visitors_and_named_for_members(
    client, held, alice, bob, unapproved
):
    for visitor in (None, unapproved):
        rendered = assert_pdf(download(client, visitor, held), "cahier-du-saint-georges.pdf")
        assert "Les gardiens sont en première ligne." in rendered.flat
        assert "Alice Martin" not in rendered.flat
        assert "Bob Durand" not in rendered.flat
        assert rendered.watermarks() == []
    for member in (alice, bob):
        rendered = assert_pdf(download(client, member, held), "cahier-du-saint-georges.pdf")
        assert "Alice Martin" in rendered.flat
        assert "Bob Durand" in rendered.flat
        assert rendered.watermarks() == []


def test_an_unpublished_cahier_is_hidden_from_visitors_and_members(
    client, held, alice, bob, unapproved
):
    held.cahier_published_at = None
    held.save()

    for user in (None, unapproved, alice, bob):
        assert download(client, user, held).status_code == 404
        assert download(client, user, held, projet=1).status_code == 404


def test_animators_and_staff_preview_an_unpublished_cahier_as_a_watermarked_draft(
    client, held, workshop, charlie, staff_user
):
    held.cahier_published_at = None
    held.save()
    log = workshop.session_log
    log.status, log.approved_at = SessionLog.Status.SUBMITTED, None
    log.save()

    for user in (charlie, staff_user):
        rendered = assert_pdf(download(client, user, held), "cahier-du-saint-georges-projet.pdf")
        assert rendered.watermarks() == list(range(1, len(rendered.pages) + 1))
        assert "Les gardiens sont en première ligne." in rendered.flat
        assert "Alice Martin" in rendered.flat


def test_animators_preview_the_draft_of_a_published_cahier_that_members_cannot_ask_for(
    client, held, charlie, alice
):
    rendered = assert_pdf(
        download(client, charlie, held, projet=1), "cahier-du-saint-georges-projet.pdf"
    )
    assert rendered.watermarks() == list(range(1, len(rendered.pages) + 1))
    assert_pdf(download(client, charlie, held), "cahier-du-saint-georges.pdf")

    rendered = assert_pdf(download(client, alice, held, projet=1), "cahier-du-saint-georges.pdf")
    assert rendered.watermarks() == []


def test_the_cahier_of_a_draft_meeting_is_hidden_from_all_but_its_animators_and_staff(
    client, held, alice, bob, charlie, staff_user
):
    held.status = Meeting.Status.DRAFT
    held.save()

    for user in (None, alice, bob):
        assert download(client, user, held).status_code == 404
        assert download(client, user, held, projet=1).status_code == 404
    for user in (charlie, staff_user):
        rendered = assert_pdf(download(client, user, held), "cahier-du-saint-georges-projet.pdf")
        assert rendered.watermarks() == list(range(1, len(rendered.pages) + 1))


def test_the_cahier_of_an_unknown_meeting_is_404(client, alice):
    client.force_login(alice)

    assert client.get(reverse("reports:cahier", args=[999_999])).status_code == 404


def publish(client, user, meeting):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.post(reverse("reports:cahier-publish", args=[meeting.pk]))


def test_an_animator_publishes_the_cahier_of_a_held_meeting(client, held, charlie):
    held.cahier_published_at = None
    held.save()
    # Not empty: a programme and participants (an empty Cahier is refused).
    AgendaItem.objects.create(meeting=held, start_time="09:30", kind="welcome", title="Accueil")

    response = publish(client, charlie, held)

    assert response.status_code == 302
    assert response["Location"] == reverse("clubs:meeting-detail", args=[held.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [fr("The Cahier is published.")]
    held.refresh_from_db()
    assert held.cahier_published_at is not None
    client.logout()
    assert download(client, None, held).status_code == 200


def test_only_animators_and_staff_may_publish_the_cahier(client, held, alice, unapproved):
    held.cahier_published_at = None
    held.save()

    assert publish(client, alice, held).status_code == 403
    assert publish(client, None, held)["Location"].startswith(reverse("account_login"))
    assert publish(client, unapproved, held).status_code == 302
    held.refresh_from_db()
    assert held.cahier_published_at is None
    held.status = Meeting.Status.DRAFT
    held.save()
    assert publish(client, alice, held).status_code == 404


def test_the_cahier_is_published_by_post_only(client, held, charlie):
    held.cahier_published_at = None
    held.save()
    client.force_login(charlie)

    response = client.get(reverse("reports:cahier-publish", args=[held.pk]))

    assert response.status_code == 200  # the confirmation page: asking publishes nothing
    held.refresh_from_db()
    assert held.cahier_published_at is None


def test_the_cahier_of_a_meeting_not_held_yet_is_not_published(client, meeting, charlie):
    response = publish(client, charlie, meeting)

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        fr("The Cahier is published once the meeting is held.")
    ]
    meeting.refresh_from_db()
    assert meeting.cahier_published_at is None


def test_the_cahier_downloaded_from_the_english_site_is_entirely_french(client, held, alice):
    with translation.override("en"):
        url = reverse("reports:cahier", args=[held.pk])
    client.force_login(alice)

    rendered = assert_pdf(client.get(url), "cahier-du-saint-georges.pdf")

    assert url.startswith("/en/")
    assert "8e Club Innovation sociale" in rendered.flat
    assert label(Workshop.Kind.WORKSHOP).upper() in rendered.flat
    assert "8th" not in rendered.flat
