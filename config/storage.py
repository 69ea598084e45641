"""Where files live: three storages, named in STORAGES (config/settings.py, "Storage").

- ``default``: media (logos, photos), public, served by URL.
- ``private``: toolbox files, attachments, programme documents; never served by URL, only through
  a view that checks access.
- ``pdf_cache``: generated PDFs named by a digest of their data (reports/services.py).

Local folders by default (MEDIA_ROOT, PRIVATE_MEDIA_ROOT, PDF_CACHE_ROOT, read when used, so tests
may move them); S3-compatible buckets when the S3_* variables are set. Code reaches files through
`django.core.files.storage.storages[alias]` (or the fields below), by name, never by path.
"""

import contextlib
import datetime
import os
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


@dataclass(frozen=True)
class Entry:
    """A file of a storage as a listing gives it, without one request per file."""

    name: str
    size: int
    modified: datetime.datetime


class MediaFileSystemStorage(FileSystemStorage):
    """MEDIA_ROOT, as Django's own; a name that leads outside it by a symbolic link is refused
    (what WeasyPrint reads through `media:` stays inside). Its folders are made readable by all
    (0755), whatever the process's umask: nginx serves them (the kit's unit has UMask=0027)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("directory_permissions_mode", 0o755)
        super().__init__(*args, **kwargs)

    def _open(self, name, mode="rb"):
        root = Path(self.location).resolve()
        if not Path(self.path(name)).resolve().is_relative_to(root):
            raise SuspiciousFileOperation(f"{name!r} leads outside the media folder.")
        return super()._open(name, mode)


class _DynamicRoot(FileSystemStorage):
    """A folder given by a setting, read when used (as MEDIA_ROOT is for Django's own)."""

    root_setting = ""

    @property
    def base_location(self):
        return getattr(settings, self.root_setting)

    @property
    def location(self):
        return str(Path(self.base_location).resolve())


class PrivateFileSystemStorage(_DynamicRoot):
    """PRIVATE_MEDIA_ROOT: files served only through a view that checks access, never by URL."""

    root_setting = "PRIVATE_MEDIA_ROOT"

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view.")


class PdfCacheFileSystemStorage(_DynamicRoot):
    """PDF_CACHE_ROOT: one flat folder; a name is written over atomically (readers never see half
    a file) and serving a file "touches" it, so eviction removes the least recently served."""

    root_setting = "PDF_CACHE_ROOT"

    def get_available_name(self, name, max_length=None):
        return name  # digest-named: the same name is the same content

    def _save(self, name, content):
        target = Path(self.path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return name

    def entries(self) -> list[Entry]:
        found = []
        try:
            scan = os.scandir(self.location)
        except FileNotFoundError:
            return []
        with scan:
            for item in scan:
                try:
                    if not item.is_file():
                        continue
                    stat = item.stat()
                except FileNotFoundError:
                    continue  # removed by another worker
                modified = datetime.datetime.fromtimestamp(stat.st_mtime_ns / 1e9, tz=datetime.UTC)
                found.append(Entry(item.name, stat.st_size, modified))
        return found

    def touch(self, name) -> None:
        # Evicted by another worker meanwhile: the bytes were read all the same.
        with contextlib.suppress(FileNotFoundError):
            os.utime(self.path(name))


class _Alias(LazyObject):
    """The storage STORAGES names `alias`, looked up when first used and again after STORAGES
    changes (a test's override): model fields keep one storage object for their life."""

    alias = ""

    def _setup(self):
        self._wrapped = storages[self.alias]


# Weak references, not a WeakSet: a LazyObject hashes and compares as the storage it wraps.
_aliases: list[weakref.ref] = []


class PrivateStorage(_Alias):
    """The `private` storage, for the FileFields of private files (their migrations name this
    class, as they did when it was the folder itself)."""

    alias = "private"

    def __init__(self):
        super().__init__()
        _aliases.append(weakref.ref(self))

    def deconstruct(self):
        return ("config.storage.PrivateStorage", (), {})


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT", "PDF_CACHE_ROOT"}:
        _aliases[:] = [ref for ref in _aliases if ref() is not None]
        for ref in _aliases:
            alias = ref()
            if alias is not None:
                alias._wrapped = empty
