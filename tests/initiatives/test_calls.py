"""The page of a call for projects (laureates, amounts, the organiser's board of bilans) and
what an initiative page shows of its calls, fundings and related initiatives."""

import datetime
import html
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from initiatives.models import CallForProjects, Funding
from tests.factories import (
    ApplicationFactory,
    InitiativeFactory,
    OrganisationFactory,
    PartnerFactory,
    ThemeFactory,
)

NBSP = "\u202f"  # thousands: a narrow no-break space


def fr(message: str) -> str:
    with translation.override("fr"):
        return gettext(message)


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
        status=CallForProjects.Status.OPEN,
        rules="Projets portés avec les habitants.\n\nUn bilan intermédiaire est demandé.",
        ceiling=30000,
        opens_on=datetime.date(2024, 1, 15),
        closes_on=datetime.date(2024, 3, 31),
    )
    call.themes.set([gardens])
    return call


@pytest.fixture
def laureates(solidarity_call, initiative, shared_initiative, erilia, alice):
    """Three laureates (one of them members-only in the catalogue), one submitted application,
    the results published."""
    sport = InitiativeFactory(title="Sport au pied des tours", slug="sport-tours", lead=erilia)
    candidate = InitiativeFactory(title="Atelier vélo", slug="atelier-velo", lead=erilia)
    ApplicationFactory(
        call=solidarity_call,
        initiative=initiative,
        status="laureate",
        amount_awarded=12000,
        bilan_due_on=datetime.date(2024, 9, 30),
    )
    ApplicationFactory(
        call=solidarity_call, initiative=shared_initiative, status="laureate", amount_awarded=8000
    )
    ApplicationFactory(
        call=solidarity_call, initiative=sport, status="laureate", amount_awarded=5500
    )
    ApplicationFactory(call=solidarity_call, initiative=candidate, status="submitted")
    solidarity_call.status = CallForProjects.Status.DECIDED
    solidarity_call.results_published_at = timezone.now()
    solidarity_call.save()
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
    assert fr("The results are not published yet.") in html.unescape(content)
    assert fr("Closed") in content  # its deadline has passed


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "unapproved", "alice", "bob", "staff_user"])
def test_published_results_list_every_laureate_by_its_own_organisation(
    client, request, role, solidarity_call, laureates
):
    if role:
        client.force_login(request.getfixturevalue(role))
    content = client.get(call_url(solidarity_call)).content.decode()
    assert laureate_items(content) == [
        f"Compost entre voisins — Groupe des Chalets · 8{NBSP}000 €",
        f"Jardins partagés du Saint-Georges — ICF Habitat Sud-Est Méditerranée · 12{NBSP}000 €",
        f"Sport au pied des tours — Erilia · 5{NBSP}500 €",
    ]
    assert f"Total attribué :</strong> 25{NBSP}500 €" in content
    assert "Atelier vélo" not in content  # only submitted: not a laureate


@pytest.mark.django_db
def test_a_members_only_initiative_is_linked_for_members_only(
    client, alice, solidarity_call, laureates, shared_initiative
):
    link = f'href="{detail_url(shared_initiative)}"'
    assert link not in client.get(call_url(solidarity_call)).content.decode()
    client.force_login(alice)
    assert link in client.get(call_url(solidarity_call)).content.decode()


@pytest.mark.django_db
def test_laureates_stay_hidden_until_the_results_are_published(client, solidarity_call, laureates):
    solidarity_call.results_published_at = None
    solidarity_call.save()
    content = client.get(call_url(solidarity_call)).content.decode()
    assert "Compost entre voisins" not in content
    assert "Total attribué" not in content


@pytest.mark.django_db
def test_unknown_call_is_404(client):
    url = reverse("initiatives:call-detail", args=["appel-inconnu"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(None, 404), ("alice", 404), ("charlie", 404), ("bob", 200), ("staff_user", 200)],
)
def test_a_draft_call_is_its_organisers_and_staffs(client, request, chalets, role, status):
    draft = CallForProjects.objects.create(organiser=chalets, title="Brouillon", slug="brouillon")
    if role:
        client.force_login(request.getfixturevalue(role))
    assert client.get(call_url(draft)).status_code == status


@pytest.mark.django_db
def test_call_page_escapes_what_organisers_wrote(client, chalets):
    call = CallForProjects.objects.create(
        organiser=chalets,
        title="<script>alert(1)</script>",
        slug="evil-call",
        status=CallForProjects.Status.OPEN,
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
    ApplicationFactory(call=other, initiative=initiative, status="submitted")
    content = client.get(detail_url(initiative)).content.decode()
    assert "Lauréate : Habitat et Initiatives solidaires" in content
    assert "Lauréate : Fonds vert" not in content
    assert "<h3>Appels à projets</h3>" in content
    assert f'href="{call_url(solidarity_call)}"' in content
    assert f"Lauréat, 12{NBSP}000 €" in content
    assert "Fonds vert" not in content  # a draft call is its organiser's


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


@pytest.mark.django_db
def test_no_page_export_or_api_tells_a_laureate_before_the_results_are_published(
    client, icf, initiative
):
    """The organiser has decided; the results are not out: nothing public may tell it."""
    call = CallForProjects.objects.create(
        organiser=icf, title="Fonds discret", slug="fonds-discret", status="decided"
    )
    ApplicationFactory(call=call, initiative=initiative, status="laureate", amount_awarded=5000)
    page = client.get(detail_url(initiative)).content.decode()
    assert "Lauréate : Fonds discret" not in page
    assert "Soumise, résultats à venir" in page
    assert "5\u202f000" not in page
    catalogue = client.get("/initiatives/").content.decode()
    assert "badge-success" not in catalogue
    assert 'value="fonds-discret"' not in catalogue  # not a choice of the call filter
    data = json.loads(b"".join(client.get("/donnees/initiatives.json").streaming_content))
    assert [row["laureate"] for row in data["data"]] == [False]
    assert [item["laureate"] for item in client.get("/api/v1/initiatives").json()["results"]] == [
        False
    ]
    call.results_published_at = timezone.now()
    call.save()
    assert "Lauréate : Fonds discret" in client.get(detail_url(initiative)).content.decode()
    data = json.loads(b"".join(client.get("/donnees/initiatives.json").streaming_content))
    assert [row["laureate"] for row in data["data"]] == [True]
