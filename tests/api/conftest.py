"""One public object of each kind the API lists, and beside them what only members (or
nobody yet) may see: the walks assert that none of the latter ever shows."""

import datetime

import pytest
from django.utils import timezone

from clubs.models import Meeting, SessionLog, Workshop
from initiatives.models import CallForProjects, Indicator, Measurement
from landlords.models import Residence
from news.models import Article
from places.selectors import commune_named
from tests.factories import (
    ApplicationFactory,
    InitiativeFactory,
    MeetingFactory,
    PartnerFactory,
)

# Strings that only members, writers or nobody may read: none may appear in any API body.
SECRETS = [
    "Compost réservé aux membres",
    "Réunion en préparation",
    "Brouillon de restitution",
    "Appel en brouillon",
    "Lauréat pas encore annoncé",
    "Lauréat réservé aux membres",
    "Article en brouillon",
    "alice@example.org",
    "06 12 34 56 78",
    "Alice Martin",
    "Rita Rapporteure",
    "12 rue des Secrets",
    "https://visio.example.org/secret",
]


@pytest.fixture
def public_world(icf, chalets, alice, club, rita, gardens):
    """Public: an initiative (with a co-landlord, a partner, an indicator measured twice), a
    held meeting with an approved restitution, a decided call with a public laureate, an
    article. Hidden: everything named in SECRETS."""
    alice.phone = "06 12 34 56 78"
    alice.save()
    partner = PartnerFactory(name="La Poste", slug="la-poste")
    Residence.objects.create(
        landlord=icf,
        name="Le Saint-Georges",
        commune=commune_named("Marseille"),
        address="12 rue des Secrets",
    )
    initiative = InitiativeFactory(
        title="Jardins partagés du Saint-Georges",
        slug="jardins-partages-du-saint-georges",
        lead=icf,
        commune="Marseille",
        themes=[gardens],
        description="Des bacs potagers au pied des immeubles.",
        contact=alice,
    )
    initiative.co_landlords.add(chalets)
    initiative.partners.add(partner)
    indicator = Indicator.objects.create(
        initiative=initiative, name="participants", unit="personnes", target=30
    )
    Measurement.objects.create(indicator=indicator, date=datetime.date(2024, 3, 1), value=12)
    Measurement.objects.create(indicator=indicator, date=datetime.date(2025, 3, 1), value=21)
    members_only = InitiativeFactory(
        title="Compost réservé aux membres", slug="compost", lead=icf, visibility="members"
    )

    held = MeetingFactory(
        club=club,
        number=7,
        date=datetime.date(2023, 6, 19),
        host=icf,
        status=Meeting.Status.HELD,
        online_url="https://visio.example.org/secret",
        is_online=True,
    )
    held.partners.add(partner)
    workshop = Workshop.objects.create(meeting=held, title="Intergénérationnel")
    workshop.rapporteurs.add(rita)
    SessionLog.objects.create(
        workshop=workshop,
        author=rita,
        summary="Restitution validée",
        status=SessionLog.Status.APPROVED,
        approved_at=timezone.now(),
    )
    draft_log_workshop = Workshop.objects.create(meeting=held, title="Souffrance psychique")
    SessionLog.objects.create(
        workshop=draft_log_workshop, author=rita, summary="Brouillon de restitution"
    )
    draft_meeting = MeetingFactory(
        club=club, number=9, title="Réunion en préparation", status=Meeting.Status.DRAFT
    )

    decided = CallForProjects.objects.create(
        organiser=chalets,
        title="Habitat et Initiatives solidaires",
        slug="his",
        status="decided",
        ceiling=30000,
        results_published_at=timezone.now(),
    )
    ApplicationFactory(call=decided, initiative=initiative, status="laureate", amount_awarded=8000)
    ApplicationFactory(
        call=decided,
        initiative=members_only,
        title="Lauréat réservé aux membres",
        status="laureate",
    )
    ApplicationFactory(call=decided, title="Un projet écarté", status="not_retained")
    # Decided, results not published yet: its laureates wait.
    unannounced = CallForProjects.objects.create(
        organiser=chalets, title="Appel en délibération", slug="deliberation", status="decided"
    )
    ApplicationFactory(call=unannounced, title="Lauréat pas encore annoncé", status="laureate")
    awaiting = InitiativeFactory(title="Atelier vélo", slug="atelier-velo", lead=chalets)
    ApplicationFactory(call=unannounced, initiative=awaiting, status="laureate")
    draft_call = CallForProjects.objects.create(
        organiser=chalets, title="Appel en brouillon", slug="brouillon"
    )

    article = Article.objects.create(
        title="Le 7e Club au Saint-Georges",
        slug="7e-club",
        text="Retour sur la journée.",
        status="published",
        meeting=held,
        call=decided,
        author=alice,
    )
    article.initiatives.add(initiative, members_only)
    leaky = Article.objects.create(
        title="Un article public",
        slug="public",
        text="Bientôt.",
        status="published",
        meeting=draft_meeting,
        call=draft_call,
    )
    leaky.initiatives.add(members_only)
    draft_article = Article.objects.create(
        title="Article en brouillon", slug="brouillon", text="Secret."
    )
    return {
        "initiative": initiative,
        "members_only": members_only,
        "meeting": held,
        "draft_meeting": draft_meeting,
        "call": decided,
        "unannounced_call": unannounced,
        "awaiting_results": awaiting,
        "draft_call": draft_call,
        "article": article,
        "draft_article": draft_article,
        "organisation": icf,
        "partner": partner,
    }
