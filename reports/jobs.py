"""Jobs of the reports app, queued by the apps that reports reads (by dotted path)."""

from clubs.models import Meeting
from reports import services


def cahier_prerender(meeting_pk: int) -> list[str]:
    """Build a published Cahier's PDFs (members' and public editions) into the PDF cache, so
    that the first readers do not wait for WeasyPrint. Idempotent: an edition whose data has
    not changed is in the cache under its digest already, and is not built again. Returns the
    editions built or found."""
    meeting = Meeting.objects.filter(pk=meeting_pk, cahier_published_at__isnull=False).first()
    if meeting is None:
        return []  # withdrawn meanwhile: nothing to prepare
    for audience in services.AUDIENCES:
        services.cahier_pdf(meeting=meeting, audience=audience)
    return list(services.AUDIENCES)
