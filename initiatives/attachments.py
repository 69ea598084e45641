"""Documents sent with an application or a bilan: checked and stored like the toolbox files
(initiatives/documents.py), served only through a view that has checked access.

`attachment_store` is called by the services inside their transaction, after their permission
check. A file whose row fails to save is removed at once; one whose transaction is rolled back
later stays in private storage with no row pointing at it, so it is never served."""

from django.core.exceptions import ValidationError
from django.http import FileResponse

from initiatives.documents import ACCEPTED, clean_document
from initiatives.models import Application, Assessment, Attachment
from landlords.models import User


def attachment_store(
    *,
    actor: User,
    uploaded,
    label: str,
    application: Application | None = None,
    assessment: Assessment | None = None,
    field: str = "file",
) -> Attachment:
    """Check `uploaded` by its content (errors under `field`), store it privately, and keep its
    row. Exactly one of `application` and `assessment`."""
    try:
        stored, filename = clean_document(uploaded)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    attachment = Attachment(
        application=application,
        assessment=assessment,
        label=label.strip()[:200],
        filename=filename,
        size=stored.size,
        uploaded_by=actor,
    )
    attachment.file.save(stored.name, stored, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def private_file_response(file, filename: str) -> FileResponse:
    """A private file (an attachment, a toolbox file) as a download, never inline, in a
    sandbox, kept by no cache. The caller has checked access.

    Streamed from the `private` storage (a folder, or the private bucket) rather than handed
    out as a signed URL: the bucket need not be reachable from browsers, the response keeps
    these headers whatever the storage, and no URL valid for anyone exists even for a minute.
    Files are at most 20 MB and nginx buffers the response, so a worker is held briefly."""
    extension = file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename or f"document.{extension}",
        content_type=ACCEPTED.get(extension, "application/octet-stream"),
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
