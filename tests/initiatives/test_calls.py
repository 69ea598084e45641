"""The page of a call for projects (laureates, amounts, the organiser's board of bilans) and
what an initiative page shows of its calls, fundings and related initiatives."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Application, Assessment, CallForProjects, Funding
from tests.factories import (
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    ThemeFactory,
    UserFactory,
)

NBSP = "\u202f"  # thousands: a narrow no-break space
BOARD = "Tableau de suivi des bilans"
NONE_YET = "aucun pour l’instant"


def call_url(call) -> str:
    return reverse("initiatives:call-detail", args=[call.slug])


def detail_url(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.slug])


def section(content: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by `heading_id`."""
    start = content.index(f'id="{heading_id}"')
    return content[start : content.index("</section>", start)]


def squeeze(text: str) -> str:
    """Collapse ordinary white space, keeping the non-breaking spaces of amounts."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def board_rows(content: str) -> dict[str, str]:
    """Initiative title → the text of its row in the board of bilans."""
    body = section(content, "board-title").split("<tbody>")[1]
    rows = {}
    for row in body.split("<tr>")[1:]:
        title = html.unescape(re.search(r"<a [^>]*>(.*?)</a>", row).group(1))
        text = html.unescape(re.sub(r"<[^>]+>", " ", row))
        rows[title] = squeeze(text)
    return rows


def laureate_items(content: str) -> list[str]:
    """The text of each laureate line of the call page."""
    items = re.findall(r"<li>(.*?)</li>", section(content, "laureates-title"), re.S)
    return [squeeze(html.unescape(re.sub(r"<[^>]+>", " ", item))) for item in items]


@pytest.fixture
def erilia(db):
    return OrganisationFactory(name="Erilia", slug="erilia")


@pytest.fixture
def solidarity_call(chalets, gardens):
    call = CallForProjects.objects.create(
        organiser=chalets,
        title="Habitat et Initiatives solidaires",
        slug="habitat-et-initiatives-solidaires",
        rules="Projets portés avec les habitants.\n\nUn bilan intermédiaire est demandé.",
        ceiling=30000,
        opens_on=datetime.date(2024, 1, 15),
        closes_on=datetime.date(2024, 3, 31),
    )
    call.themes.set([gardens])
    return call


@pytest.fixture
def laureates(solidarity_call, initiative, shared_initiative, erilia, alice):
    """Three laureates (one members-only), one submitted application, one bilan sent."""
    sport = InitiativeFactory(title="Sport au pied des tours", slug="sport-tours", lead=erilia)
    candidate = InitiativeFactory(title="Atelier vélo", slug="atelier-velo", lead=erilia)
    Application.objects.create(
        call=solidarity_call,
        initiative=initiative,
        status="laureate",
        amount_awarded=12000,
        bilan_due_on=datetime.date(2024, 9, 30),
    )
    Application.objects.create(
        call=solidarity_call, initiative=shared_initiative, status="laureate", amount_awarded=8000
    )
    Application.objects.create(
        call=solidarity_call, initiative=sport, status="laureate", amount_awarded=5500
    )
    Application.objects.create(call=solidarity_call, initiative=candidate, status="submitted")
    Assessment.objects.create(
        initiative=initiative,
        call=solidarity_call,
        kind="intermediate",
        date=datetime.date(2024, 6, 15),
        text="Trente habitants jardinent chaque semaine.",
        author=alice,
    )
    # A bilan that is not for this call does not count on its board.
    Assessment.objects.create(
        initiative=sport,
        kind="final",
        date=datetime.date(2024, 5, 2),
        text="Bilan pour un autre financeur.",
        author=alice,
    )
    return {"sport": sport, "candidate": candidate}


# --- Call for projects page ------------------------------------------------------------------


@pytest.mark.django_db
def test_anyone_sees_the_rules_ceiling_dates_and_themes_of_a_call(client, solidarity_call):
    content = client.get(call_url(solidarity_call)).content.decode()
    assert "<h1>Habitat et Initiatives solidaires</h1>" in content
    assert "Règlement" in content
    assert "<p>Projets portés avec les habitants.</p>" in content
    assert "<p>Un bilan intermédiaire est demandé.</p>" in content
    assert "Plafond" in content
    assert f"30{NBSP}000 € par projet" in content
    assert "15 janvier 2024 – 31 mars 2024" in content
    assert "Jardins partagés" in content
    organiser = reverse("landlords:organisation-detail", args=["groupe-des-chalets"])
    assert f'<a href="{organiser}">Groupe des Chalets</a>' in content
    assert "Pas encore de lauréat." in content


@pytest.mark.django_db
def test_anonymous_visitor_sees_public_laureates_with_their_amounts_and_total(
    client, solidarity_call, laureates
):
    content = client.get(call_url(solidarity_call)).content.decode()
    assert laureate_items(content) == [
        f"Jardins partagés du Saint-Georges — ICF Habitat Sud-Est Méditerranée · 12{NBSP}000 €",
        f"Sport au pied des tours — Erilia · 5{NBSP}500 €",
    ]
    assert f"Total attribué :</strong> 17{NBSP}500 €" in content
    assert "Compost entre voisins" not in content
    assert f"8{NBSP}000" not in content
    assert "Atelier vélo" not in content  # only submitted: not a laureate


@pytest.mark.django_db
def test_unapproved_account_does_not_see_members_only_laureates(
    client, unapproved, solidarity_call, laureates
):
    client.force_login(unapproved)
    content = client.get(call_url(solidarity_call)).content.decode()
    assert "Compost entre voisins" not in content
    assert f"Total attribué :</strong> 17{NBSP}500 €" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "charlie", "staff_user"])
def test_members_see_every_laureate_and_the_full_total(
    client, request, role, solidarity_call, laureates
):
    client.force_login(request.getfixturevalue(role))
    content = client.get(call_url(solidarity_call)).content.decode()
    assert laureate_items(content) == [
        f"Compost entre voisins — Groupe des Chalets · 8{NBSP}000 €",
        f"Jardins partagés du Saint-Georges — ICF Habitat Sud-Est Méditerranée · 12{NBSP}000 €",
        f"Sport au pied des tours — Erilia · 5{NBSP}500 €",
    ]
    assert f"Total attribué :</strong> 25{NBSP}500 €" in content


@pytest.mark.django_db
def test_unknown_call_is_404(client):
    url = reverse("initiatives:call-detail", args=["appel-inconnu"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bob", "staff_user"])
def test_organiser_members_and_staff_see_the_board_of_bilans(
    client, request, role, solidarity_call, laureates
):
    client.force_login(request.getfixturevalue(role))
    content = client.get(call_url(solidarity_call)).content.decode()
    assert BOARD in content
    rows = board_rows(content)
    assert set(rows) == {
        "Jardins partagés du Saint-Georges",
        "Compost entre voisins",
        "Sport au pied des tours",
        "Atelier vélo",
    }
    jardins = rows["Jardins partagés du Saint-Georges"]
    assert "Lauréat" in jardins
    assert f"12{NBSP}000 €" in jardins
    assert "30 septembre 2024" in jardins
    assert "Bilan intermédiaire (15 juin 2024)" in jardins
    assert NONE_YET not in jardins
    assert NONE_YET in rows["Compost entre voisins"]
    sport = rows["Sport au pied des tours"]
    assert NONE_YET in sport
    assert "Bilan final" not in sport  # that bilan was not for this call
    candidate = rows["Atelier vélo"]
    assert "Soumise" in candidate
    assert NONE_YET not in candidate


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "alice", "charlie", "unapproved"])
def test_others_do_not_see_the_board_of_bilans(client, request, role, solidarity_call, laureates):
    if role:
        client.force_login(request.getfixturevalue(role))
    content = client.get(call_url(solidarity_call)).content.decode()
    assert BOARD not in content
    assert "board-title" not in content
    assert NONE_YET not in content
    assert "Bilan intermédiaire" not in content
    assert "Atelier vélo" not in content


@pytest.mark.django_db
def test_unapproved_member_of_the_organiser_does_not_see_the_board(
    client, chalets, solidarity_call, laureates
):
    newcomer = UserFactory(email="nouveau@chalets.example", organisation=chalets, is_approved=False)
    client.force_login(newcomer)
    content = client.get(call_url(solidarity_call)).content.decode()
    assert BOARD not in content
    assert "Compost entre voisins" not in content


@pytest.mark.django_db
def test_board_lists_every_bilan_a_laureate_sent_in_date_order(
    client, bob, alice, solidarity_call, laureates, initiative
):
    Assessment.objects.create(
        initiative=initiative,
        call=solidarity_call,
        kind="final",
        date=datetime.date(2025, 1, 20),
        text="Le jardin continue sans nous.",
        author=alice,
    )
    client.force_login(bob)
    rows = board_rows(client.get(call_url(solidarity_call)).content.decode())
    assert (
        "Bilan intermédiaire (15 juin 2024), Bilan final (20 janvier 2025)"
        in rows["Jardins partagés du Saint-Georges"]
    )


@pytest.mark.django_db
def test_call_page_escapes_what_organisers_wrote(client, chalets):
    call = CallForProjects.objects.create(
        organiser=chalets,
        title="<script>alert(1)</script>",
        slug="evil-call",
        rules="<img src=x onerror=alert(2)>",
    )
    content = client.get(call_url(call)).content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


# --- Initiative page -------------------------------------------------------------------------


@pytest.mark.django_db
def test_initiative_page_shows_the_laureate_badge_of_its_calls_only(
    client, icf, solidarity_call, laureates, initiative
):
    other = CallForProjects.objects.create(organiser=icf, title="Fonds vert", slug="fonds-vert")
    Application.objects.create(call=other, initiative=initiative, status="submitted")
    content = client.get(detail_url(initiative)).content.decode()
    assert "Lauréate : Habitat et Initiatives solidaires" in content
    assert "Lauréate : Fonds vert" not in content
    assert "<h3>Appels à projets</h3>" in content
    assert f'href="{call_url(solidarity_call)}"' in content
    assert f"Lauréat, 12{NBSP}000 €" in content
    assert "Fonds vert" in content


@pytest.mark.django_db
def test_initiative_page_without_laureate_application_has_no_badge(client, initiative):
    content = client.get(detail_url(initiative)).content.decode()
    assert "Lauréate :" not in content
    assert "badge-success" not in content


@pytest.mark.django_db
def test_initiative_page_lists_its_budget_and_fundings(
    client, chalets, solidarity_call, initiative
):
    region_sud = PartnerFactory(name="Région Sud", slug="region-sud")
    initiative.budget = 45000
    initiative.save()
    Funding.objects.create(
        initiative=initiative, funder=chalets, amount=12000, call=solidarity_call
    )
    Funding.objects.create(initiative=initiative, funder=region_sud, amount=2500)
    content = client.get(detail_url(initiative)).content.decode()
    money = section(content, "money-title")
    assert "Budget et financements" in money
    assert f"45{NBSP}000 €" in money
    assert (
        f"<dt>Groupe des Chalets</dt><dd>12{NBSP}000 € (Habitat et Initiatives solidaires)</dd>"
        in money
    )
    assert f"<dt>Région Sud</dt><dd>2{NBSP}500 €</dd>" in money
    assert money.index("Groupe des Chalets") < money.index("Région Sud")  # biggest first


@pytest.fixture
def neighbours(icf, chalets, gardens, initiative):
    """Around the Saint-Georges gardens (13, gardens): other initiatives, old to new."""
    sport = ThemeFactory(name="Sport", slug="sport")

    def make(title, departement, themes, days, **extra):
        return InitiativeFactory(
            title=title,
            lead=chalets,
            departement=departement,
            themes=themes,
            created_at=timezone.now() - datetime.timedelta(days=days),
            **extra,
        )

    return {
        "verger": make("Verger de la Belle de Mai", "13", [gardens], 30),
        "potager": make("Potager de Bagatelle", "31", [gardens], 1),
        "boxe": make("Boxe éducative", "13", [sport], 2),
        "secret": make("Jardin secret", "13", [gardens, sport], 3, visibility="members"),
        "far": make("Jardin des Minimes", "31", [gardens], 10),
    }


def related_titles(content: str) -> list[str]:
    if 'id="related-title"' not in content:
        return []
    return [
        html.unescape(title)
        for title in re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", section(content, "related-title"))
    ]


@pytest.mark.django_db
def test_related_initiatives_share_a_theme_the_same_departement_first(
    client, initiative, neighbours
):
    content = client.get(detail_url(initiative)).content.decode()
    assert "Initiatives proches" in content
    assert related_titles(content) == [
        "Verger de la Belle de Mai",
        "Potager de Bagatelle",
        "Jardin des Minimes",
    ]


@pytest.mark.django_db
def test_members_also_get_members_only_related_initiatives(client, alice, initiative, neighbours):
    client.force_login(alice)
    content = client.get(detail_url(initiative)).content.decode()
    assert related_titles(content) == [
        "Jardin secret",
        "Verger de la Belle de Mai",
        "Potager de Bagatelle",
        "Jardin des Minimes",
    ]


@pytest.mark.django_db
def test_related_initiatives_are_at_most_four_and_never_repeated(
    client, chalets, gardens, initiative
):
    sport = ThemeFactory(name="Sport", slug="sport")
    initiative.themes.add(sport)
    for number in range(3):
        InitiativeFactory(title=f"Proche {number}", departement="13", themes=[gardens, sport])
    for number in range(3):
        InitiativeFactory(title=f"Lointain {number}", departement="84", themes=[gardens, sport])
    titles = related_titles(client.get(detail_url(initiative)).content.decode())
    assert len(titles) == 4
    assert len(set(titles)) == 4
    assert set(titles[:3]) == {"Proche 0", "Proche 1", "Proche 2"}
    assert titles[3].startswith("Lointain")


@pytest.mark.django_db
def test_initiative_without_theme_shows_no_related_initiatives(client, icf, gardens):
    lonely = InitiativeFactory(title="Sans thème", lead=icf)
    InitiativeFactory(title="Autre jardin", themes=[gardens])
    content = client.get(detail_url(lonely)).content.decode()
    assert related_titles(content) == []
    assert "Initiatives proches" not in content
