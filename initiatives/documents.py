"""Toolbox files: PDF, ODT, DOCX or XLSX, recognised by their content (the `filetype` library),
bounded in size, and refused when they carry active content (PDF JavaScript or launch actions,
Office macros) or would inflate beyond reason (zip bombs)."""

import io
import re
import uuid
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
ACCEPTED = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Names of PDF objects that run something when the file is opened.
# (/OpenAction alone is common and harmless: it sets the first page shown.)
PDF_ACTIVE = re.compile(
    rb"/(JavaScript|JS|Launch|EmbeddedFiles?|FileAttachment|RichMedia|XFA)(?![A-Za-z])"
)
PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
MAX_INFLATED = 50 * 1024 * 1024
REQUIRED_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
}


def _refuse(message, code="invalid_document", **params):
    return ValidationError(message, code=code, params=params)


def clean_document(uploaded) -> tuple[ContentFile, str]:
    """The file to store (random name, right extension) and a safe download name."""
    import filetype

    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _refuse(
            _("The file is too large; the limit is %(limit)s."),
            code="too_large",
            limit=filesizeformat(MAX_BYTES),
        )
    uploaded.seek(0)
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse(
            _("The file is too large; the limit is %(limit)s."),
            code="too_large",
            limit=filesizeformat(MAX_BYTES),
        )
    kind = filetype.guess(data)
    extension = kind.extension if kind else None
    if extension not in ACCEPTED:
        raise _refuse(_("Send a PDF, ODT, DOCX or XLSX document; this file is none of them."))
    if extension == "pdf":
        if _pdf_is_active(data):
            raise _refuse(
                _("This PDF contains scripts or automatic actions; export it again without them."),
                code="active_content",
            )
    else:
        _check_zip(data, extension)
    name = getattr(uploaded, "name", "") or ""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = re.sub(r"(?u)[^-\w.]", "", stem.strip().replace(" ", "_")).strip("._")[:150]
    stem = stem or "document"
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}"), f"{stem}.{extension}"


def _pdf_is_active(data: bytes) -> bool:
    """Look for active content in the raw file and in its compressed streams, with PDF name
    escapes (#xx) decoded, inflating at most MAX_INFLATED bytes in all."""
    import zlib

    def active(chunk: bytes) -> bool:
        return bool(
            PDF_ACTIVE.search(PDF_NAME_ESCAPE.sub(lambda m: bytes.fromhex(m[1].decode()), chunk))
        )

    if active(data):
        return True
    budget = MAX_INFLATED
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return True  # more compressed content than we are willing to inspect
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(match[1], budget)
        except zlib.error:
            continue  # not deflated (images, fonts in other encodings)
        budget -= len(inflated)
        if active(inflated):
            return True
    return False


def _check_zip(data: bytes, extension: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as error:
        raise _refuse(_("This document is damaged.")) from error
    names = {info.filename for info in infos}
    if REQUIRED_PARTS[extension] not in names:
        raise _refuse(_("This document is damaged."))
    if sum(info.file_size for info in infos) > MAX_UNZIPPED:
        raise _refuse(_("This document would be too large once opened."), code="too_large")
    if any(
        name.lower().endswith("vbaproject.bin") or name.startswith(("Basic/", "Scripts/"))
        for name in names
    ):
        raise _refuse(
            _("This document contains macros; save it without them."), code="active_content"
        )
