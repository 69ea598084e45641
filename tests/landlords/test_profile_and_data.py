import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from landlords.models import User
from tests.factories import TEST_PASSWORD, SkillFactory, ThemeFactory

PROFILE_URL = reverse("landlords:profile")
DATA_URL = reverse("landlords:my-data")
DELETE_URL = reverse("landlords:account-delete")


def jpeg_with_gps() -> SimpleUploadedFile:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (43.0, 17.0, 48.0), 3: "E", 4: (5.0, 22.0, 12.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#2a7").save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("portrait.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def vocabulary(db):
    return {
        "garden": ThemeFactory(name="Jardins partagés", slug="jardins"),
        "impact": SkillFactory(name="Mesure de l'impact social", slug="impact"),
    }


def profile_data(**overrides):
    data = {
        "job_title": "Responsable innovation sociale",
        "phone": "+33 4 91 00 00 00",
        "directory_consent": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_anonymous_visitor_must_sign_in_to_edit_a_profile(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_unapproved_account_is_sent_to_the_waiting_page_from_the_profile(client, unapproved):
    client.force_login(unapproved)
    assert client.get(PROFILE_URL).url == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "edith", "charlie", "staff_user"])
def test_every_member_edits_only_their_own_profile(client, request, role, alice, vocabulary):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(
        PROFILE_URL,
        profile_data(themes=[vocabulary["garden"].pk], skills=[vocabulary["impact"].pk]),
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.job_title == "Responsable innovation sociale"
    assert user.phone == "+33 4 91 00 00 00"
    assert user.directory_consent is True
    assert [theme.name for theme in user.themes.all()] == ["Jardins partagés"]
    assert [skill.name for skill in user.skills.all()] == ["Mesure de l'impact social"]
    if role != "alice":
        alice.refresh_from_db()
        assert alice.job_title == "Chargée de développement social"


@pytest.mark.django_db
def test_profile_form_shows_what_the_member_has(client, alice, vocabulary):
    alice.themes.set([vocabulary["garden"]])
    client.force_login(alice)
    content = client.get(PROFILE_URL).content.decode()
    assert 'value="Chargée de développement social"' in content
    assert f'value="{vocabulary["garden"].pk}"' in content
    assert "checked" in content.split("Jardins partagés")[0].rsplit("<input", 1)[1]


@pytest.mark.django_db
def test_bad_phone_is_refused_beside_the_field_and_nothing_is_saved(client, alice, vocabulary):
    client.force_login(alice)
    response = client.post(
        PROFILE_URL, profile_data(phone="appelez-moi", themes=[vocabulary["garden"].pk])
    )
    assert response.status_code == 200
    assert "Saisissez un numéro de téléphone" in response.content.decode()
    assert 'value="appelez-moi"' in response.content.decode()  # the form keeps what was typed
    alice.refresh_from_db()
    assert alice.phone == ""
    assert alice.directory_consent is False
    assert alice.themes.count() == 0


@pytest.mark.django_db
def test_profile_photo_is_stored_re_encoded_without_gps(client, alice):
    client.force_login(alice)
    response = client.post(PROFILE_URL, profile_data(new_photo=jpeg_with_gps()))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.photo.name.startswith("photos/members/")
    assert "portrait" not in alice.photo.name
    stored = alice.photo.read()
    assert b"PhoneMaker" not in stored
    assert b"Exif" not in stored


@pytest.mark.django_db
def test_svg_photo_is_refused_beside_the_field(client, alice):
    client.force_login(alice)
    svg = SimpleUploadedFile(
        "photo.png",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/png",
    )
    response = client.post(PROFILE_URL, profile_data(new_photo=svg))
    assert response.status_code == 200
    assert "n’est pas une image acceptée" in response.content.decode()
    alice.refresh_from_db()
    assert not alice.photo
    assert alice.job_title == "Chargée de développement social"


@pytest.mark.django_db
def test_replacing_then_removing_the_photo_deletes_the_old_files(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    client.post(PROFILE_URL, profile_data(new_photo=jpeg_with_gps()))
    alice.refresh_from_db()
    first = alice.photo.name
    storage = alice.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, profile_data(new_photo=jpeg_with_gps()))
    alice.refresh_from_db()
    second = alice.photo.name
    assert second != first
    assert storage.exists(second)
    assert not storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE_URL, profile_data(remove_photo="on"))
    alice.refresh_from_db()
    assert not alice.photo
    assert not storage.exists(second)


@pytest.mark.django_db
def test_member_reads_and_downloads_all_their_data(client, alice, vocabulary):
    alice.themes.set([vocabulary["garden"]])
    alice.phone = "04 91 00 00 01"
    alice.save()
    client.force_login(alice)
    content = client.get(DATA_URL).content.decode()
    assert "alice@example.org" in content
    assert "04 91 00 00 01" in content
    assert "Jardins partagés" in content
    assert "Adresses e-mail (1)" in content

    response = client.get(DATA_URL, {"format": "json"})
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["organisation"] == "ICF Habitat Sud-Est Méditerranée"
    assert data["account"]["themes"] == ["Jardins partagés"]
    assert "password" not in data["account"]
    assert data["related"]["account.emailaddress"][0]["email"] == "alice@example.org"


@pytest.mark.django_db
def test_data_export_holds_nobody_elses_data(client, alice, bob):
    client.force_login(alice)
    content = client.get(DATA_URL, {"format": "json"}).content.decode()
    assert "bob@example.org" not in content
    assert "Bob Durand" not in content


@pytest.mark.django_db
def test_unapproved_account_may_still_read_its_data(client, unapproved):
    client.force_login(unapproved)
    assert "ulysse@example.org" in client.get(DATA_URL).content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_has_no_data_page(client):
    assert client.get(DATA_URL).url.startswith(reverse("account_login"))
    assert client.post(DELETE_URL, {"password": TEST_PASSWORD}).url.startswith(
        reverse("account_login")
    )


@pytest.mark.django_db
def test_wrong_password_does_not_delete_the_account(client, alice):
    client.force_login(alice)
    response = client.post(DELETE_URL, {"password": "not-my-password"})
    assert "Ce n’est pas votre mot de passe." in response.content.decode()
    alice.refresh_from_db()
    assert alice.is_active
    assert alice.deleted_at is None


@pytest.mark.django_db
def test_deleting_the_account_erases_personal_data_and_signs_out(
    client, alice, vocabulary, django_capture_on_commit_callbacks
):
    alice.themes.set([vocabulary["garden"]])
    alice.phone = "04 91 00 00 01"
    alice.directory_consent = True
    alice.save()
    client.force_login(alice)
    client.post(PROFILE_URL, profile_data(new_photo=jpeg_with_gps()))
    alice.refresh_from_db()
    photo, storage = alice.photo.name, alice.photo.storage

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE_URL, {"password": TEST_PASSWORD})
    assert response.status_code == 302

    former = User.objects.get(pk=alice.pk)
    assert str(former) == "ancien membre"
    assert former.full_name == former.phone == former.job_title == ""
    assert "alice" not in former.email
    assert former.organisation is None
    assert not former.is_active
    assert not former.has_usable_password()
    assert former.themes.count() == 0
    assert not former.photo
    assert not storage.exists(photo)
    assert not EmailAddress.objects.filter(email__iexact="alice@example.org").exists()
    # Signed out, and the old credentials no longer work.
    assert client.get(PROFILE_URL).status_code == 302
    assert not client.login(email="alice@example.org", password=TEST_PASSWORD)


@pytest.mark.django_db
def test_the_email_of_a_deleted_account_may_sign_up_again(client, alice):
    client.force_login(alice)
    client.post(DELETE_URL, {"password": TEST_PASSWORD})
    assert not User.objects.filter(email__iexact="alice@example.org").exists()


@pytest.mark.django_db
def test_staff_account_is_not_deleted_from_the_portal(client, staff_user):
    client.force_login(staff_user)
    response = client.post(DELETE_URL, {"password": TEST_PASSWORD})
    assert "fermés par un autre administrateur" in response.content.decode()
    staff_user.refresh_from_db()
    assert staff_user.is_active


@pytest.mark.django_db
def test_failed_profile_write_leaves_no_new_file_and_keeps_the_old(alice):
    from django.core.exceptions import ValidationError

    from landlords.services import profile_update
    from landlords.uploads import PHOTO_RULES, reencode_image

    profile_update(actor=alice, user=alice, photo=reencode_image(jpeg_with_gps(), PHOTO_RULES))
    alice.refresh_from_db()
    kept, storage = alice.photo.name, alice.photo.storage
    with pytest.raises(ValidationError):
        profile_update(
            actor=alice,
            user=alice,
            job_title="x" * 500,
            photo=reencode_image(jpeg_with_gps(), PHOTO_RULES),
        )
    alice.refresh_from_db()
    assert alice.photo.name == kept
    assert storage.listdir("photos/members")[1] == [kept.rsplit("/", 1)[1]]


@pytest.mark.django_db
def test_nobody_edits_someone_elses_profile_through_the_service(alice, bob):
    from django.core.exceptions import PermissionDenied

    from landlords.services import profile_update

    with pytest.raises(PermissionDenied):
        profile_update(actor=bob, user=alice, job_title="Piraté")
    alice.refresh_from_db()
    assert alice.job_title == "Chargée de développement social"


@pytest.mark.django_db
def test_a_deleted_account_keeps_no_personal_data_in_its_history(client, alice):
    alice.phone = "04 91 00 00 01"
    alice.save()
    client.force_login(alice)
    client.post(DELETE_URL, {"password": TEST_PASSWORD})
    records = User.history.filter(id=alice.pk)
    assert records.count() == 1
    assert records.filter(full_name="Alice Martin").count() == 0
    assert records.filter(email__iexact="alice@example.org").count() == 0
