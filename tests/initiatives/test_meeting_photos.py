import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Photo


def jpeg() -> SimpleUploadedFile:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "#2a7").save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("day.jpg", buffer.getvalue(), content_type="image/jpeg")


def data(**overrides):
    values = {
        "image": jpeg(),
        "caption": "Les ateliers",
        "alt_text": "Une vingtaine de personnes autour d'une table",
        "credit": "Michel Couartou",
        "consent": "on",
    }
    values.update(overrides)
    return values


def url(meeting):
    return reverse("initiatives:meeting-photo-add", args=[meeting.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["charlie", "staff_user"])
def test_animators_and_staff_add_a_photo_shown_on_the_meeting_page(client, request, role, meeting):
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(meeting), data())
    assert response.url == reverse("clubs:meeting-detail", args=[meeting.pk])
    photo = Photo.objects.get(meeting=meeting)
    assert b"PhoneMaker" not in photo.image.read()
    assert photo.thumbnail
    page = client.get(response.url).content.decode()
    assert "Michel Couartou" in page
    assert photo.thumbnail.url in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "rita", "fabien"])
def test_members_may_not_add_meeting_photos(client, request, role, meeting):
    client.force_login(request.getfixturevalue(role))
    assert client.post(url(meeting), data()).status_code == 403
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client, meeting):
    assert client.get(url(meeting)).url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_draft_meeting_is_404_for_members(client, alice, meeting):
    meeting.status = "draft"
    meeting.save()
    client.force_login(alice)
    assert client.get(url(meeting)).status_code == 404


@pytest.mark.django_db
def test_a_meeting_photo_needs_consent_and_a_credit(client, charlie, meeting):
    client.force_login(charlie)
    response = client.post(url(meeting), data(consent="", credit=""))
    content = response.content.decode()
    assert "Confirmez que les personnes photographiées ont accepté la publication." in content
    assert "Qui a pris la photo ?" in content
    assert not Photo.objects.exists()
