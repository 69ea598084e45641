"""The Cahier's editorial content, written by the animators in the portal: an introduction, what
was said at each talk of the programme (with its slides or documents), a synthesis across the
workshops, and a cover photo. All optional, plain text (escaped wherever it is shown), kept in
the history of the meeting and of its programme items."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clubs.models import AgendaDocument, AgendaItem, Meeting
from landlords.models import User

# The programme items the Cahier tells: talks, not lunch nor the slot of the parallel workshops
# (their restitutions are chapters of their own) nor visits (idem).
TOLD = (AgendaItem.Kind.WELCOME, AgendaItem.Kind.PLENARY)


def told_items(meeting: Meeting):
    return meeting.agenda_items.filter(kind__in=TOLD).order_by("start_time", "pk")


def cahier_content_save(
    *,
    actor: User,
    meeting: Meeting,
    introduction: str = "",
    synthesis: str = "",
    cover_photo=None,
    accounts: dict[int, str] | None = None,
) -> Meeting:
    """Save the introduction, the synthesis, the cover photo and what was said at each talk
    (`accounts`: programme item pk → text), in one transaction; only these fields are written,
    so a change made meanwhile to the rest of the meeting stands."""
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("club")
            .get(pk=meeting.pk)
        )
        if not actor.has_perm("clubs.manage_meeting", meeting):
            raise PermissionDenied
        if cover_photo is not None and cover_photo.meeting_id != meeting.pk:
            raise ValidationError({"cover_photo": _("Choose one of this meeting's photos.")})
        meeting.cahier_introduction = (introduction or "").strip()
        meeting.cahier_synthesis = (synthesis or "").strip()
        meeting.cahier_cover_photo = cover_photo
        meeting._history_user = actor
        meeting.save(
            update_fields=["cahier_introduction", "cahier_synthesis", "cahier_cover_photo"]
        )
        items = {item.pk: item for item in told_items(meeting).select_for_update()}
        for pk, given in (accounts or {}).items():
            item = items.get(pk)
            if item is None:
                raise ValidationError(_("This programme item belongs to another meeting."))
            text = (given or "").strip()
            if text != item.account:
                item.account = text
                item._history_user = actor
                item.save(update_fields=["account"])
    return meeting


def agenda_document_add(*, actor: User, item: AgendaItem, title: str, uploaded) -> AgendaDocument:
    """Slides or a document of a talk: checked by its content (a PDF is written again by qpdf)
    and stored privately; the Cahier lists it, the meeting's visitors download it."""
    from initiatives.documents import clean_document

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
        if not actor.has_perm("clubs.manage_meeting", meeting):
            raise PermissionDenied
        errors = {}
        title = (title or "").strip()
        if not title:
            errors["title"] = _("Give the document a title.")
        try:
            stored, filename = clean_document(uploaded)
        except ValidationError as error:
            errors["file"] = error.messages
        if errors:
            raise ValidationError(errors)
        document = AgendaDocument(item=item, title=title, filename=filename, added_by=actor)
        document.file.save(stored.name, stored, save=False)
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def agenda_document_remove(*, actor: User, document: AgendaDocument) -> None:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=document.item.meeting_id)
        if not actor.has_perm("clubs.manage_meeting", meeting):
            raise PermissionDenied
        document.delete()
        transaction.on_commit(lambda: document.file.delete(save=False))
