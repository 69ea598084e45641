"""The animators' page where the Cahier's editorial content is written (clubs/cahier.py), and the
download of a talk's documents. Access: clubs.manage_meeting to write, clubs.see_meeting to
read; a meeting one may not see is a 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clubs import cahier as services
from clubs.models import AgendaDocument, AgendaItem, Meeting
from clubs.views import _visible_meeting
from config.forms import errors_into, require_perm
from landlords.permissions import member_required


class CahierContentForm(forms.Form):
    introduction = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("The host, the day, why this theme: it opens the Cahier."),
    )
    synthesis = forms.CharField(
        label=gettext_lazy("Synthesis across workshops"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("What the workshops and visits said together."),
    )
    cover_photo = forms.ModelChoiceField(
        label=gettext_lazy("Cover photo"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("No photo on the cover"),
    )

    def __init__(self, *args, meeting: Meeting, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover_photo"].queryset = meeting.photos.order_by("pk")
        self.fields["cover_photo"].label_from_instance = lambda photo: (
            f"{photo.caption or photo.alt_text} — {photo.credit}"
        )
        self.items = items
        for item in items:
            self.fields[f"account_{item.pk}"] = forms.CharField(
                label=_("What was said: %(title)s") % {"title": item.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=item.speakers,
            )

    def accounts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"account_{item.pk}"] for item in self.items}

    def item_fields(self):
        return [(item, self[f"account_{item.pk}"]) for item in self.items]


class DocumentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the document"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File (PDF, ODT, DOCX or XLSX)"),
        help_text=gettext_lazy("Slides are best sent as a PDF."),
    )


def _manageable(request, pk) -> Meeting:
    meeting = _visible_meeting(request, pk, Meeting.objects.select_related("club"))
    require_perm(request.user, "clubs.manage_meeting", meeting)
    return meeting


@member_required
def cahier_content(request, pk):
    """Write the introduction, each talk's account, the synthesis; choose the cover photo."""
    meeting = _manageable(request, pk)
    items = _items(meeting)
    form = CahierContentForm(
        request.POST or None, initial=_initial(meeting, items), meeting=meeting, items=items
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cahier_content_save(
                actor=request.user,
                meeting=meeting,
                introduction=form.cleaned_data["introduction"],
                synthesis=form.cleaned_data["synthesis"],
                cover_photo=form.cleaned_data["cover_photo"],
                accounts=form.accounts(),
            )
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("The Cahier's texts are saved."))
            return redirect("clubs:cahier-content", pk=meeting.pk)
    return _page(request, meeting, items=items, form=form, document_form=DocumentForm())


def _items(meeting) -> list[AgendaItem]:
    return list(services.told_items(meeting).prefetch_related("documents"))


def _initial(meeting, items) -> dict:
    return {
        "introduction": meeting.cahier_introduction,
        "synthesis": meeting.cahier_synthesis,
        "cover_photo": meeting.cahier_cover_photo_id,
        **{f"account_{item.pk}": item.account for item in items},
    }


def _page(request, meeting, *, items, form, document_form, document_item=None):
    return render(
        request,
        "clubs/cahier_content.html",
        {
            "meeting": meeting,
            "form": form,
            "items": items,
            "document_form": document_form,
            "document_item": document_item,
        },
        status=400 if form.errors or document_form.errors else 200,
    )


@member_required
@require_POST
def agenda_document_add(request, pk, item_pk):
    meeting = _manageable(request, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk, kind__in=services.TOLD)
    document_form = DocumentForm(request.POST, request.FILES)
    if document_form.is_valid():
        try:
            services.agenda_document_add(
                actor=request.user,
                item=item,
                title=document_form.cleaned_data["title"],
                uploaded=document_form.cleaned_data["file"],
            )
        except ValidationError as error:
            errors_into(document_form, error)
        else:
            messages.success(
                request, _("The document is added to “%(title)s”.") % {"title": item.title}
            )
            return redirect("clubs:cahier-content", pk=meeting.pk)
    items = _items(meeting)
    form = CahierContentForm(initial=_initial(meeting, items), meeting=meeting, items=items)
    return _page(
        request, meeting, items=items, form=form, document_form=document_form, document_item=item
    )


@member_required
@require_POST
def agenda_document_delete(request, pk, document_pk):
    meeting = _manageable(request, pk)
    document = get_object_or_404(
        AgendaDocument.objects.select_related("item"), item__meeting=meeting, pk=document_pk
    )
    services.agenda_document_remove(actor=request.user, document=document)
    messages.success(request, _("The document “%(title)s” is removed.") % {"title": document.title})
    return redirect("clubs:cahier-content", pk=meeting.pk)


def agenda_document_download(request, pk, document_pk):
    """A talk's document, for whoever may read the Cahier that lists it: once published, its
    readers; before, its animators and staff."""
    from initiatives.attachments import private_file_response

    meeting = _visible_meeting(request, pk)
    if not request.user.has_perm("clubs.see_cahier_documents", meeting):
        raise Http404
    document = get_object_or_404(AgendaDocument, item__meeting=meeting, pk=document_pk)
    return private_file_response(document.file, document.filename)
