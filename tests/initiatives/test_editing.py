"""Editing initiatives: who may create, edit and add indicators, measurements, bilans and photos,
what gets saved, what the pages show afterwards, and what bad input is refused with."""

import datetime
import html
import io
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import (
    Assessment,
    CallForProjects,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    TargetPublic,
)
from tests.factories import (
    ApplicationFactory,
    InitiativeFactory,
    PartnerFactory,
    ThemeFactory,
    UserFactory,
)

NOT_ALLOWED = "Action non autorisée"
NOT_FOUND = "Page introuvable"
WAITING = "Votre compte attend la validation de l’AR Hlm"
REQUIRED = "Ce champ est obligatoire."
INVALID_CHOICE = "Sélectionnez un choix valide."
TOOLBAR = "Gérer l’initiative"
ACTIONS = ["edit", "indicator", "measurement", "assessment", "photo"]


# Helpers ----------------------------------------------------------------------------------


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def error_summary_links(response) -> list[str]:
    """The fields that the error summary at the top of the form links to."""
    content = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', content, re.S)
    return re.findall(r'href="#id_(\w+)"', summary.group(1)) if summary else []


def errors_beside(response, field: str) -> str:
    """The error list Django renders next to `field` (empty when there is none)."""
    content = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    return html.unescape(found.group(1)) if found else ""


def detail(initiative) -> str:
    return reverse("initiatives:detail", args=[initiative.slug])


def assert_sent_to_login(response, url: str) -> None:
    assert response.status_code == 302
    target = urlparse(response.url)
    assert resolve(target.path).url_name == "account_login"
    assert parse_qs(target.query)["next"] == [url]


def assert_sent_to_waiting_page(client, response) -> None:
    assert response.status_code == 302
    assert response.url == reverse("landlords:awaiting-approval")
    assert WAITING in text_of(client.get(response.url))


def assert_not_allowed(response) -> None:
    assert response.status_code == 403
    assert NOT_ALLOWED in text_of(response)


def jpeg_upload(name="atelier.jpg", size=(120, 80)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "olive").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(initiative, **changes) -> dict:
    """What the edit form posts back for `initiative`, with `changes`."""
    data = {
        "title": initiative.title,
        "summary": initiative.summary,
        "description": initiative.description,
        "status": initiative.status,
        "visibility": initiative.visibility,
        "commune": initiative.commune,
        "departement": initiative.departement,
        "themes": [theme.pk for theme in initiative.themes.all()],
        "co_landlords": [org.pk for org in initiative.co_landlords.all()],
        "partners": [org.pk for org in initiative.partners.all()],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def new_initiative_data(**changes) -> dict:
    data = {
        "title": "Potager solidaire des Lilas",
        "summary": "Des locataires cultivent un potager au pied de la résidence des Lilas.",
        "description": "Chaque mercredi, avec le CPIE.",
        "status": "running",
        "visibility": "public",
        "commune": "Marseille",
        "departement": "13",
    }
    data.update(changes)
    return data


def indicator_of(initiative) -> Indicator:
    return Indicator.objects.get_or_create(
        initiative=initiative, name="participants", defaults={"target": 30}
    )[0]


def action_request(action: str, initiative) -> tuple[str, dict]:
    """The URL of an editing page of `initiative` and a valid form to post to it."""
    slug = initiative.slug
    if action == "edit":
        url = reverse("initiatives:edit", args=[slug])
        return url, form_data(initiative, title="Titre modifié par un éditeur")
    if action == "indicator":
        url = reverse("initiatives:indicator-add", args=[slug])
        return url, {"name": "logements visités", "unit": "logements", "target": "40"}
    if action == "measurement":
        indicator = indicator_of(initiative)
        url = reverse("initiatives:measurement-add", args=[slug, indicator.pk])
        return url, {"date": "2024-03-01", "value": "17", "comment": "Séance de printemps"}
    if action == "assessment":
        url = reverse("initiatives:assessment-add", args=[slug])
        return url, {"kind": "intermediate", "date": "2024-04-02", "text": "Bilan à mi-parcours"}
    url = reverse("initiatives:photo-add", args=[slug])
    return url, {
        "image": jpeg_upload(),
        "alt_text": "Des locataires arrosent les tomates",
        "credit": "Alice Martin",
        "consent": "on",
    }


def saved(action: str, initiative) -> bool:
    """Whether the write that `action_request` posts is in the database."""
    if action == "edit":
        return Initiative.objects.get(pk=initiative.pk).title == "Titre modifié par un éditeur"
    if action == "indicator":
        return initiative.indicators.filter(name="logements visités").exists()
    if action == "measurement":
        return Measurement.objects.filter(
            indicator__initiative=initiative, comment="Séance de printemps"
        ).exists()
    if action == "assessment":
        return initiative.assessments.filter(text="Bilan à mi-parcours").exists()
    return initiative.photos.exists()


def shown_after(action: str) -> str:
    """What the initiative page shows once the write of `action` is saved."""
    return {
        "edit": "Titre modifié par un éditeur",
        "indicator": "logements visités",
        "measurement": "Séance de printemps",
        "assessment": "Bilan à mi-parcours",
        "photo": 'alt="Des locataires arrosent les tomates"',
    }[action]


@pytest.fixture
def seniors(db):
    return TargetPublic.objects.create(name="Seniors", slug="seniors")


@pytest.fixture
def cpie(db):
    return PartnerFactory(name="CPIE Côte Provençale", slug="cpie-cote-provencale")


@pytest.fixture
def chalets_initiative(chalets):
    """Led by Groupe des Chalets alone, with its own indicator."""
    initiative = InitiativeFactory(
        title="Sport au pied des immeubles", slug="sport-au-pied-des-immeubles", lead=chalets
    )
    Indicator.objects.create(initiative=initiative, name="participants", target=20)
    return initiative


# Who may do what ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_saved(client, initiative, action):
    url, data = action_request(action, initiative)

    assert_sent_to_login(client.get(url), url)
    assert_sent_to_login(client.post(url, data), url)

    assert not saved(action, initiative)


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in_to_create_an_initiative(client, icf):
    url = reverse("initiatives:create")

    assert_sent_to_login(client.get(url), url)
    assert_sent_to_login(client.post(url, new_initiative_data()), url)

    assert not Initiative.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_member_awaiting_approval_is_sent_to_the_waiting_page_and_nothing_is_saved(
    client, unapproved, initiative, action
):
    client.force_login(unapproved)
    url, data = action_request(action, initiative)

    assert_sent_to_waiting_page(client, client.get(url))
    assert_sent_to_waiting_page(client, client.post(url, data))

    assert not saved(action, initiative)


@pytest.mark.django_db
def test_member_awaiting_approval_may_not_create_an_initiative(client, unapproved):
    client.force_login(unapproved)
    url = reverse("initiatives:create")

    assert_sent_to_waiting_page(client, client.get(url))
    assert_sent_to_waiting_page(client, client.post(url, new_initiative_data()))

    assert not Initiative.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["alice", "staff_user"])
def test_member_of_the_lead_organisation_and_staff_use_every_editing_page(
    client, request, initiative, role, action
):
    client.force_login(request.getfixturevalue(role))
    url, data = action_request(action, initiative)

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "Jardins partagés du Saint-Georges" in text_of(form_page)

    response = client.post(url, data)

    assert response.status_code == 302, re.findall(r'class="errorlist.*?</ul>', text_of(response))
    assert response.url.startswith(detail(Initiative.objects.get(pk=initiative.pk)))
    assert saved(action, initiative)
    page = text_of(client.get(response.url))
    assert shown_after(action) in page
    assert TOOLBAR in page


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["bob", "charlie"])
def test_member_of_another_organisation_gets_403_and_nothing_is_saved(
    client, request, initiative, role, action
):
    client.force_login(request.getfixturevalue(role))
    url, data = action_request(action, initiative)

    assert_not_allowed(client.get(url))
    assert_not_allowed(client.post(url, data))

    assert not saved(action, initiative)
    page = text_of(client.get(detail(initiative)))
    assert "Jardins partagés du Saint-Georges" in page  # they see it…
    assert TOOLBAR not in page  # …without the editing tools
    assert reverse("initiatives:edit", args=[initiative.slug]) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "role", ["alice", "bob", "staff_user"], ids=["co-landlord", "lead", "staff"]
)
def test_members_of_the_lead_and_of_a_co_landlord_edit_a_shared_initiative(
    client, request, shared_initiative, role, action
):
    client.force_login(request.getfixturevalue(role))
    url, data = action_request(action, shared_initiative)

    response = client.post(url, data)

    assert response.status_code == 302
    assert saved(action, shared_initiative)
    assert shown_after(action) in text_of(client.get(response.url))


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_club_animator_outside_the_lead_and_co_landlords_gets_403_on_a_shared_initiative(
    client, charlie, shared_initiative, action
):
    client.force_login(charlie)
    url, data = action_request(action, shared_initiative)

    assert_not_allowed(client.get(url))
    assert_not_allowed(client.post(url, data))

    assert not saved(action, shared_initiative)
    page = text_of(client.get(detail(shared_initiative)))
    assert "Compost entre voisins" in page
    assert TOOLBAR not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["unapproved", None], ids=["unapproved", "anonymous"])
def test_members_only_initiative_is_404_for_who_may_not_see_it(
    client, request, shared_initiative, role
):
    if role:
        client.force_login(request.getfixturevalue(role))

    response = client.get(detail(shared_initiative))

    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)
    assert "Compost entre voisins" not in text_of(response)
    catalogue = text_of(client.get(reverse("initiatives:catalogue")))
    assert "Compost entre voisins" not in catalogue


@pytest.mark.django_db
@pytest.mark.parametrize("action", ACTIONS)
def test_sub_pages_of_a_members_only_initiative_tell_anonymous_nothing_more_than_unknown_ones(
    client, shared_initiative, action
):
    """Sub-pages are behind the sign-in wall: an anonymous visitor is sent to sign in whether
    the initiative exists or not, so the answer does not reveal that it exists."""
    url, data = action_request(action, shared_initiative)
    unknown = url.replace(shared_initiative.slug, "initiative-inconnue")

    for response, asked in [
        (client.get(url), url),
        (client.post(url, data), url),
        (client.get(unknown), unknown),
    ]:
        assert_sent_to_login(response, asked)
        assert "Compost entre voisins" not in text_of(response)
    assert not saved(action, shared_initiative)


@pytest.mark.django_db
def test_unknown_initiative_is_404_for_a_member_on_every_editing_page(client, alice, initiative):
    client.force_login(alice)
    for action in ACTIONS:
        url, data = action_request(action, initiative)
        url = url.replace(initiative.slug, "initiative-inconnue")
        response = client.post(url, data)
        assert response.status_code == 404, action
        assert NOT_FOUND in text_of(response)


# Indicator ids (IDOR) -----------------------------------------------------------------------


@pytest.mark.django_db
def test_measurement_for_an_indicator_of_another_initiative_under_this_slug_is_404(
    client, alice, initiative, shared_initiative
):
    """Alice edits both initiatives, yet an indicator is only reachable under its own one."""
    client.force_login(alice)
    other = indicator_of(shared_initiative)
    url = reverse("initiatives:measurement-add", args=[initiative.slug, other.pk])

    assert client.get(url).status_code == 404
    response = client.post(url, {"date": "2024-03-01", "value": "5"})

    assert response.status_code == 404
    assert NOT_FOUND in text_of(response)
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_member_of_another_landlord_cannot_reach_an_indicator_by_changing_ids(
    client, bob, initiative, chalets_initiative
):
    client.force_login(bob)
    icf_indicator = indicator_of(initiative)
    data = {"date": "2024-03-01", "value": "999", "comment": "falsifié"}

    under_his_own = reverse(
        "initiatives:measurement-add", args=[chalets_initiative.slug, icf_indicator.pk]
    )
    under_icf = reverse("initiatives:measurement-add", args=[initiative.slug, icf_indicator.pk])
    unknown = reverse("initiatives:measurement-add", args=[chalets_initiative.slug, 999_999])

    assert client.post(under_his_own, data).status_code == 404
    assert_not_allowed(client.post(under_icf, data))
    assert client.post(unknown, data).status_code == 404

    assert not icf_indicator.measurements.exists()
    assert "falsifié" not in text_of(client.get(detail(initiative)))


@pytest.mark.django_db
def test_measurement_service_refuses_a_member_of_another_landlord(bob, initiative):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.measurement_add(
            actor=bob, indicator=indicator_of(initiative), date=timezone.localdate(), value=3
        )

    assert not Measurement.objects.exists()


# Creating ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_creates_an_initiative_led_by_her_organisation_with_her_as_contact(
    client, alice, icf, chalets, gardens, seniors, cpie
):
    client.force_login(alice)
    catalogue = text_of(client.get(reverse("initiatives:catalogue")))
    assert "Partager une initiative" in catalogue
    data = new_initiative_data(
        themes=[gardens.pk],
        publics=[seniors.pk],
        co_landlords=[chalets.pk],
        partners=[cpie.pk],
        start_date="2024-03-01",
        end_date="2025-06-30",
        budget="12000",
    )

    response = client.post(reverse("initiatives:create"), data)

    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert response.url == detail(initiative)
    assert initiative.slug == "potager-solidaire-des-lilas"
    assert initiative.lead == icf
    assert initiative.contact == alice
    assert list(initiative.themes.all()) == [gardens]
    assert list(initiative.publics.all()) == [seniors]
    assert list(initiative.co_landlords.all()) == [chalets]
    assert list(initiative.partners.all()) == [cpie]
    assert initiative.budget == Decimal("12000")
    assert (initiative.start_date, initiative.end_date) == (
        datetime.date(2024, 3, 1),
        datetime.date(2025, 6, 30),
    )
    page = text_of(client.get(response.url))
    assert "L’initiative est enregistrée." in page
    assert "Potager solidaire des Lilas" in page
    assert "Portée par" in page
    assert "ICF Habitat Sud-Est Méditerranée" in page
    assert "Avec les bailleurs" in page
    assert "Groupe des Chalets" in page
    assert "CPIE Côte Provençale" in page
    assert "Jardins partagés" in page
    assert "Seniors" in page
    assert "Alice Martin" in page


@pytest.mark.django_db
def test_same_title_twice_gives_a_second_slug_ending_in_2(client, alice):
    client.force_login(alice)

    first = client.post(reverse("initiatives:create"), new_initiative_data())
    second = client.post(reverse("initiatives:create"), new_initiative_data())

    assert first.url == "/initiatives/potager-solidaire-des-lilas/"
    assert second.url == "/initiatives/potager-solidaire-des-lilas-2/"
    assert sorted(Initiative.objects.values_list("slug", flat=True)) == [
        "potager-solidaire-des-lilas",
        "potager-solidaire-des-lilas-2",
    ]
    assert client.get(second.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "organisation"),
    [("alice", "icf"), ("bob", "chalets"), ("charlie", "arhlm"), ("staff_user", "arhlm")],
)
def test_every_member_creates_for_their_own_organisation_whatever_lead_is_posted(
    client, request, role, organisation, icf, chalets
):
    client.force_login(request.getfixturevalue(role))
    other = chalets if organisation == "icf" else icf

    client.post(reverse("initiatives:create"), new_initiative_data(lead=other.pk))

    assert Initiative.objects.get().lead == request.getfixturevalue(organisation)


@pytest.mark.django_db
def test_member_without_an_organisation_may_not_create_an_initiative(client):
    loner = UserFactory(email="solo@example.org", organisation=None)
    client.force_login(loner)

    assert_not_allowed(client.get(reverse("initiatives:create")))
    assert_not_allowed(client.post(reverse("initiatives:create"), new_initiative_data()))
    assert not Initiative.objects.exists()
    catalogue = text_of(client.get(reverse("initiatives:catalogue")))
    assert "Partager une initiative" not in catalogue


@pytest.mark.django_db
def test_a_partner_is_refused_as_co_landlord_in_the_form(client, alice, cpie):
    client.force_login(alice)

    response = client.post(
        reverse("initiatives:create"), new_initiative_data(co_landlords=[cpie.pk])
    )

    assert response.status_code == 200
    assert INVALID_CHOICE in errors_beside(response, "co_landlords")
    assert error_summary_links(response) == ["co_landlords"]
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_a_partner_is_refused_as_co_landlord_by_the_service(alice, icf, chalets, cpie):
    with pytest.raises(ValidationError) as caught:
        services.initiative_create(
            actor=alice,
            organisation=icf,
            title="Potager solidaire des Lilas",
            summary="Un potager.",
            co_landlords=[chalets, cpie],
        )

    assert caught.value.message_dict == {
        "co_landlords": ["Les bailleurs associés doivent être des bailleurs."]
    }
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_created_initiative_is_found_by_the_catalogue_search(client, alice):
    client.force_login(alice)
    client.post(reverse("initiatives:create"), new_initiative_data())
    InitiativeFactory(title="Salle commune rénovée", summary="Une salle pour les fêtes.")
    catalogue = reverse("initiatives:catalogue")

    for word in ["potager", "Lilas", "mercredi"]:
        found = text_of(client.get(catalogue, {"q": word}))
        assert "Potager solidaire des Lilas" in found, word
        assert "Salle commune rénovée" not in found, word
    client.logout()
    assert "Potager solidaire des Lilas" in text_of(client.get(catalogue, {"q": "potager"}))
    nothing = text_of(client.get(catalogue, {"q": "trampoline"}))
    assert "Aucune initiative ne correspond à ces filtres." in nothing


@pytest.mark.django_db
def test_edited_title_is_found_by_the_catalogue_search(client, alice, initiative):
    client.force_login(alice)
    client.post(
        reverse("initiatives:edit", args=[initiative.slug]),
        form_data(
            initiative,
            title="Verger partagé du Saint-Georges",
            summary="Des arbres fruitiers au pied de la résidence.",
        ),
    )
    catalogue = reverse("initiatives:catalogue")

    assert "Verger partagé du Saint-Georges" in text_of(client.get(catalogue, {"q": "verger"}))
    assert "Aucune initiative ne correspond" in text_of(client.get(catalogue, {"q": "jardins"}))


@pytest.mark.django_db
def test_initiative_made_members_only_disappears_for_anonymous_visitors(client, alice, initiative):
    client.force_login(alice)
    client.post(
        reverse("initiatives:edit", args=[initiative.slug]),
        form_data(initiative, visibility="members"),
    )
    assert Initiative.objects.get(pk=initiative.pk).visibility == "members"
    assert "Membres du club seulement" in text_of(client.get(detail(initiative)))
    client.logout()

    assert client.get(detail(initiative)).status_code == 404
    catalogue = text_of(client.get(reverse("initiatives:catalogue")))
    assert "Jardins partagés du Saint-Georges" not in catalogue


@pytest.mark.django_db
def test_initiative_titled_nouvelle_can_be_read_at_its_address(client, alice):
    client.force_login(alice)

    response = client.post(reverse("initiatives:create"), new_initiative_data(title="Nouvelle"))

    initiative = Initiative.objects.get()
    assert response.url == detail(initiative)
    page = text_of(client.get(response.url))
    assert "<h1>Nouvelle</h1>" in page
    assert "Des locataires cultivent un potager" in page


# Bad input --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_end_date_before_start_date_is_refused_beside_the_end_date(client, alice):
    client.force_login(alice)
    data = new_initiative_data(start_date="2024-09-01", end_date="2024-06-30")

    response = client.post(reverse("initiatives:create"), data)

    assert response.status_code == 200
    assert "La date de fin ne peut pas précéder la date de début." in errors_beside(
        response, "end_date"
    )
    assert not errors_beside(response, "start_date")
    assert error_summary_links(response) == ["end_date"]
    page = text_of(response)
    assert 'value="Potager solidaire des Lilas"' in page
    assert "Des locataires cultivent un potager" in page
    assert 'value="2024-09-01"' in page
    assert 'value="2024-06-30"' in page
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_end_date_before_start_date_is_refused_when_editing_and_nothing_changes(
    client, alice, initiative
):
    client.force_login(alice)
    url = reverse("initiatives:edit", args=[initiative.slug])
    data = form_data(
        initiative, title="Nouveau titre", start_date="2024-09-01", end_date="2024-06-30"
    )

    response = client.post(url, data)

    assert "La date de fin ne peut pas" in errors_beside(response, "end_date")
    assert 'value="Nouveau titre"' in text_of(response)
    initiative.refresh_from_db()
    assert initiative.title == "Jardins partagés du Saint-Georges"
    assert initiative.end_date is None
    assert initiative.history.count() == 1


@pytest.mark.django_db
def test_negative_budget_is_refused_and_nothing_is_saved(client, alice):
    client.force_login(alice)

    response = client.post(reverse("initiatives:create"), new_initiative_data(budget="-1"))

    assert response.status_code == 200
    page = text_of(response)
    assert "Un budget ne peut pas être négatif." in page
    assert 'value="-1"' in page
    assert 'value="Potager solidaire des Lilas"' in page
    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_negative_budget_is_refused_by_the_update_service(alice, initiative):
    with pytest.raises(ValidationError) as caught:
        services.initiative_update(actor=alice, initiative=initiative, budget=Decimal("-1"))

    assert "Un budget ne peut pas être négatif." in caught.value.messages
    initiative.refresh_from_db()
    assert initiative.budget is None


@pytest.mark.django_db
def test_database_refuses_a_negative_budget_written_through_the_orm(icf):
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(lead=icf, budget=Decimal("-1"))

    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_database_refuses_an_end_date_before_the_start_date(icf):
    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeFactory(
            lead=icf, start_date=datetime.date(2024, 9, 1), end_date=datetime.date(2024, 6, 30)
        )

    assert not Initiative.objects.exists()


@pytest.mark.django_db
def test_measurement_in_the_future_is_refused_and_the_form_keeps_what_was_typed(
    client, alice, initiative
):
    client.force_login(alice)
    indicator = indicator_of(initiative)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("initiatives:measurement-add", args=[initiative.slug, indicator.pk])

    response = client.post(
        url, {"date": tomorrow.isoformat(), "value": "12", "comment": "Prévision optimiste"}
    )

    assert response.status_code == 200
    assert "Une mesure ne peut pas être dans le futur." in errors_beside(response, "date")
    page = text_of(response)
    assert "Ajouter une mesure à « participants »" in page
    assert "Prévision optimiste" in page
    assert f'value="{tomorrow.isoformat()}"' in page
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_measurement_service_refuses_a_date_in_the_future(alice, initiative):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        services.measurement_add(
            actor=alice, indicator=indicator_of(initiative), date=tomorrow, value=3
        )

    assert caught.value.message_dict == {"date": ["Une mesure ne peut pas être dans le futur."]}
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_measurement_of_today_is_accepted(client, alice, initiative):
    client.force_login(alice)
    indicator = indicator_of(initiative)
    url = reverse("initiatives:measurement-add", args=[initiative.slug, indicator.pk])

    response = client.post(url, {"date": timezone.localdate().isoformat(), "value": "4"})

    assert response.status_code == 302
    assert indicator.measurements.get().date == timezone.localdate()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["douze", "12,5,3", ""])
def test_measurement_value_that_is_not_a_number_is_refused(client, alice, initiative, value):
    client.force_login(alice)
    indicator = indicator_of(initiative)
    url = reverse("initiatives:measurement-add", args=[initiative.slug, indicator.pk])

    response = client.post(url, {"date": "2024-03-01", "value": value, "comment": "Comptage"})

    assert response.status_code == 200
    expected = REQUIRED if value == "" else "Saisissez un nombre."
    assert expected in errors_beside(response, "value")
    assert 'value="Comptage"' in text_of(response)
    assert 'value="2024-03-01"' in text_of(response)
    assert not Measurement.objects.exists()


@pytest.mark.django_db
def test_bilan_without_text_is_refused_and_the_form_keeps_what_was_typed(client, alice, initiative):
    client.force_login(alice)
    url = reverse("initiatives:assessment-add", args=[initiative.slug])

    response = client.post(url, {"kind": "final", "date": "2024-06-30", "text": "   "})

    assert response.status_code == 200
    assert REQUIRED in errors_beside(response, "text")
    page = text_of(response)
    assert "Ajouter un bilan" in page
    assert 'value="2024-06-30"' in page
    assert re.search(r'<option value="final"[^>]*selected', page)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_bilan_service_refuses_an_empty_text(alice, initiative):
    with pytest.raises(ValidationError) as caught:
        services.assessment_add(
            actor=alice,
            initiative=initiative,
            kind="final",
            date=datetime.date(2024, 6, 30),
            text="  \n ",
        )

    assert caught.value.message_dict == {"text": ["Ce champ ne peut pas être vide."]}
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_indicator_without_a_name_or_twice_the_same_name_is_refused(client, alice, initiative):
    client.force_login(alice)
    url = reverse("initiatives:indicator-add", args=[initiative.slug])

    nameless = client.post(url, {"name": "", "unit": "personnes"})
    twice = client.post(url, {"name": "participants", "unit": "personnes"})

    assert REQUIRED in errors_beside(nameless, "name")
    assert 'value="personnes"' in text_of(nameless)
    assert twice.status_code == 200
    assert "Un objet Indicateur avec ces champs Initiative et Nom existe déjà." in text_of(twice)
    assert list(initiative.indicators.values_list("name", flat=True)) == ["participants"]


# Measurements and their chart ----------------------------------------------------------------


def indicator_card(content: str, indicator) -> str:
    found = re.search(rf'<article[^>]*id="indicator-{indicator.pk}">(.*?)</article>', content, re.S)
    assert found, "no card for the indicator"
    return found.group(1)


def chart_of(content: str, indicator) -> str:
    found = re.search(r"<svg.*?</svg>", indicator_card(content, indicator), re.S)
    assert found, "no chart for the indicator"
    return found.group(0)


def polyline_points(svg: str) -> list[str]:
    [points] = re.findall(r'<polyline points="([^"]*)"', svg)
    return points.split()


@pytest.mark.django_db
def test_member_adds_a_measurement_that_shows_in_the_table_and_the_chart(client, alice, initiative):
    client.force_login(alice)
    indicator = indicator_of(initiative)
    page = client.get(detail(initiative)).content.decode()
    assert "Pas encore de mesure." in html.unescape(indicator_card(page, indicator))
    assert "<svg" not in indicator_card(page, indicator)
    url = reverse("initiatives:measurement-add", args=[initiative.slug, indicator.pk])

    response = client.post(
        url, {"date": "2024-03-01", "value": "12.5", "comment": "Première séance"}
    )

    assert response.status_code == 302
    assert response.url == f"{detail(initiative)}#indicator-{indicator.pk}"
    measurement = indicator.measurements.get()
    assert (measurement.date, measurement.value, measurement.created_by) == (
        datetime.date(2024, 3, 1),
        Decimal("12.5"),
        alice,
    )
    content = client.get(detail(initiative)).content.decode()
    card = html.unescape(indicator_card(content, indicator))
    assert "Mesure ajoutée à « participants »." in html.unescape(content)
    assert "participants : 1 mesures, voir le tableau" in card
    row = re.search(r"<tbody>(.*?)</tbody>", card, re.S).group(1)
    assert "1er mars 2024" in row
    assert "12,5" in row  # the table speaks French…
    assert "Première séance" in row
    svg = chart_of(content, indicator)
    assert len(polyline_points(svg)) == 1
    assert svg.count("<circle") == 1
    assert "01/03/2024 : 12.5" in svg  # …the chart's tooltip gives the raw value


@pytest.mark.django_db
def test_chart_grows_by_one_point_and_one_circle_per_measurement(client, alice, initiative):
    client.force_login(alice)
    indicator = indicator_of(initiative)
    url = reverse("initiatives:measurement-add", args=[initiative.slug, indicator.pk])

    for count, (day, value) in enumerate(
        [("2024-01-10", "7.5"), ("2024-01-13", "12.25"), ("2024-02-20", "20")], start=1
    ):
        client.post(url, {"date": day, "value": value})
        content = client.get(detail(initiative)).content.decode()
        svg = chart_of(content, indicator)
        assert len(polyline_points(svg)) == count
        assert svg.count("<circle") == count
        rows = re.search(r"<tbody>(.*?)</tbody>", indicator_card(content, indicator), re.S)
        assert rows.group(1).count("<tr>") == count


@pytest.mark.django_db
def test_chart_coordinates_are_not_localised_in_svg_attributes(client, alice, initiative):
    client.force_login(alice)
    indicator = indicator_of(initiative)
    for day, value in [("2024-01-10", "7.5"), ("2024-01-13", "12.25"), ("2024-02-20", "20")]:
        services.measurement_add(
            actor=alice,
            indicator=indicator,
            date=datetime.date.fromisoformat(day),
            value=value,
        )

    content = client.get(detail(initiative)).content.decode()
    svg = chart_of(content, indicator)

    number = re.compile(r"^-?\d+(\.\d+)?$")
    coordinates = re.findall(r'\b(?:cx|cy|x1|x2|y1|y2|x|y)="([^"]*)"', svg)
    assert len(coordinates) > 10
    for coordinate in coordinates:
        assert number.match(coordinate), coordinate
    assert any("." in coordinate for coordinate in coordinates)  # fractions were written
    for point in polyline_points(svg):
        x, y = point.split(",")  # one comma between x and y, none inside a number
        assert number.match(x)
        assert number.match(y)
    viewbox = re.search(r'viewBox="([^"]*)"', svg).group(1)
    assert viewbox == "0 0 320 140"
    assert 'class="target"' in svg  # the target line is drawn too
    assert "12,25" in indicator_card(content, indicator)  # the table is in French


# Bilans -----------------------------------------------------------------------------------


@pytest.fixture
def call(chalets):
    return CallForProjects.objects.create(
        organiser=chalets,
        title="Habitat et Initiatives solidaires",
        slug="habitat-et-initiatives-solidaires",
        ceiling=Decimal("30000"),
    )


@pytest.fixture
def other_call(icf):
    return CallForProjects.objects.create(
        organiser=icf, title="Appel Vivre ensemble", slug="appel-vivre-ensemble"
    )


@pytest.mark.django_db
def test_intermediate_and_final_bilans_show_in_date_order(client, alice, initiative):
    client.force_login(alice)
    url = reverse("initiatives:assessment-add", args=[initiative.slug])
    assert "Pas encore de bilan." in text_of(client.get(detail(initiative)))

    final = client.post(
        url, {"kind": "final", "date": "2024-12-15", "text": "Trente familles ont participé."}
    )
    middle = client.post(
        url, {"kind": "intermediate", "date": "2024-05-02", "text": "Premières récoltes."}
    )

    assert final.status_code == middle.status_code == 302
    assert list(initiative.assessments.values_list("kind", "author")) == [
        ("intermediate", alice.pk),
        ("final", alice.pk),
    ]
    content = text_of(client.get(detail(initiative)))
    assert "Le bilan est ajouté." in content
    bilans = content[content.index('id="bilans-title"') :]
    order = [
        bilans.index(text)
        for text in [
            "2 mai 2024",
            "Bilan intermédiaire",
            "Premières récoltes.",
            "15 décembre 2024",
            "Bilan final",
            "Trente familles ont participé.",
        ]
    ]
    assert order == sorted(order)
    assert "Pas encore de bilan." not in content


@pytest.mark.django_db
def test_bilan_for_a_call_the_initiative_applied_to_shows_the_call(client, alice, initiative, call):
    ApplicationFactory(call=call, initiative=initiative, status="laureate")
    client.force_login(alice)
    url = reverse("initiatives:assessment-add", args=[initiative.slug])

    response = client.post(
        url,
        {"kind": "intermediate", "date": "2024-05-02", "text": "Bilan dû.", "call": call.pk},
    )

    assert response.status_code == 302
    assert initiative.assessments.get().call == call
    assert "Bilan intermédiaire · Habitat et Initiatives solidaires" in text_of(
        client.get(detail(initiative))
    )


@pytest.mark.django_db
def test_bilan_tied_to_a_call_the_initiative_did_not_apply_to_is_refused(
    client, alice, initiative, call, other_call
):
    ApplicationFactory(call=call, initiative=initiative)
    client.force_login(alice)
    url = reverse("initiatives:assessment-add", args=[initiative.slug])

    form_page = text_of(client.get(url))
    response = client.post(
        url,
        {"kind": "final", "date": "2024-05-02", "text": "Bilan égaré.", "call": other_call.pk},
    )

    assert "Habitat et Initiatives solidaires" in form_page
    assert "Appel Vivre ensemble" not in form_page
    assert response.status_code == 200
    assert INVALID_CHOICE in errors_beside(response, "call")
    assert "Bilan égaré." in text_of(response)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_bilan_service_refuses_a_call_the_initiative_did_not_apply_to(
    alice, initiative, other_call
):
    with pytest.raises(ValidationError) as caught:
        services.assessment_add(
            actor=alice,
            initiative=initiative,
            kind="final",
            date=datetime.date(2024, 5, 2),
            text="Bilan égaré.",
            call=other_call,
        )

    assert caught.value.message_dict == {
        "call": ["Cette initiative n’a pas candidaté à cet appel."]
    }
    assert not Assessment.objects.exists()


# Personal data on the initiative page ----------------------------------------------------------


@pytest.mark.django_db
def test_members_see_the_contact_and_the_author_of_each_bilan(client, alice, bob, initiative):
    initiative.contact = alice
    initiative.save()
    services.assessment_add(
        actor=alice,
        initiative=initiative,
        kind="intermediate",
        date=datetime.date(2024, 5, 2),
        text="Premières récoltes.",
    )
    client.force_login(bob)

    page = text_of(client.get(detail(initiative)))

    assert "Contact" in page
    assert page.count("Alice Martin") == 2


@pytest.mark.django_db
def test_anonymous_visitor_does_not_see_the_contact_of_a_public_initiative(
    client, alice, initiative
):
    initiative.contact = alice
    initiative.save()

    page = text_of(client.get(detail(initiative)))

    assert "Jardins partagés du Saint-Georges" in page
    assert "Alice Martin" not in page


@pytest.mark.django_db
def test_anonymous_visitor_does_not_see_the_name_of_a_bilan_author(client, alice, initiative):
    services.assessment_add(
        actor=alice,
        initiative=initiative,
        kind="intermediate",
        date=datetime.date(2024, 5, 2),
        text="Premières récoltes.",
    )

    page = text_of(client.get(detail(initiative)))

    assert "Premières récoltes." in page
    assert "Alice Martin" not in page


@pytest.mark.django_db
def test_account_awaiting_approval_does_not_see_the_contact_of_a_public_initiative(
    client, alice, unapproved, initiative
):
    initiative.contact = alice
    initiative.save()
    client.force_login(unapproved)

    page = text_of(client.get(detail(initiative)))

    assert "Jardins partagés du Saint-Georges" in page
    assert "Alice Martin" not in page


# History ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_update_service_records_who_changed_the_initiative(alice, initiative):
    services.initiative_update(actor=alice, initiative=initiative, title="Jardins du Saint-Georges")

    latest, previous = initiative.history.all()[:2]
    assert latest.history_user == alice
    assert latest.history_type == "~"
    assert latest.title == "Jardins du Saint-Georges"
    assert previous.title == "Jardins partagés du Saint-Georges"


@pytest.mark.django_db
def test_history_records_each_editor_of_a_shared_initiative(client, alice, bob, shared_initiative):
    for editor, title in [(alice, "Compost partagé"), (bob, "Compost entre voisins de Toulouse")]:
        client.force_login(editor)
        client.post(
            reverse("initiatives:edit", args=[shared_initiative.slug]),
            form_data(shared_initiative, title=title),
        )

    records = list(shared_initiative.history.order_by("history_date", "history_id"))
    assert [(r.history_user, r.title) for r in records[1:]] == [
        (alice, "Compost partagé"),
        (bob, "Compost entre voisins de Toulouse"),
    ]


@pytest.mark.django_db
def test_creation_is_recorded_with_its_author(client, alice):
    client.force_login(alice)
    client.post(reverse("initiatives:create"), new_initiative_data())

    [record] = Initiative.objects.get().history.all()
    assert (record.history_type, record.history_user) == ("+", alice)


@pytest.mark.django_db
def test_editing_keeps_the_slug_and_the_contact(client, alice, bob, initiative):
    initiative.contact = bob
    initiative.save()
    client.force_login(alice)

    client.post(
        reverse("initiatives:edit", args=[initiative.slug]),
        form_data(initiative, title="Un tout autre titre"),
    )

    initiative.refresh_from_db()
    assert initiative.title == "Un tout autre titre"
    assert initiative.slug == "jardins-partages-du-saint-georges"
    assert initiative.contact == bob
    assert initiative.lead.name == "ICF Habitat Sud-Est Méditerranée"


# Escaping ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_title_with_a_script_is_shown_escaped_on_the_page_and_in_the_catalogue(
    client, alice, gardens
):
    client.force_login(alice)
    title = '<script>alert("potager")</script> Potager <b>gras</b>'

    response = client.post(
        reverse("initiatives:create"),
        new_initiative_data(
            title=title, summary="<img src=x onerror=alert(1)>", themes=[gardens.pk]
        ),
    )

    initiative = Initiative.objects.get()
    assert initiative.title == title
    assert response.url == detail(initiative)
    escaped = (
        "&lt;script&gt;alert(&quot;potager&quot;)&lt;/script&gt; Potager &lt;b&gt;gras&lt;/b&gt;"
    )
    for url in [detail(initiative), reverse("initiatives:catalogue")]:
        raw = client.get(url).content.decode()
        assert "<script>alert(" not in raw, url
        assert "<b>gras</b>" not in raw, url
        assert "<img src=x" not in raw, url
        assert escaped in raw, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in raw, url
    edit_page = client.get(reverse("initiatives:edit", args=[initiative.slug])).content.decode()
    assert "<script>alert(" not in edit_page


@pytest.mark.django_db
def test_theme_name_with_markup_is_escaped_in_the_form_and_on_the_page(client, alice, initiative):
    evil = ThemeFactory(name="<i>Thème</i>", slug="theme-piege")
    client.force_login(alice)
    client.post(
        reverse("initiatives:edit", args=[initiative.slug]),
        form_data(initiative, themes=[evil.pk]),
    )

    assert list(initiative.themes.all()) == [evil]
    for url in [detail(initiative), reverse("initiatives:edit", args=[initiative.slug])]:
        raw = client.get(url).content.decode()
        assert "<i>Thème</i>" not in raw
        assert "&lt;i&gt;Thème&lt;/i&gt;" in raw


@pytest.mark.django_db
def test_indicator_name_with_markup_is_escaped_in_the_chart_the_form_and_the_message(
    client, alice, initiative
):
    client.force_login(alice)
    client.post(
        reverse("initiatives:indicator-add", args=[initiative.slug]),
        {"name": "<script>alert(1)</script>", "target": "10"},
    )
    indicator = initiative.indicators.get(name="<script>alert(1)</script>")
    url = reverse("initiatives:measurement-add", args=[initiative.slug, indicator.pk])

    form_page = client.get(url).content.decode()
    client.post(url, {"date": "2024-03-01", "value": "3"})
    content = client.get(detail(initiative)).content.decode()

    for raw in [form_page, content]:
        assert "<script>alert(1)</script>" not in raw
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "Mesure ajoutée à « &lt;script&gt;alert(1)&lt;/script&gt; »." in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; : 1 mesures" in chart_of(content, indicator)


# Photos (the view; the service and hostile files are in test_photos.py) -----------------------


@pytest.mark.django_db
def test_photo_added_by_a_member_shows_with_its_credit(client, alice, initiative):
    client.force_login(alice)
    url, data = action_request("photo", initiative)

    response = client.post(url, {**data, "caption": "Récolte de juin"})

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.initiative, photo.added_by, photo.consent) == (initiative, alice, True)
    content = text_of(client.get(detail(initiative)))
    assert "La photo est ajoutée." in content
    assert f'src="{photo.thumbnail.url}"' in content
    assert f'href="{photo.image.url}"' in content
    assert "Récolte de juin" in content
    assert "© Alice Martin" in content
