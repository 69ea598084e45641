"""Files prepared by a job for the one who asked (large exports)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage():
    """The private files' storage (config/storage.py: `storages["private"]`, looked up when a
    file is read or written, so that an override of STORAGES reaches it; never served by URL)."""
    from config.storage import PrivateStorage

    return PrivateStorage()


class Export(models.Model):
    """A large export asked for by one person, built by a job into private storage, downloaded
    only by that person."""

    class Kind(models.TextChoices):
        CATALOGUE = "catalogue", _("Catalogue of initiatives")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"

    class Status(models.TextChoices):
        QUEUED = "queued", _("in preparation")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="exports",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    query = models.CharField(_("filters"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(
        _("file"), upload_to="exports/", storage=private_storage, blank=True, max_length=200
    )
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("prepared export")
        verbose_name_plural = _("prepared exports")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.format}, {self.created_at:%Y-%m-%d %H:%M})"

    @property
    def filename(self) -> str:
        return f"initiatives-{timezone.localdate(self.created_at).isoformat()}.{self.format}"
