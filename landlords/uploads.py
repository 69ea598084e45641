"""Image uploads: checked by content, bounded in bytes and pixels, re-encoded by Pillow.

Re-encoding from decoded pixels drops EXIF (GPS included), comments and any bytes appended after
the image (polyglots). Used for logos and members' photos, later for initiative photos.
"""

import contextlib
import io
import struct
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

OPENED_FORMATS = ["GIF", "JPEG", "PNG", "WEBP"]
# The JPEG opener gives MPO for the JPEGs of phones and cameras that hold several pictures
# (depth or HDR maps): a JPEG all the same.
ACCEPTED_FORMATS = {*OPENED_FORMATS, "MPO"}
# What file pickers offer (the content is checked anyway).
IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


@dataclass(frozen=True)
class ImageRules:
    max_bytes: int = 8 * 1024 * 1024
    max_pixels: int = 40_000_000  # about 7,700 × 5,200; beyond that, refuse before decoding
    max_side: int = 1600  # stored images are scaled down to fit this box


LOGO_RULES = ImageRules(max_bytes=4 * 1024 * 1024, max_side=800)
PHOTO_RULES = ImageRules(max_bytes=8 * 1024 * 1024, max_side=800)


def reencode_image(uploaded, rules: ImageRules = ImageRules()) -> ContentFile:
    """Return a freshly encoded copy of `uploaded`, or raise ValidationError saying why not."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    size = getattr(uploaded, "size", None)
    if size is not None and size > rules.max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(rules.max_bytes)},
        )
    uploaded.seek(0)
    data = uploaded.read(rules.max_bytes + 1)
    if len(data) > rules.max_bytes:
        raise ValidationError(
            _("The file is too large; the limit is %(limit)s."),
            code="too_large",
            params={"limit": filesizeformat(rules.max_bytes)},
        )
    not_an_image = ValidationError(
        _("This file is not an image that we accept: send a JPEG, PNG, WebP or GIF picture."),
        code="invalid_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=OPENED_FORMATS)
            width, height = image.size
            if width * height > rules.max_pixels:
                raise ValidationError(
                    _(
                        "The picture is too large (%(width)s × %(height)s pixels); "
                        "the limit is %(limit)s pixels."
                    ),
                    code="too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "limit": number_format(rules.max_pixels, force_grouping=True),
                    },
                )
            with _truncated_images_refused():
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The picture is too large to be processed safely."), code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        # Unknown formats (SVG, PDF…), truncated or corrupt files.
        raise not_an_image from error
    if image.format not in ACCEPTED_FORMATS:
        raise not_an_image

    # Keep the orientation the camera meant; with a malformed EXIF, keep the pixels as stored
    # (the EXIF is dropped below anyway).
    malformed_exif = (struct.error, TypeError, AttributeError, KeyError, ValueError, SyntaxError)
    with contextlib.suppress(*malformed_exif, OSError):
        image = ImageOps.exif_transpose(image)
    image.thumbnail((rules.max_side, rules.max_side))
    # An alpha channel, or a colour key (tRNS) in palette, grey or RGB images.
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    clean = image.convert("RGBA" if has_alpha else "RGB")
    # Nothing of the upload's metadata rides along: comments, ICC profile, EXIF, XMP, text.
    clean.info = {}
    output = io.BytesIO()
    if has_alpha:
        clean.save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        clean.save(output, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")


@contextlib.contextmanager
def _truncated_images_refused():
    """WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is imported;
    uploads must still refuse truncated files, so the flag is off while one is decoded."""
    from PIL import ImageFile

    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


class ReencodedImageField(forms.FileField):
    """A file field whose cleaned value is the re-encoded image (a ContentFile) or the initial."""

    def __init__(self, *, rules: ImageRules = ImageRules(), **kwargs):
        self.rules = rules
        kwargs.setdefault(
            "help_text",
            format_lazy(
                _("JPEG, PNG, WebP or GIF, up to {limit}."),
                limit=lazy(filesizeformat, str)(rules.max_bytes),
            ),
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = IMAGE_ACCEPT
        return attrs

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "read"):
            return reencode_image(cleaned, self.rules)
        return cleaned
