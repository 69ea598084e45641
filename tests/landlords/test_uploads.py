"""Image uploads: every file is built in memory with Pillow, then checked by its output bytes."""

import io
import re
import struct
import uuid
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from landlords.uploads import (
    LOGO_RULES,
    PHOTO_RULES,
    ImageRules,
    ReencodedImageField,
    reencode_image,
)

JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PNG_END = b"IEND\xaeB`\x82"
DEFAULT_RULES = ImageRules()
RANDOM_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png)$")
PAYLOAD = b"<script>alert(1)</script>"

CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}

SVG = (
    b'<?xml version="1.0"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script>"
    b'<rect width="10" height="10" fill="red"/></svg>'
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


# Building files ---------------------------------------------------------------------------


def encode(image, image_format="JPEG", **params):
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **params)
    return buffer.getvalue()


def picture(size=(64, 48), mode="RGB", colour="teal"):
    return Image.new(mode, size, colour)


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def image_upload(image, image_format="JPEG", name=None, **params):
    return upload(
        encode(image, image_format, **params),
        name=name or f"photo.{EXTENSIONS[image_format]}",
        content_type=CONTENT_TYPES[image_format],
    )


def gps_exif(orientation=None):
    """EXIF as a phone writes it: camera make and model, date and where the picture was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.Model] = "Canon EOS 5D"
    exif[ExifTags.Base.Artist] = "Alice Martin"
    exif[ExifTags.Base.DateTime] = "2024:05:17 10:42:00"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (43.0, 17.0, 52.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (5.0, 22.0, 8.0)
    return exif


def png_claiming_size(width, height):
    """A tiny valid PNG whose IHDR chunk is rewritten to declare width × height pixels."""
    data = encode(Image.new("L", (1, 1)), "PNG")
    assert data[12:16] == b"IHDR"
    header = struct.pack(">II", width, height) + data[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return data[:16] + header + crc + data[33:]


def gif_claiming_size(width, height):
    """A tiny valid GIF whose logical screen and image descriptor declare width × height."""
    data = bytearray(encode(Image.new("P", (1, 1)), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)
    descriptor = data.index(b",")  # the image descriptor starts with 0x2C
    data[descriptor + 5 : descriptor + 9] = struct.pack("<HH", width, height)
    return bytes(data)


def zip_payload():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", HTML)
    return buffer.getvalue()


# Reading results --------------------------------------------------------------------------


def read(output):
    output.seek(0)
    return output.read()


def decoded(output):
    image = Image.open(io.BytesIO(read(output)))
    image.load()
    return image


def assert_is_jpeg(output):
    data = read(output)
    assert output.name.endswith(".jpg")
    assert data.startswith(JPEG_MAGIC)
    assert data.endswith(JPEG_END)
    assert decoded(output).format == "JPEG"


def assert_is_png(output):
    data = read(output)
    assert output.name.endswith(".png")
    assert data.startswith(PNG_MAGIC)
    assert data.endswith(PNG_END)
    assert decoded(output).format == "PNG"


def assert_no_metadata(output):
    data = read(output)
    image = decoded(output)
    assert len(image.getexif()) == 0
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in image.info
    assert b"Exif" not in data
    assert b"eXIf" not in data
    for leak in (b"Canon", b"Alice Martin", b"2024:05:17"):
        assert leak not in data


def refusal(uploaded, rules=DEFAULT_RULES):
    with pytest.raises(ValidationError) as caught:
        reencode_image(uploaded, rules)
    return caught.value


def assert_sentence(message):
    """A message a member can read: a capitalised sentence, with its placeholders filled in."""
    assert len(message) > 20
    assert message[0].isupper()
    assert message.endswith(".")
    assert "%(" not in message
    assert "{" not in message


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test if Pillow starts decoding pixels."""

    def load(self):
        raise AssertionError("pixels were decoded before the size was checked")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


@pytest.fixture(scope="module")
def bomb():
    """10,000 × 10,000 pixels (100 million) that weigh about 12 kB as a 1-bit PNG."""
    return encode(Image.new("1", (10_000, 10_000)), "PNG", optimize=True)


# Metadata ---------------------------------------------------------------------------------


def test_gps_exif_is_dropped():
    uploaded = image_upload(picture((64, 48)), "JPEG", exif=gps_exif())
    source = Image.open(io.BytesIO(uploaded.read()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really has a position
    assert source.getexif()[ExifTags.Base.Make] == "Canon"

    output = reencode_image(uploaded)

    assert isinstance(output, ContentFile)
    assert_is_jpeg(output)
    assert_no_metadata(output)
    image = decoded(output)
    assert image.size == (64, 48)
    assert image.width / image.height == pytest.approx(64 / 48)


@pytest.mark.parametrize(
    ("image_format", "mode"),
    [("JPEG", "RGB"), ("PNG", "RGB"), ("PNG", "RGBA"), ("WEBP", "RGB"), ("WEBP", "RGBA")],
)
def test_exif_is_dropped_whatever_the_input_format(image_format, mode):
    uploaded = image_upload(picture(mode=mode), image_format, exif=gps_exif())
    source = Image.open(io.BytesIO(uploaded.read()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    assert_no_metadata(reencode_image(uploaded))


def test_xmp_metadata_is_dropped():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">exif:GPSLatitude 43,17.52N</x:xmpmeta>'
    uploaded = image_upload(picture(), "JPEG", xmp=xmp)
    assert b"GPSLatitude" in uploaded.read()

    output = reencode_image(uploaded)

    assert b"GPSLatitude" not in read(output)
    assert "xmp" not in decoded(output).info


def test_png_text_chunks_are_dropped():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Alice Martin")
    text.add_text("Comment", "Rue des Lilas, Marseille")
    text.add_itxt("Description", "Lat 43.2965", zip=True)
    uploaded = image_upload(picture(mode="RGBA"), "PNG", pnginfo=text)

    output = reencode_image(uploaded)

    assert_is_png(output)
    data = read(output)
    for leak in (b"Alice Martin", b"Rue des Lilas", b"tEXt", b"iTXt", b"zTXt"):
        assert leak not in data
    assert decoded(output).text == {}


@pytest.mark.parametrize("image_format", ["JPEG", "GIF"])
def test_comments_are_dropped(image_format):
    mode = "RGB" if image_format == "JPEG" else "P"
    uploaded = image_upload(
        picture(mode=mode), image_format, comment=b"Taken at 12 rue des Lilas by Alice"
    )
    assert b"rue des Lilas" in uploaded.read()

    output = reencode_image(uploaded)

    assert b"rue des Lilas" not in read(output)
    assert "comment" not in decoded(output).info


# Orientation ------------------------------------------------------------------------------


def test_exif_orientation_6_is_applied():
    # Left half red, right half blue; orientation 6 means "turn 90° clockwise to display".
    image = picture((60, 40), colour="red")
    image.paste((0, 0, 255), (30, 0, 60, 40))
    uploaded = image_upload(image, "JPEG", exif=gps_exif(orientation=6), quality=95)

    output = reencode_image(uploaded)

    rotated = decoded(output).convert("RGB")
    assert rotated.size == (40, 60)
    red, _, blue = rotated.getpixel((20, 5))
    assert red > 200 > blue  # the left half is now on top
    red, _, blue = rotated.getpixel((20, 55))
    assert blue > 200 > red
    assert_no_metadata(output)  # the orientation tag went with the rest of EXIF


@pytest.mark.parametrize(
    ("orientation", "size"),
    [(1, (60, 40)), (3, (60, 40)), (5, (40, 60)), (6, (40, 60)), (8, (40, 60)), (9, (60, 40))],
)
def test_each_exif_orientation_gives_the_displayed_size(orientation, size):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    uploaded = image_upload(picture((60, 40)), "JPEG", exif=exif)

    assert decoded(reencode_image(uploaded)).size == size


def test_malformed_exif_with_an_orientation_does_not_crash():
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    blob = exif.tobytes()
    malformed = blob.replace(b"\x01\x0f\x00\x02", b"\x01\x07\x00\x02")
    assert malformed != blob
    uploaded = image_upload(picture(), "JPEG", exif=malformed)

    error = output = None
    try:
        output = reencode_image(uploaded)
    except ValidationError as caught:
        error = caught
    if error is not None:  # refusing the file is as good as cleaning it
        assert error.code == "invalid_image"
    else:
        assert_no_metadata(output)


# Polyglots --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [PAYLOAD, HTML, zip_payload(), b"%PDF-1.4\n" + PAYLOAD],
    ids=["script", "html", "zip", "pdf"],
)
@pytest.mark.parametrize(
    ("image_format", "mode"), [("PNG", "RGB"), ("PNG", "RGBA"), ("JPEG", "RGB")]
)
def test_bytes_appended_after_the_image_are_dropped(payload, image_format, mode):
    polyglot = encode(picture(mode=mode), image_format) + payload
    assert Image.open(io.BytesIO(polyglot)).format == image_format  # Pillow still reads it

    output = reencode_image(upload(polyglot, name=f"photo.{EXTENSIONS[image_format]}"))

    data = read(output)
    assert payload not in data
    assert b"<script>" not in data
    assert b"PK\x03\x04" not in data
    assert b"%PDF" not in data
    if mode == "RGBA":
        assert_is_png(output)
    else:
        assert_is_jpeg(output)


# Output format ----------------------------------------------------------------------------


def test_png_with_transparency_stays_png_with_alpha():
    image = picture((40, 30), mode="RGBA", colour=(255, 0, 0, 255))
    image.paste((0, 0, 255, 0), (0, 0, 20, 30))  # left half fully transparent
    uploaded = image_upload(image, "PNG")

    output = reencode_image(uploaded)

    assert_is_png(output)
    result = decoded(output)
    assert result.mode == "RGBA"
    assert result.getpixel((5, 5))[3] == 0
    assert result.getpixel((35, 5)) == (255, 0, 0, 255)


@pytest.mark.parametrize(
    ("image_format", "image"),
    [
        ("PNG", Image.new("LA", (20, 20), (128, 100))),
        ("PNG", Image.new("P", (20, 20), 0)),
        ("GIF", Image.new("P", (20, 20), 0)),
        ("WEBP", Image.new("RGBA", (20, 20), (0, 128, 0, 100))),
    ],
    ids=["png-la", "png-palette-trns", "gif-transparent", "webp-alpha"],
)
def test_transparent_inputs_become_png_with_alpha(image_format, image):
    params = {"transparency": 0} if image.mode == "P" else {}
    uploaded = image_upload(image, image_format, **params)

    output = reencode_image(uploaded)

    assert_is_png(output)
    result = decoded(output)
    assert result.mode == "RGBA"
    assert result.getchannel("A").getextrema()[0] < 255


@pytest.mark.parametrize(
    ("mode", "colour", "key"), [("RGB", (255, 255, 255), (255, 255, 255)), ("L", 255, 255)]
)
def test_png_with_a_transparent_colour_key_stays_png(mode, colour, key):
    image = Image.new(mode, (20, 20), colour)
    image.paste(0 if mode == "L" else (0, 0, 0), (0, 0, 10, 20))  # left half opaque black
    uploaded = image_upload(image, "PNG", transparency=key)
    assert "transparency" in Image.open(io.BytesIO(uploaded.read())).info

    output = reencode_image(uploaded)

    assert_is_png(output)
    assert decoded(output).convert("RGBA").getpixel((15, 5))[3] == 0


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_opaque_images_become_jpeg(image_format):
    mode = "P" if image_format == "GIF" else "RGB"
    uploaded = image_upload(picture(mode=mode), image_format)

    output = reencode_image(uploaded)

    assert_is_jpeg(output)
    assert decoded(output).mode == "RGB"
    assert decoded(output).size == (64, 48)


@pytest.mark.parametrize(
    ("mode", "image_format"),
    [("1", "PNG"), ("L", "PNG"), ("I;16", "PNG"), ("P", "PNG"), ("CMYK", "JPEG"), ("L", "JPEG")],
)
def test_unusual_colour_modes_are_converted_to_rgb_jpeg(mode, image_format):
    uploaded = image_upload(Image.new(mode, (30, 20)), image_format)

    output = reencode_image(uploaded)

    assert_is_jpeg(output)
    assert decoded(output).mode == "RGB"
    assert decoded(output).size == (30, 20)


def test_animated_gif_becomes_a_still_picture():
    frames = [Image.new("RGB", (30, 20), colour) for colour in ("red", "green", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)
    assert Image.open(io.BytesIO(data)).n_frames == 3

    output = reencode_image(upload(data, name="anim.gif", content_type="image/gif"))

    assert_is_jpeg(output)
    assert getattr(decoded(output), "n_frames", 1) == 1


def test_multi_picture_jpeg_from_a_camera_is_accepted():
    main, secondary = picture(colour="red"), picture(colour="blue")
    data = encode(main, "MPO", save_all=True, append_images=[secondary])
    assert data.startswith(JPEG_MAGIC)

    output = reencode_image(upload(data, name="DSCF0001.JPG"))

    assert_is_jpeg(output)


# Refused files ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (SVG, "logo.svg", "image/svg+xml"),
        (SVG, "photo.png", "image/png"),
        (HTML, "photo.jpg", "image/jpeg"),
        (encode(picture(), "PDF"), "photo.pdf", "application/pdf"),
        (encode(picture(), "PDF"), "photo.jpg", "image/jpeg"),
        (b"", "photo.jpg", "image/jpeg"),
        (b"GIF89a" + HTML, "photo.gif", "image/gif"),
        (PNG_MAGIC + PAYLOAD, "photo.png", "image/png"),
        (JPEG_MAGIC + PAYLOAD, "photo.jpg", "image/jpeg"),
        (zip_payload(), "photo.jpg", "image/jpeg"),
    ],
    ids=[
        "svg",
        "svg-named-png",
        "html-named-jpg",
        "pdf",
        "pdf-named-jpg",
        "empty",
        "gif-magic-then-html",
        "png-magic-then-script",
        "jpeg-magic-then-script",
        "zip-named-jpg",
    ],
)
def test_files_that_are_not_images_are_invalid(data, name, content_type):
    error = refusal(upload(data, name=name, content_type=content_type))

    assert error.code == "invalid_image"


@pytest.mark.parametrize("image_format", ["BMP", "TIFF", "ICO", "PPM", "TGA", "PCX", "QOI"])
def test_images_in_other_formats_are_invalid(image_format):
    data = encode(picture(), image_format)
    assert Image.open(io.BytesIO(data)).format == image_format  # Pillow could decode it

    error = refusal(upload(data, name="photo.jpg"))

    assert error.code == "invalid_image"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_truncated_image_is_invalid(image_format):
    noise = Image.effect_noise((200, 200), 64).convert("P" if image_format == "GIF" else "RGB")
    data = encode(noise, image_format)

    error = refusal(upload(data[: len(data) // 2], name=f"photo.{EXTENSIONS[image_format]}"))

    assert error.code == "invalid_image"


@pytest.mark.parametrize(
    ("language", "fragment"),
    [("fr", "n’est pas une image acceptée"), ("en", "not an image that we accept")],
)
def test_invalid_image_message_is_a_clear_sentence(language, fragment):
    with translation.override(language):
        [message] = refusal(upload(SVG, name="photo.png")).messages

    assert_sentence(message)
    assert fragment in message
    for accepted in ("JPEG", "PNG", "WebP", "GIF"):
        assert accepted in message


# Size limits ------------------------------------------------------------------------------


def test_file_larger_than_max_bytes_is_too_large():
    data = encode(Image.effect_noise((100, 100), 64).convert("RGB"), "PNG")
    assert len(data) > 1000

    error = refusal(upload(data, name="photo.png"), ImageRules(max_bytes=1000))

    assert error.code == "too_large"


def test_file_of_exactly_max_bytes_is_accepted_and_one_byte_less_is_not():
    data = encode(picture(), "JPEG")

    assert_is_jpeg(reencode_image(upload(data), ImageRules(max_bytes=len(data))))
    assert refusal(upload(data), ImageRules(max_bytes=len(data) - 1)).code == "too_large"


def test_file_whose_declared_size_lies_is_still_bounded_while_reading():
    data = encode(Image.effect_noise((100, 100), 64).convert("RGB"), "PNG")
    stream = io.BytesIO(data)  # no `size` attribute: the limit applies to what is read

    with translation.override("en"):
        error = refusal(stream, ImageRules(max_bytes=1000))
        [message] = error.messages

    assert error.code == "too_large"
    assert_sentence(message)
    assert "too large" in message


@pytest.mark.parametrize(
    ("language", "fragment"),
    [("fr", "Le fichier est trop lourd"), ("en", "The file is too large")],
)
def test_too_large_message_gives_the_size_and_the_limit(language, fragment):
    data = encode(Image.effect_noise((100, 100), 64).convert("RGB"), "PNG")

    with translation.override(language):
        [message] = refusal(upload(data), ImageRules(max_bytes=1000)).messages

    assert_sentence(message)
    assert fragment in message
    assert "1000" in message  # the limit, formatted by filesizeformat


def test_size_is_checked_before_reading_the_file():
    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("the file was read although its size is over the limit")

    uploaded = Unreadable("photo.jpg", b"x" * 2000, content_type="image/jpeg")

    assert refusal(uploaded, ImageRules(max_bytes=1000)).code == "too_large"


def test_decompression_bomb_is_refused(bomb):
    assert len(bomb) < 100_000  # small in bytes, 100 million pixels once decoded

    for rules in (ImageRules(), LOGO_RULES, PHOTO_RULES):
        error = refusal(upload(bomb, name="photo.png", content_type="image/png"), rules)
        assert error.code == "too_many_pixels"


def test_decompression_bomb_is_refused_before_decoding(bomb, no_decoding):
    assert refusal(upload(bomb, name="photo.png")).code == "too_many_pixels"


@pytest.mark.parametrize(
    ("width", "height"),
    [(8000, 6000), (9500, 9500), (100_000, 100_000), (2**31 - 1, 2**31 - 1), (1, 50_000_000)],
)
def test_png_header_declaring_too_many_pixels_is_refused(width, height, no_decoding):
    data = png_claiming_size(width, height)
    assert len(data) < 100

    error = refusal(upload(data, name="photo.png", content_type="image/png"))

    assert error.code == "too_many_pixels"


@pytest.mark.parametrize(("width", "height"), [(65_535, 65_535), (10_000, 10_000)])
def test_gif_header_declaring_too_many_pixels_is_refused(width, height, no_decoding):
    error = refusal(upload(gif_claiming_size(width, height), name="a.gif"))

    assert error.code == "too_many_pixels"


def test_custom_pixel_limit_is_applied():
    rules = ImageRules(max_pixels=2_000_000)
    uploaded = image_upload(picture((2000, 1001)), "PNG")

    with translation.override("en"):
        error = refusal(uploaded, rules)
        [message] = error.messages

    assert error.code == "too_many_pixels"
    assert_sentence(message)
    assert "2000 × 1001 pixels" in message
    assert "the limit is 2,000,000 pixels" in message


def test_image_of_exactly_max_pixels_is_accepted():
    rules = ImageRules(max_pixels=2_000_000, max_side=4000)
    output = reencode_image(image_upload(picture((2000, 1000)), "PNG"), rules)

    assert decoded(output).size == (1000 * 2, 1000)


def test_custom_small_pixel_limit_refuses_before_decoding(no_decoding):
    uploaded = image_upload(picture((300, 200)), "PNG")

    error = refusal(uploaded, ImageRules(max_pixels=50_000))

    assert error.code == "too_many_pixels"


@pytest.mark.parametrize(
    ("language", "fragment"),
    [("fr", "L’image est trop grande (8000 × 6000 pixels)"), ("en", "(8000 × 6000 pixels)")],
)
def test_too_many_pixels_message_gives_the_dimensions_and_the_limit(language, fragment):
    with translation.override(language):
        [message] = refusal(upload(png_claiming_size(8000, 6000), name="a.png")).messages

    assert_sentence(message)
    assert fragment in message
    assert "40" in message


@pytest.mark.parametrize("language", ["fr", "en"])
def test_pillow_bomb_message_is_a_clear_sentence(language, bomb):
    with translation.override(language):
        [message] = refusal(upload(bomb, name="a.png")).messages

    assert_sentence(message)


def test_small_pixel_limit_is_not_shown_as_zero():
    with translation.override("en"):
        error = refusal(image_upload(picture((300, 200)), "PNG"), ImageRules(max_pixels=50_000))
        [message] = error.messages

    assert "0 million" not in message


# Scaling ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rules", "size", "expected"),
    [
        (ImageRules(), (3000, 1500), (1600, 800)),
        (ImageRules(), (1500, 3000), (800, 1600)),
        (ImageRules(), (1600, 1600), (1600, 1600)),
        (ImageRules(), (2000, 2000), (1600, 1600)),
        (ImageRules(), (100, 50), (100, 50)),
        (LOGO_RULES, (3000, 1500), (800, 400)),
        (PHOTO_RULES, (1200, 2400), (400, 800)),
        (ImageRules(max_side=100), (640, 480), (100, 75)),
    ],
)
def test_big_images_are_scaled_down_to_fit_max_side(rules, size, expected):
    output = reencode_image(image_upload(picture(size), "JPEG"), rules)

    assert decoded(output).size == expected
    assert max(expected) <= rules.max_side


def test_transparent_image_is_scaled_down_too():
    output = reencode_image(image_upload(picture((2000, 1000), mode="RGBA"), "PNG"), LOGO_RULES)

    assert_is_png(output)
    assert decoded(output).size == (800, 400)


# Output name ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "photo.jpg",
        "vacances à Nice.jpeg",
        "../../etc/passwd",
        "<script>alert(1)</script>.png",
        "shell.php.jpg",
        "logo.svg",
    ],
)
def test_output_name_is_random_and_never_keeps_the_uploaded_name(name):
    uploaded = upload(encode(picture(), "JPEG"), name=name)

    output = reencode_image(uploaded)

    assert RANDOM_NAME.match(output.name)
    stem = output.name.rsplit(".", 1)[0]
    assert uuid.UUID(hex=stem).version == 4
    for part in re.split(r"[./ ]+", name):
        if len(part) > 3:
            assert part not in output.name


def test_two_uploads_of_the_same_file_get_different_names():
    data = encode(picture(), "JPEG")

    first, second = reencode_image(upload(data)), reencode_image(upload(data))

    assert first.name != second.name
    assert read(first) == read(second)


def test_file_already_read_is_rewound():
    uploaded = upload(encode(picture(), "JPEG"))
    uploaded.read()

    assert_is_jpeg(reencode_image(uploaded))


# Form field -------------------------------------------------------------------------------


class PhotoForm(forms.Form):
    photo = ReencodedImageField(rules=PHOTO_RULES, required=False)


class LogoForm(forms.Form):
    logo = ReencodedImageField(rules=LOGO_RULES)


class TinyForm(forms.Form):
    picture = ReencodedImageField(rules=ImageRules(max_bytes=1000))


def test_field_gives_a_reencoded_content_file():
    uploaded = image_upload(picture((3000, 1500)), "JPEG", name="me.jpg", exif=gps_exif(6))
    form = PhotoForm(data={}, files={"photo": uploaded})

    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["photo"]
    assert isinstance(cleaned, ContentFile)
    assert RANDOM_NAME.match(cleaned.name)
    assert_is_jpeg(cleaned)
    assert_no_metadata(cleaned)
    assert decoded(cleaned).size == (400, 800)  # rotated, then fitted to PHOTO_RULES


@pytest.mark.parametrize(
    ("data", "name"), [(SVG, "photo.png"), (SVG, "logo.svg"), (HTML, "photo.jpg")]
)
def test_field_refuses_a_file_that_is_not_an_image(data, name):
    form = PhotoForm(data={}, files={"photo": upload(data, name=name, content_type="image/png")})

    assert not form.is_valid()
    assert form.has_error("photo", code="invalid_image")
    assert "photo" not in form.cleaned_data
    [message] = form.errors["photo"]
    assert_sentence(message)


def test_field_refuses_a_decompression_bomb(bomb):
    form = LogoForm(data={}, files={"logo": upload(bomb, name="logo.png")})

    assert not form.is_valid()
    assert form.has_error("logo", code="too_many_pixels")


def test_field_refuses_a_file_over_its_byte_limit():
    data = encode(Image.effect_noise((100, 100), 64).convert("RGB"), "PNG")
    form = TinyForm(data={}, files={"picture": upload(data, name="a.png")})

    assert not form.is_valid()
    assert form.has_error("picture", code="too_large")


def test_optional_field_left_empty_gives_a_falsy_value():
    form = PhotoForm(data={}, files={})

    assert form.is_valid(), form.errors
    assert not form.cleaned_data["photo"]


def test_required_field_left_empty_is_an_error():
    form = LogoForm(data={}, files={})

    assert not form.is_valid()
    assert form.has_error("logo", code="required")


def test_field_keeps_the_initial_file_when_nothing_is_uploaded():
    current = ContentFile(b"not re-encoded", name="current.jpg")
    form = PhotoForm(data={}, files={}, initial={"photo": current})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"] is current


def test_field_widget_accepts_only_the_image_types():
    form = PhotoForm()
    accept = "image/jpeg,image/png,image/webp,image/gif"

    assert form.fields["photo"].widget.attrs["accept"] == accept
    html = str(form["photo"])
    assert 'type="file"' in html
    assert f'accept="{accept}"' in html
    assert "svg" not in html
    assert form.is_multipart()


@pytest.mark.parametrize(
    ("language", "form_class", "field", "expected"),
    [
        ("en", PhotoForm, "photo", "JPEG, PNG, WebP or GIF, up to 8.0\xa0MB."),
        ("en", LogoForm, "logo", "JPEG, PNG, WebP or GIF, up to 4.0\xa0MB."),
        ("fr", PhotoForm, "photo", "JPEG, PNG, WebP ou GIF, jusqu’à 8,0\xa0Mio."),
    ],
)
def test_field_help_text_gives_the_formats_and_the_limit(language, form_class, field, expected):
    with translation.override(language):
        assert str(form_class().fields[field].help_text) == expected


def test_field_help_text_can_be_replaced():
    field = ReencodedImageField(rules=LOGO_RULES, help_text="Votre logo, de préférence carré.")

    assert field.help_text == "Votre logo, de préférence carré."
    assert field.rules is LOGO_RULES


def test_truncated_images_are_refused_even_after_weasyprint_is_imported():
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    data = encode(picture(), "JPEG")
    with pytest.raises(ValidationError) as caught:
        reencode_image(upload(data[: len(data) // 2], name="photo.jpg"))
    assert caught.value.code == "invalid_image"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for WeasyPrint
