"""Toolbox files: PDF, ODT, DOCX or XLSX, recognised by their content (the `filetype` library),
bounded in size, and refused when they carry active content (PDF scripts, actions or
attachments, Office macros) or would inflate beyond reason (zip bombs). A PDF is read by qpdf
in a child process (initiatives/pdf_check.py) and the copy it writes again is what is stored."""

import io
import logging
import re
import signal
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

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
PDF_CHECK = Path(__file__).with_name("pdf_check.py")
PDF_TIMEOUT = 60  # seconds, on the clock; the child also has a CPU time limit
REQUIRED_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
}

logger = logging.getLogger(__name__)


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
        data = _clean_pdf(data)
    else:
        _check_zip(data, extension)
    name = getattr(uploaded, "name", "") or ""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = re.sub(r"(?u)[^-\w.]", "", stem.strip().replace(" ", "_")).strip("._")[:150]
    stem = stem or "document"
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}"), f"{stem}.{extension}"


def _clean_pdf(data: bytes) -> bytes:
    """The PDF written again by qpdf, or a refusal saying why."""
    from initiatives import pdf_check

    try:
        child = subprocess.run(  # noqa: S603 (our own script, run by this interpreter)
            [sys.executable, "-I", str(PDF_CHECK)],
            input=data,
            capture_output=True,
            timeout=PDF_TIMEOUT,
            check=False,
            env={},
        )
    except subprocess.TimeoutExpired:
        code, reason = pdf_check.TOO_COMPLEX, b"timed out"
    else:
        code, reason = child.returncode, child.stderr
    if code == pdf_check.ACCEPTED and child.stdout.startswith(b"%PDF-"):
        return child.stdout
    if code == pdf_check.ACTIVE:
        raise _refuse(
            _("This PDF contains scripts or automatic actions; export it again without them."),
            code="active_content",
        )
    if code == pdf_check.ENCRYPTED:
        raise _refuse(
            _("This PDF is protected by a password; export it again without one."),
            code="encrypted",
        )
    if code in {pdf_check.TOO_COMPLEX, -signal.SIGXCPU, -signal.SIGKILL}:
        raise _refuse(_("This document would be too large once opened."), code="too_large")
    if code != pdf_check.DAMAGED:
        logger.warning(
            "The PDF check failed (%s): %s", code, reason[-2000:].decode(errors="replace")
        )
    raise _refuse(_("This document is damaged."))


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
