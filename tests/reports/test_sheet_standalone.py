"""The initiative sheet stands alone: who, where, the money, the indicators with the page's
chart, a photo with its credit, the call it won, the contact (members' edition only) and the
portal's address as a link and a QR code with its text alternative."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.charts import indicator_chart
from initiatives.models import Application, CallForProjects, Measurement, Photo
from reports import services
from tests.factories import PartnerFactory
from tests.reports.pdfs import Rendered, fr, image_count, png
from tests.reports.test_sheets import HOSTILE, get, sheet_url

CALL = "Habitat et Initiatives solidaires"


def alternatives(pdf: bytes) -> list[str]:
    """The /Alt of every Figure of the PDF's structure tree."""
    found = []

    def walk(element):
        if element.get("/S") == "/Figure":
            found.append(str(element.get("/Alt", "")))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    with pikepdf.open(io.BytesIO(pdf)) as document:
        walk(document.Root.StructTreeRoot)
    return found


URL = "http://testserver/initiatives/jardins-partages-du-saint-georges/"


@pytest.fixture
def call(chalets):
    return CallForProjects.objects.create(
        organiser=chalets,
        title=CALL,
        slug="habitat-et-initiatives-solidaires",
        ceiling=30000,
        opens_on=datetime.date(2024, 1, 15),
        closes_on=datetime.date(2024, 3, 31),
        status=CallForProjects.Status.DECIDED,
        results_published_at=timezone.now(),  # a sheet tells a laureate once announced only
    )


@pytest.fixture
def rich(initiative, icf, chalets, alice, call):
    """The public initiative with a contact, a co-landlord with a logo, a partner without one,
    two measurements, two photos, a won call and a refused one."""
    alice.phone = "04 91 00 00 00"
    alice.job_title = "Chargée de développement social"
    alice.save()
    initiative.contact = alice
    initiative.budget = Decimal("12500")
    initiative.save()
    chalets.logo.save("chalets.png", ContentFile(png((30, 30, 200))), save=True)
    initiative.co_landlords.add(chalets)
    initiative.partners.add(PartnerFactory(name="CPIE du Pays d'Aix", slug="cpie"))
    indicator = initiative.indicators.get()
    for date, value in ((datetime.date(2024, 3, 1), 12), (datetime.date(2024, 9, 1), 21)):
        Measurement.objects.create(indicator=indicator, date=date, value=value)
    for number, credit in enumerate(("Studio Lumière", "Second photographe")):
        Photo.objects.create(
            initiative=initiative,
            image=SimpleUploadedFile(f"photo-{number}.png", png((40, 160, 60), (60, 40))),
            alt_text="Des habitants plantent des tomates",
            caption="Atelier au jardin",
            credit=credit,
            consent=True,
            created_at=datetime.datetime(2024, 5, 1 + number, tzinfo=datetime.UTC),
        )
    Application.objects.create(
        call=call,
        initiative=initiative,
        applicant=icf,
        title=initiative.title,
        status=Application.Status.LAUREATE,
        amount_awarded=Decimal("8000"),
    )
    other = CallForProjects.objects.create(
        organiser=chalets,
        title="Appel refusé",
        slug="appel-refuse",
        opens_on=datetime.date(2023, 1, 15),
        closes_on=datetime.date(2023, 3, 31),
    )
    Application.objects.create(
        call=other,
        initiative=initiative,
        applicant=icf,
        title=initiative.title,
        status=Application.Status.NOT_RETAINED,
    )
    return initiative


def test_the_sheet_says_who_where_the_money_and_the_call_it_won(client, rich):
    text = Rendered(get(client, None, sheet_url(rich)).content).flat

    for expected in (
        f"{fr('Led by')} ICF Habitat Sud-Est Méditerranée",
        f"{fr('With the landlords')} Groupe des Chalets",
        f"{fr('Partners')} CPIE du Pays d'Aix",
        "12 500 €",
        f"{fr('Laureate of the call')} {CALL} (Groupe des Chalets), 8 000 €",
        "Atelier au jardin — photo Studio Lumière",
    ):
        assert expected in text, expected
    assert "Appel refusé" not in text
    assert "Second photographe" not in text  # the first photo only


def test_the_logos_and_the_first_photo_are_embedded_with_their_text_alternatives(rich):
    pdf = services.initiative_sheet_pdf(initiative=rich, audience="public")

    assert image_count(pdf) >= 2  # the co-landlord's logo and the photo (and the QR code)
    assert fr("Logo of %(name)s", name="Groupe des Chalets") in alternatives(pdf)
    assert "Des habitants plantent des tomates" in alternatives(pdf)


def test_the_contact_is_in_the_members_edition_only(client, rich, alice, bob, settings):
    members = Rendered(get(client, bob, sheet_url(rich)).content).flat
    public = Rendered(get(client, None, sheet_url(rich)).content).flat

    for detail in ("Alice Martin", "alice@example.org", "04 91 00 00 00"):
        assert detail in members
        assert detail not in public
    assert "Chargée de développement social" in members
    assert fr("Members of the club find the contact of this initiative on the portal.") in public
    folder = Path(settings.PDF_CACHE_ROOT)
    assert len(list(folder.glob(f"initiative-{rich.pk}-members-*.pdf"))) == 1
    assert len(list(folder.glob(f"initiative-{rich.pk}-public-*.pdf"))) == 1


def test_the_sheet_links_to_the_portal_and_its_qr_code_has_a_text_alternative(rich):
    pdf = services.initiative_sheet_pdf(initiative=rich, audience="public")

    assert URL in Rendered(pdf).flat
    with pikepdf.open(io.BytesIO(pdf)) as document:
        links = {
            str(annotation.A.URI)
            for page in document.pages
            for annotation in page.get("/Annots", [])
            if annotation.get("/Subtype") == "/Link" and "/A" in annotation
        }
    assert URL in links
    assert fr("QR code of the initiative's page on the portal: %(url)s", url=URL) in alternatives(
        pdf
    )


def test_the_qr_code_encodes_the_initiatives_address(rich, monkeypatch):
    import segno

    encoded = []
    make = segno.make

    def spy(content, **options):
        encoded.append(content)
        return make(content, **options)

    monkeypatch.setattr(segno, "make", spy)
    data = services.initiative_data(rich, audience="public")

    assert encoded == [URL]
    assert data["initiative"]["qr"] == make(URL, error="m").svg_data_uri(
        scale=4, border=2, dark="#07364a"
    )


def test_the_indicators_chart_is_the_initiative_pages_and_the_latest_value_meets_the_target(
    rich, renders
):
    services.initiative_sheet_pdf(initiative=rich, audience="public")
    [html] = renders
    chart = indicator_chart(rich.indicators.get())

    assert f'points="{chart.polyline}"' in html
    assert f'y1="{chart.target_y}"' in html
    text = " ".join(html.split())
    assert fr("Latest: %(value)s (%(date)s)", value="21", date="septembre 2024") in text
    assert f"{fr('Target')} 30" in text


def test_a_short_initiative_fits_on_one_page(initiative):
    rendered = Rendered(services.initiative_sheet_pdf(initiative=initiative, audience="members"))

    assert len(rendered.pages) == 1
    assert URL in rendered.flat


def test_hostile_text_in_every_part_of_the_sheet_appears_literally(client, rich, alice):
    alice.full_name = HOSTILE
    alice.save()
    photo = rich.photos.order_by("created_at").first()
    photo.credit = HOSTILE
    photo.save()
    partner = rich.partners.get()
    partner.name = "CPIE <b>gras</b>"
    partner.save()
    indicator = rich.indicators.get()
    indicator.name = "<i>mesure</i>"
    indicator.save()

    rendered = Rendered(get(client, alice, sheet_url(rich)).content)

    # The contact is a row of the facts, beside the photo: its cell may wrap the name after "</".
    unwrapped = "".join(rendered.flat.split())
    assert unwrapped.count("".join(HOSTILE.split())) == 2  # the contact and the photo's credit
    assert "CPIE <b>gras</b>" in rendered.flat
    assert "<i>mesure</i>" in rendered.flat


def test_the_sheet_costs_the_same_queries_for_few_and_many_partners(initiative, renders):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            services.initiative_sheet_pdf(initiative=initiative, audience="public")
        return len(queries)

    few = count()
    for number in range(3):
        initiative.partners.add(PartnerFactory(name=f"Partenaire {number}", slug=f"p-{number}"))
        Measurement.objects.create(
            indicator=initiative.indicators.get(),
            date=datetime.date(2024, 1 + number, 1),
            value=number,
        )
    assert count() == few


def test_the_portal_address_and_qr_code_never_stand_alone_on_a_page(rich, alice):
    """The demo's Chalets car-sharing sheet (a bilan, a won call, no photo) fits on one page;
    a longer one takes two, and its last part goes along with the portal's address."""
    from initiatives.models import Assessment

    Assessment.objects.create(
        initiative=rich,
        kind=Assessment.Kind.INTERMEDIATE,
        date=datetime.date(2024, 12, 15),
        text="Résultats satisfaisants : le bénéfice est étendu à l'ensemble des habitants.",
        author=alice,
    )
    rich.description = "Des abonnements subventionnés, étendus à tous les habitants. " * 6
    rich.save()
    longer = Rendered(services.initiative_sheet_pdf(initiative=rich, audience="public"))
    rich.photos.all().delete()
    rich.description = ""
    rich.save()
    short = Rendered(services.initiative_sheet_pdf(initiative=rich, audience="public"))

    assert len(short.pages) == 1
    assert URL in short.flat
    assert len(longer.pages) == 2
    last = " ".join(longer.pages[-1].split())
    assert URL in last
    assert "Résultats satisfaisants" in last
