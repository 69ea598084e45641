"""Personal data that must not linger or leak, and admin uploads re-encoded like the site's."""

import io
import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from landlords import services
from landlords.models import User
from tests.factories import TEST_PASSWORD, PartnerFactory, UserFactory


def log_admin_change(staff_user, user):
    LogEntry.objects.log_actions(staff_user.pk, [user], CHANGE, change_message="Téléphone")


@pytest.mark.django_db
def test_deleted_account_leaves_no_name_in_the_admin_history_nor_animates_clubs(
    client, alice, staff_user, club
):
    log_admin_change(staff_user, alice)
    club.animators.add(alice)
    client.force_login(alice)
    client.post(reverse("landlords:account-delete"), {"password": TEST_PASSWORD})
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(alice.pk)
    )
    assert list(entries.values_list("object_repr", flat=True)) == ["ancien membre"]
    assert not club.animators.filter(pk=alice.pk).exists()


@pytest.mark.django_db
def test_staff_data_export_holds_no_one_elses_name(client, alice, staff_user):
    log_admin_change(staff_user, alice)
    client.force_login(staff_user)
    content = client.get(reverse("landlords:my-data"), {"format": "json"}).content.decode()
    assert "Alice Martin" not in content
    assert json.loads(content)["account"]["email"] == "staff@example.org"


@pytest.mark.django_db
def test_directory_filter_offers_no_organisation_without_listed_members(client, alice, bob):
    bob.directory_consent = True
    bob.is_approved = False
    bob.save()
    alice.directory_consent = True
    alice.save()
    client.force_login(alice)
    content = client.get(reverse("landlords:member-list")).content.decode()
    assert "Groupe des Chalets" not in content
    assert 'value="icf-habitat-sud-est-mediterranee"' in content


@pytest.mark.django_db
def test_editing_a_partner_page_keeps_its_dwellings_count(client):
    partner = PartnerFactory(dwellings=1200)
    editor = UserFactory(organisation=partner, is_organisation_editor=True)
    client.force_login(editor)
    url = reverse("landlords:organisation-edit", args=[partner.slug])
    assert 'name="dwellings"' not in client.get(url).content.decode()
    assert client.post(url, {"about": "Nouveau", "website": ""}).status_code == 302
    partner.refresh_from_db()
    assert partner.about == "Nouveau"
    assert partner.dwellings == 1200


@pytest.mark.django_db
def test_deleted_account_cannot_be_refused_from_the_admin(client, alice, staff_user):
    services.user_delete(actor=alice, user=alice)
    client.force_login(staff_user)
    client.post(
        reverse("admin:landlords_user_changelist"),
        {"action": "refuse_users", "_selected_action": [alice.pk], "reason": "Doublon"},
    )
    alice.refresh_from_db()
    assert alice.refused_at is None
    assert alice.refusal_reason == ""


def jpeg_with_exif_and_tail() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010E] = "SECRET-DESCRIPTION"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "#0b4f6c").save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue() + b"<script>tail</script>"


@pytest.mark.django_db
def test_logo_uploaded_in_the_admin_is_re_encoded(client, staff_user, icf):
    client.force_login(staff_user)
    url = reverse("admin:landlords_organisation_change", args=[icf.pk])
    data = {
        "name": icf.name,
        "slug": icf.slug,
        "kind": icf.kind,
        "family": icf.family,
        "departement": icf.departement,
        "dwellings": icf.dwellings,
        "website": "",
        "about": "",
        "residences-TOTAL_FORMS": "0",
        "residences-INITIAL_FORMS": "0",
        "residences-MIN_NUM_FORMS": "0",
        "residences-MAX_NUM_FORMS": "1000",
        "logo": SimpleUploadedFile("l.jpg", jpeg_with_exif_and_tail(), content_type="image/jpeg"),
    }
    assert client.post(url, data).status_code == 302
    icf.refresh_from_db()
    stored = icf.logo.read()
    assert b"SECRET-DESCRIPTION" not in stored
    assert b"<script>" not in stored
    assert "l.jpg" not in icf.logo.name


@pytest.mark.django_db
def test_svg_logo_is_refused_in_the_admin(client, staff_user, icf):
    client.force_login(staff_user)
    url = reverse("admin:landlords_organisation_change", args=[icf.pk])
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    response = client.post(
        url,
        {
            "name": icf.name,
            "slug": icf.slug,
            "kind": icf.kind,
            "family": icf.family,
            "residences-TOTAL_FORMS": "0",
            "residences-INITIAL_FORMS": "0",
            "logo": SimpleUploadedFile("logo.svg", svg, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    assert "Téléversez une image valide" in response.content.decode()
    icf.refresh_from_db()
    assert not icf.logo
