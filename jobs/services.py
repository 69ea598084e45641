"""Large exports prepared by a job: asked for in a request, built by a worker, downloaded by the
one who asked."""

import datetime
import io

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from config.jobs import enqueue
from config.spreadsheets import write_csv, xlsx_bytes
from jobs.models import Export
from landlords.models import User


def catalogue_queryset(user: User, query: str):
    """The catalogue's initiatives that `user` may see, filtered by `query` (its query string)."""
    from initiatives.filters import InitiativeFilter
    from initiatives.selectors import initiative_list

    return InitiativeFilter(QueryDict(query), queryset=initiative_list(user=user)).qs


def export_request(*, actor: User, fmt: str, query: str) -> Export:
    """Ask for the catalogue's export in `fmt` with the filters of `query`; a job builds it. The
    same export asked for again while it is being prepared is that one (a double click)."""
    if not actor.has_perm("jobs.request_export"):
        raise PermissionDenied
    if fmt not in Export.Format.values:
        raise ValidationError(_("This format is not offered."))
    query = query[:2000]
    with transaction.atomic():
        pending = Export.objects.filter(
            requested_by=actor,
            kind=Export.Kind.CATALOGUE,
            format=fmt,
            query=query,
            status=Export.Status.QUEUED,
        ).first()
        if pending is not None:
            return pending
        export = Export.objects.create(
            requested_by=actor, kind=Export.Kind.CATALOGUE, format=fmt, query=query
        )
        enqueue("jobs.tasks.export_build", export.pk, group="export")
    return export


def _content(export: Export) -> tuple[bytes, int]:
    from initiatives.exports import catalogue_table

    initiatives = catalogue_queryset(export.requested_by, export.query)
    header, rows = catalogue_table(initiatives, absolute_uri=lambda path: settings.SITE_URL + path)
    counted = []

    def counting():
        for row in rows:
            counted.append(None)
            yield row

    if export.format == Export.Format.CSV:
        text = io.StringIO()
        write_csv(text, header, counting())
        return text.getvalue().encode(), len(counted)
    return xlsx_bytes(_("Initiatives"), header, counting()), len(counted)


def export_build(*, export_pk: int) -> bool:
    """Build the export's file into private storage. Idempotent: an export that is ready is not
    built again, and two workers given the same export build it once (the second waits for the
    row's lock, then finds it ready). False when there was nothing to do."""
    from django.utils import translation

    with transaction.atomic():
        export = (
            Export.objects.select_for_update()
            .select_related("requested_by")
            .filter(pk=export_pk)
            .first()
        )
        if export is None or export.status == Export.Status.READY:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            content, rows = _content(export)
        export.file.save(f"{export.pk}.{export.format}", ContentFile(content), save=False)
        export.rows = rows
        export.status = Export.Status.READY
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "rows", "status", "finished_at"])
    return True


def export_failed(*, export_pk: int) -> None:
    """The build raised: the page says so (a retry by the queue may still make it ready)."""
    Export.objects.filter(pk=export_pk, status=Export.Status.QUEUED).update(
        status=Export.Status.FAILED, finished_at=timezone.now()
    )


def exports_prune(*, now=None) -> int:
    """Prepared exports older than EXPORT_KEEP_DAYS go, with their files."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    storage = Export._meta.get_field("file").storage
    with transaction.atomic():
        old = list(Export.objects.select_for_update().filter(created_at__lt=cutoff))
        names = [export.file.name for export in old if export.file]
        Export.objects.filter(pk__in=[export.pk for export in old]).delete()
        # The files once the rows are gone for good (a rollback keeps both).
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(old)
