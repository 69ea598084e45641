import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from landlords.models import Residence
from tests.factories import OrganisationFactory, ResidenceFactory

NOT_EDITORS = ["alice", "bob", "charlie"]


def edit_url(organisation):
    return reverse("landlords:organisation-edit", args=[organisation.slug])


def add_url(organisation):
    return reverse("landlords:residence-create", args=[organisation.slug])


def residence_url(name, organisation, residence):
    return reverse(f"landlords:residence-{name}", args=[organisation.slug, residence.pk])


def png_logo(**kwargs) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (400, 200), (11, 79, 108, 255)).save(buffer, format="PNG")
    # A polyglot: HTML appended after the image data.
    payload = buffer.getvalue() + b"<html><script>alert(document.cookie)</script></html>"
    return SimpleUploadedFile("logo.png", payload, content_type="image/png")


@pytest.fixture
def encagnane(icf):
    return ResidenceFactory(landlord=icf, name="Le Saint-Georges", commune="Marseille")


@pytest.fixture
def marvig(chalets):
    return ResidenceFactory(landlord=chalets, name="Marvig", commune="Toulouse")


ORG_DATA = {"about": "Filiale d'ICF Habitat en Sud-Est.", "website": "icf.example.org"}
RESIDENCE_DATA = {
    "name": "Les Lupins",
    "commune": "Salies-du-Salat",
    "address": "2 rue des Lupins",
    "dwellings": "24",
    "in_qpv": "on",
}


# --- The organisation page -------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_edits_their_organisation_page_and_logo(client, edith, icf):
    client.force_login(edith)
    assert (
        "Modifier cette page"
        in client.get(reverse("landlords:organisation-detail", args=[icf.slug])).content.decode()
    )
    response = client.post(
        edit_url(icf), {**ORG_DATA, "dwellings": "18000", "new_logo": png_logo()}
    )
    assert response.status_code == 302
    icf.refresh_from_db()
    assert icf.about == "Filiale d'ICF Habitat en Sud-Est."
    assert icf.website == "https://icf.example.org"
    assert icf.dwellings == 18000
    assert icf.logo.name.startswith("logos/")
    assert icf.logo.name.endswith(".png")
    assert b"<script>" not in icf.logo.read()


@pytest.mark.django_db
def test_editor_sets_the_seat_commune_and_its_departement_follows(client, edith, icf):
    client.force_login(edith)
    form = client.get(edit_url(icf)).content.decode()
    assert 'name="commune"' in form  # a field the page did not show would be emptied on save
    response = client.post(edit_url(icf), {**ORG_DATA, "commune": "montpellier"})
    assert response.status_code == 302
    icf.refresh_from_db()
    assert (icf.commune.code, icf.departement) == ("34172", "34")
    assert 'value="Montpellier (34)"' in client.get(edit_url(icf)).content.decode()
    response = client.post(edit_url(icf), {**ORG_DATA, "commune": "Saint-Martin"})
    assert "Plusieurs communes s’appellent" in response.content.decode()
    assert 'value="Saint-Martin"' in response.content.decode()
    icf.refresh_from_db()
    assert icf.commune.code == "34172"


@pytest.mark.django_db
def test_staff_edit_any_organisation_page(client, staff_user, chalets):
    client.force_login(staff_user)
    client.post(edit_url(chalets), {**ORG_DATA, "about": "Coopérative Hlm toulousaine."})
    chalets.refresh_from_db()
    assert chalets.about == "Coopérative Hlm toulousaine."


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_EDITORS)
def test_members_who_are_not_editors_of_it_may_not_edit_a_page(client, request, role, icf):
    client.force_login(request.getfixturevalue(role))
    assert client.get(edit_url(icf)).status_code == 403
    assert client.post(edit_url(icf), ORG_DATA).status_code == 403
    icf.refresh_from_db()
    assert icf.about == ""
    page = client.get(reverse("landlords:organisation-detail", args=[icf.slug])).content.decode()
    assert "Modifier cette page" not in page


@pytest.mark.django_db
def test_editor_of_one_landlord_may_not_edit_another(client, edith, chalets):
    client.force_login(edith)
    assert client.post(edit_url(chalets), ORG_DATA).status_code == 403
    chalets.refresh_from_db()
    assert chalets.about == ""


@pytest.mark.django_db
def test_editor_who_was_not_approved_may_not_edit(client, icf, unapproved):
    unapproved.is_organisation_editor = True
    unapproved.save()
    client.force_login(unapproved)
    assert client.get(edit_url(icf)).url == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
def test_anonymous_visitor_is_asked_to_sign_in_to_edit(client, icf):
    assert client.get(edit_url(icf)).url.startswith(reverse("account_login"))
    assert client.get(add_url(icf)).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_unknown_organisation_is_404_for_an_editor(client, edith):
    client.force_login(edith)
    assert client.get(reverse("landlords:organisation-edit", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_bad_logo_and_bad_website_are_refused_beside_their_fields(client, edith, icf):
    client.force_login(edith)
    pdf = SimpleUploadedFile("logo.png", b"%PDF-1.7\n%...", content_type="image/png")
    response = client.post(
        edit_url(icf), {"about": "Nouveau texte", "website": "pas une url", "new_logo": pdf}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "n’est pas une image acceptée" in content
    assert "Saisissez une URL valide" in content
    assert "Nouveau texte" in content
    icf.refresh_from_db()
    assert icf.about == ""
    assert not icf.logo


# --- Residences ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_adds_a_residence(client, edith, icf):
    client.force_login(edith)
    response = client.post(add_url(icf), RESIDENCE_DATA)
    assert response.status_code == 302
    residence = Residence.objects.get(name="Les Lupins")
    assert (residence.landlord, residence.commune.code, residence.dwellings, residence.in_qpv) == (
        icf,
        "31523",  # Salies-du-Salat, from the official list
        24,
        True,
    )
    page = client.get(response.url).content.decode()
    assert "Les Lupins" in page


@pytest.mark.django_db
def test_duplicate_residence_is_refused_beside_the_name(client, edith, icf, encagnane):
    client.force_login(edith)
    response = client.post(
        add_url(icf), {**RESIDENCE_DATA, "name": "le saint-georges", "commune": "MARSEILLE"}
    )
    assert "a déjà une résidence de ce nom" in response.content.decode()
    assert Residence.objects.filter(landlord=icf).count() == 1


@pytest.mark.django_db
def test_residence_without_name_or_with_negative_dwellings_is_refused(client, edith, icf):
    client.force_login(edith)
    response = client.post(add_url(icf), {**RESIDENCE_DATA, "name": "", "dwellings": "-3"})
    content = response.content.decode()
    assert "Ce champ est obligatoire." in content
    assert "supérieure ou égale à 0" in content
    assert not Residence.objects.exists()


@pytest.mark.django_db
def test_editor_edits_and_removes_a_residence(client, edith, icf, encagnane):
    client.force_login(edith)
    client.post(
        residence_url("edit", icf, encagnane),
        {**RESIDENCE_DATA, "name": "Le Saint-Georges", "commune": "Marseille"},
    )
    encagnane.refresh_from_db()
    assert encagnane.dwellings == 24
    assert (
        "Supprimer la résidence"
        in client.get(residence_url("delete", icf, encagnane)).content.decode()
    )
    client.post(residence_url("delete", icf, encagnane))
    assert not Residence.objects.filter(pk=encagnane.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_EDITORS)
def test_members_who_are_not_editors_may_not_touch_residences(
    client, request, role, icf, encagnane
):
    client.force_login(request.getfixturevalue(role))
    assert client.post(add_url(icf), RESIDENCE_DATA).status_code == 403
    assert client.post(residence_url("edit", icf, encagnane), RESIDENCE_DATA).status_code == 403
    assert client.post(residence_url("delete", icf, encagnane)).status_code == 403
    encagnane.refresh_from_db()
    assert encagnane.name == "Le Saint-Georges"
    assert Residence.objects.count() == 1


@pytest.mark.django_db
def test_editor_cannot_reach_another_landlords_residence_by_changing_ids(
    client, edith, icf, chalets, marvig
):
    """IDOR: Marvig belongs to Groupe des Chalets, whatever slug is put before its id."""
    client.force_login(edith)
    assert client.post(residence_url("edit", icf, marvig), RESIDENCE_DATA).status_code == 404
    assert client.post(residence_url("delete", icf, marvig)).status_code == 404
    assert client.post(residence_url("delete", chalets, marvig)).status_code == 403
    marvig.refresh_from_db()
    assert marvig.name == "Marvig"


@pytest.mark.django_db
def test_partners_have_no_residences_to_add(client, staff_user):
    la_poste = OrganisationFactory(name="La Poste", slug="la-poste", kind="partner", family="")
    client.force_login(staff_user)
    assert client.get(add_url(la_poste)).status_code == 404


@pytest.mark.django_db
def test_residence_names_are_escaped_on_the_organisation_page(client, edith, icf):
    client.force_login(edith)
    client.post(add_url(icf), {**RESIDENCE_DATA, "name": "<b onmouseover=alert(1)>Lupins</b>"})
    page = client.get(reverse("landlords:organisation-detail", args=[icf.slug])).content.decode()
    assert "<b onmouseover" not in page
    assert "&lt;b onmouseover=alert(1)&gt;Lupins&lt;/b&gt;" in page
