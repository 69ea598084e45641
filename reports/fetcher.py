"""What WeasyPrint may read while rendering: static files and media files, through the `static:`
and `media:` pseudo-schemes that the PDF templates use, and `data:` URIs. A `media:` URL names a
file of the media storage (`storages["default"]`: MEDIA_ROOT, or the media bucket), read by name.
Anything else (file://, http(s)://, `..` in a path, an absolute path) is refused, so hostile
markup in user text can neither read the server's files nor make it fetch a URL."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages


class FetchRefusedError(ValueError):
    pass


def _checked(relative: str) -> str:
    if (
        not relative
        or relative.startswith(("/", "\\"))
        or "\\" in relative
        or ".." in Path(relative).parts
    ):
        raise FetchRefusedError(f"Refused path: {relative!r}")
    return relative


def _inside(root: Path, relative: str) -> Path:
    _checked(relative)
    root = Path(root).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise FetchRefusedError(f"Refused path: {relative!r}")
    return path


def _static_path(relative: str) -> Path:
    """A file the static finders know (development) or under STATIC_ROOT (production), never
    a folder, never outside the location it was found in (symbolic links included)."""
    _checked(relative)
    found = finders.find(relative)
    if found and str(found).endswith(relative):
        root = str(found)[: -len(relative)] or "."
        return _inside(Path(root), relative)
    return _inside(Path(settings.STATIC_ROOT), relative)


def resolve(url: str) -> Path:
    """The file a `static:` URL names, or FetchRefusedError (media files have no path: `read`)."""
    if url.startswith("static:"):
        return _static_path(url.removeprefix("static:"))
    raise FetchRefusedError(f"Refused URL: {url[:80]!r}")


def read(url: str) -> bytes:
    """The bytes a `static:` or `media:` URL names, or FetchRefusedError."""
    if not url.startswith("media:"):
        return resolve(url).read_bytes()
    name = _checked(url.removeprefix("media:"))
    try:
        with storages["default"].open(name, "rb") as file:
            return file.read()
    except (OSError, SuspiciousFileOperation) as error:  # missing, a folder, leading outside
        raise FetchRefusedError(f"Refused path: {name!r}") from error


def safe_url_fetcher():
    """A WeasyPrint URL fetcher that reads only what the portal's PDFs need (WeasyPrint is
    imported here, when a PDF is made, not when the portal starts)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols={"data"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            body = read(url)
            mime_type, _encoding = mimetypes.guess_type(url.split(":", 1)[1])
            return URLFetcherResponse(
                url,
                body=body,
                headers={"Content-Type": mime_type or "application/octet-stream"},
            )

    return SafeURLFetcher()
