"""Photos of initiatives: required alt text, credit and consent; files re-encoded without their
metadata, with a thumbnail; hostile files refused or neutralised, leaving nothing behind."""

import html
import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from initiatives import services
from initiatives.models import Photo

PAYLOAD = b"<script>alert(document.cookie)</script>"
SVG = (
    b'<?xml version="1.0"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script>"
    b'<rect width="10" height="10" fill="red"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
NOT_AN_IMAGE = "Ce fichier n’est pas une image acceptée : envoyez une image JPEG, PNG, WebP ou GIF."
TOO_LARGE = "L’image est trop grande"
REQUIRED = "Ce champ est obligatoire."
NO_ALT = "Décrivez la photo pour les personnes qui ne la voient pas."
NO_CREDIT = "Qui a pris la photo ?"
NO_CONSENT = "Confirmez que les personnes photographiées ont accepté la publication."
GOOD = {"alt_text": "Des enfants plantent des tomates", "credit": "Alice Martin", "consent": True}


# Building files ---------------------------------------------------------------------------


def encode(image, image_format="JPEG", **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **params)
    return buffer.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif() -> Image.Exif:
    """EXIF as a phone writes it: camera, author, date and where the picture was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 5D"
    exif[ExifTags.Base.Artist] = "Alice Martin"
    exif[ExifTags.Base.DateTime] = "2024:05:17 10:42:00"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 17.0, 52.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (5.0, 22.0, 8.0)
    return exif


def jpeg_with_gps(size=(2400, 1800)) -> SimpleUploadedFile:
    image = Image.effect_noise(size, 40).convert("RGB")  # noise: a thumbnail really weighs less
    data = encode(image, "JPEG", exif=gps_exif(), quality=90)
    source = Image.open(io.BytesIO(data))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really has a position
    return upload(data, name="IMG_0042.jpg")


def small_jpeg() -> SimpleUploadedFile:
    return upload(encode(Image.new("RGB", (80, 60), "olive")))


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """10,000 × 10,000 pixels (100 million) that weigh about 12 kB as a 1-bit PNG."""
    return encode(Image.new("1", (10_000, 10_000)), "PNG", optimize=True)


def hostile_files(bomb: bytes) -> dict:
    return {
        "svg": upload(SVG, name="photo.svg", content_type="image/svg+xml"),
        "svg-renamed-png": upload(SVG, name="photo.png", content_type="image/png"),
        "html-renamed-jpg": upload(HTML, name="photo.jpg"),
        "gif-header-then-html": upload(b"GIF89a" + HTML, name="photo.gif"),
        "empty": upload(b"", name="photo.jpg"),
        "bomb": upload(bomb, name="photo.png", content_type="image/png"),
    }


HOSTILE = ["svg", "svg-renamed-png", "html-renamed-jpg", "gif-header-then-html", "bomb"]


# Reading results --------------------------------------------------------------------------


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def opened(field) -> tuple[Image.Image, bytes]:
    with field.open("rb"):
        data = field.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def assert_no_metadata(image: Image.Image, data: bytes) -> None:
    assert len(image.getexif()) == 0
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in image.info
    for leak in (b"Exif", b"Canon", b"Alice Martin", b"2024:05:17"):
        assert leak not in data


def errors_beside(response, field: str) -> str:
    content = response.content.decode()
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    return html.unescape(found.group(1)) if found else ""


def photo_url(initiative) -> str:
    return reverse("initiatives:photo-add", args=[initiative.slug])


def assert_nothing_saved(settings) -> None:
    assert not Photo.objects.exists()
    assert media_files(settings) == []


# The service ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "empty", "message"),
    [
        ("alt_text", "  ", "Décrivez la photo pour les personnes qui ne la voient pas."),
        ("credit", "", "Qui a pris la photo ?"),
        ("consent", False, NO_CONSENT),
    ],
)
def test_service_requires_alt_text_credit_and_consent_each_with_its_message(
    settings, alice, initiative, field, empty, message
):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            actor=alice, initiative=initiative, image=small_jpeg(), **{**GOOD, field: empty}
        )

    assert caught.value.message_dict == {field: [message]}
    assert_nothing_saved(settings)


@pytest.mark.django_db
def test_service_lists_every_missing_field_at_once(settings, alice, initiative):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            actor=alice,
            initiative=initiative,
            image=small_jpeg(),
            alt_text="",
            credit="",
            consent=False,
        )

    assert set(caught.value.message_dict) == {"alt_text", "credit", "consent"}
    assert_nothing_saved(settings)


@pytest.mark.django_db
def test_service_stores_a_jpeg_re_encoded_without_exif_and_gps_with_a_smaller_thumbnail(
    settings, alice, initiative
):
    photo = services.photo_add(
        actor=alice, initiative=initiative, image=jpeg_with_gps(), caption=" Récolte ", **GOOD
    )

    photo.refresh_from_db()
    assert (photo.initiative, photo.added_by, photo.caption) == (initiative, alice, "Récolte")
    assert re.fullmatch(r"photos/initiatives/[0-9a-f]{32}\.jpg", photo.image.name)
    assert re.fullmatch(r"photos/thumbnails/[0-9a-f]{32}\.jpg", photo.thumbnail.name)
    assert "IMG_0042" not in photo.image.name
    image, data = opened(photo.image)
    thumbnail, thumbnail_data = opened(photo.thumbnail)
    assert image.format == thumbnail.format == "JPEG"
    assert image.size == (1600, 1200)
    assert thumbnail.size == (480, 360)
    assert len(thumbnail_data) < len(data)
    assert_no_metadata(image, data)
    assert_no_metadata(thumbnail, thumbnail_data)
    stored = [path.relative_to(settings.MEDIA_ROOT).as_posix() for path in media_files(settings)]
    assert sorted(stored) == sorted([photo.image.name, photo.thumbnail.name])


@pytest.mark.django_db
def test_service_stores_a_png_polyglot_re_encoded_without_its_payload(settings, alice, initiative):
    polyglot = encode(Image.new("RGB", (200, 100), "teal"), "PNG") + PAYLOAD
    assert Image.open(io.BytesIO(polyglot)).format == "PNG"  # Pillow still reads it

    photo = services.photo_add(
        actor=alice, initiative=initiative, image=upload(polyglot, name="photo.png"), **GOOD
    )

    for path in media_files(settings):
        data = path.read_bytes()
        assert PAYLOAD not in data
        assert b"<script>" not in data
        assert data.endswith(b"\xff\xd9")  # a JPEG that ends where the picture ends
    assert len(media_files(settings)) == 2
    assert opened(photo.image)[0].size == (200, 100)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", HOSTILE)
def test_service_refuses_hostile_files_and_leaves_nothing_behind(
    settings, alice, initiative, bomb, kind
):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            actor=alice, initiative=initiative, image=hostile_files(bomb)[kind], **GOOD
        )

    [message] = caught.value.message_dict["image"]
    assert message.startswith(TOO_LARGE if kind == "bomb" else NOT_AN_IMAGE)
    assert_nothing_saved(settings)


@pytest.mark.django_db
def test_service_removes_the_stored_files_when_the_photo_fails_validation(
    settings, alice, initiative
):
    with pytest.raises(ValidationError) as caught:
        services.photo_add(
            actor=alice, initiative=initiative, image=small_jpeg(), **{**GOOD, "credit": "x" * 201}
        )

    assert "credit" in caught.value.message_dict
    assert_nothing_saved(settings)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bob", "charlie", "unapproved"])
def test_service_refuses_people_who_may_not_edit_the_initiative(
    settings, request, initiative, role
):
    with pytest.raises(PermissionDenied):
        services.photo_add(
            actor=request.getfixturevalue(role),
            initiative=initiative,
            image=small_jpeg(),
            **GOOD,
        )

    assert_nothing_saved(settings)


# The view ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "message"),
    [("alt_text", NO_ALT), ("credit", NO_CREDIT), ("consent", NO_CONSENT)],
)
def test_form_shows_each_missing_field_beside_it_and_keeps_what_was_typed(
    client, settings, alice, initiative, field, message
):
    client.force_login(alice)
    data = {
        "image": small_jpeg(),
        "caption": "Fête des récoltes",
        "alt_text": "Des enfants plantent des tomates",
        "credit": "Photographe de quartier",
        "consent": "on",
    }
    del data[field]

    response = client.post(photo_url(initiative), data)

    assert response.status_code == 200
    assert message in errors_beside(response, field)
    others = {"alt_text", "credit", "consent"} - {field}
    assert all(not errors_beside(response, other) for other in others)
    page = html.unescape(response.content.decode())
    assert "Ajouter une photo" in page
    assert 'value="Fête des récoltes"' in page
    for name in others - {"consent"}:
        assert f'value="{data[name]}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert_nothing_saved(settings)


@pytest.mark.django_db
def test_member_uploads_a_jpeg_with_gps_that_is_shown_without_its_metadata(
    client, settings, alice, initiative
):
    client.force_login(alice)

    response = client.post(
        photo_url(initiative),
        {**GOOD, "consent": "on", "image": jpeg_with_gps(), "caption": "Fête des récoltes"},
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    image, data = opened(photo.image)
    thumbnail, thumbnail_data = opened(photo.thumbnail)
    assert_no_metadata(image, data)
    assert_no_metadata(thumbnail, thumbnail_data)
    assert max(thumbnail.size) == 480 < max(image.size) == 1600
    page = html.unescape(client.get(response.url).content.decode())
    assert f'<img src="{photo.thumbnail.url}" alt="Des enfants plantent des tomates"' in page
    assert "Fête des récoltes" in page
    assert "© Alice Martin" in page
    assert len(media_files(settings)) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("kind", HOSTILE)
def test_form_refuses_hostile_files_beside_the_photo_field_and_saves_nothing(
    client, settings, alice, initiative, bomb, kind
):
    client.force_login(alice)

    response = client.post(
        photo_url(initiative), {**GOOD, "consent": "on", "image": hostile_files(bomb)[kind]}
    )

    assert response.status_code == 200
    expected = TOO_LARGE if kind == "bomb" else NOT_AN_IMAGE
    assert expected in errors_beside(response, "image")
    page = html.unescape(response.content.decode())
    assert 'value="Des enfants plantent des tomates"' in page
    assert "alert(" not in page  # nothing of the upload is echoed back
    assert_nothing_saved(settings)


@pytest.mark.django_db
def test_form_refuses_an_empty_file(client, settings, alice, initiative, bomb):
    client.force_login(alice)

    response = client.post(
        photo_url(initiative), {**GOOD, "consent": "on", "image": hostile_files(bomb)["empty"]}
    )

    assert response.status_code == 200
    assert errors_beside(response, "image")
    assert_nothing_saved(settings)


@pytest.mark.django_db
def test_form_stores_a_png_polyglot_re_encoded_and_the_page_serves_no_payload(
    client, settings, alice, initiative
):
    client.force_login(alice)
    polyglot = encode(Image.new("RGB", (200, 100), "teal"), "PNG") + PAYLOAD

    response = client.post(
        photo_url(initiative),
        {**GOOD, "consent": "on", "image": upload(polyglot, "photo.png", "image/png")},
    )

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.name.endswith(".jpg")
    for path in media_files(settings):
        assert PAYLOAD not in path.read_bytes()


@pytest.mark.django_db
def test_alt_text_and_credit_with_markup_are_escaped_on_the_page(client, alice, initiative):
    client.force_login(alice)
    client.post(
        photo_url(initiative),
        {
            "image": small_jpeg(),
            "alt_text": 'Un "jardin" onload=alert(1) <b>',
            "credit": "<script>alert(2)</script>",
            "consent": "on",
        },
    )

    raw = client.get(reverse("initiatives:detail", args=[initiative.slug])).content.decode()
    assert 'alt="Un &quot;jardin&quot; onload=alert(1) &lt;b&gt;"' in raw
    assert "© &lt;script&gt;alert(2)&lt;/script&gt;" in raw
    assert "<script>alert(2)" not in raw


@pytest.mark.django_db
def test_member_of_another_landlord_gets_403_on_the_photo_form_and_nothing_is_saved(
    client, settings, bob, initiative
):
    client.force_login(bob)

    response = client.post(
        photo_url(initiative), {**GOOD, "consent": "on", "image": jpeg_with_gps()}
    )

    assert response.status_code == 403
    assert "Action non autorisée" in html.unescape(response.content.decode())
    assert_nothing_saved(settings)
