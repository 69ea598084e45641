"""Where files live. Private files (toolbox, attachments, programme documents) are served only
through a view that checks access, never by URL."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Files served only through a view that checks access (never by URL): PRIVATE_MEDIA_ROOT."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view.")
