from django import forms
from django.utils.translation import gettext_lazy as _

from config.collation import french
from config.widgets import Chooser
from initiatives.documents import ACCEPTED
from initiatives.models import (
    Assessment,
    Funding,
    Indicator,
    Initiative,
    Measurement,
    Photo,
    Resource,
)
from initiatives.selectors import initiatives_editable_by, workshops_linkable_by
from landlords.models import Organisation, Residence
from landlords.uploads import IMAGE_ACCEPT
from places.forms import CommuneField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_TYPES = list(ACCEPTED.values())


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "status",
            "visibility",
            "themes",
            "publics",
            "co_landlords",
            "partners",
            "residences",
            "commune",
            "departement",
            "region",
            "in_qpv",
            "start_date",
            "end_date",
            "budget",
            "replicability",
            "origin_action",
            "presented_at",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "replicability": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "publics": forms.CheckboxSelectMultiple,
            "co_landlords": Chooser,
            "partners": Chooser,
            "residences": Chooser,
            "presented_at": Chooser(attrs={"size": 5}),
            "start_date": DATE,
            "end_date": DATE,
        }
        field_classes = {"commune": CommuneField}

    def __init__(self, *args, lead: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_landlords"].queryset = (
            Organisation.objects.landlords().exclude(pk=lead.pk).order_by(french("name"))
        )
        self.fields["partners"].queryset = Organisation.objects.exclude(pk=lead.pk).order_by(
            french("name")
        )
        self.fields["residences"].queryset = Residence.objects.select_related(
            "landlord", "commune"
        ).order_by("commune__name", "name")
        self.fields["residences"].label_from_instance = lambda residence: (
            f"{residence.name} ({residence.commune_name}) — {residence.landlord}"
        )
        self.fields["origin_action"].queryset = (
            self.fields["origin_action"]
            .queryset.filter(session_log__status="approved")
            .select_related("session_log__workshop__meeting__club")
        )
        self.fields["presented_at"].queryset = (
            self.fields["presented_at"]
            .queryset.exclude(status="draft")
            .select_related("club")
            .order_by("-date")
        )
        self.fields["presented_at"].label_from_instance = lambda meeting: (
            f"{meeting.name} — {meeting.club or meeting.get_kind_display()} "
            f"({meeting.date:%d/%m/%Y})"
        )
        self.fields["origin_action"].label_from_instance = lambda action: (
            f"{action.title} — {action.session_log.workshop.meeting.name}"
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot come before the start date."))
        return cleaned


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target"]


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "comment"]
        widgets = {"date": DATE}


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["kind", "date", "text", "call"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, initiative: Initiative, **kwargs):
        super().__init__(*args, **kwargs)
        calls = self.fields["call"].queryset.filter(applications__initiative=initiative)
        self.fields["call"].queryset = calls.distinct()
        self.fields["call"].required = False


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, WebP or GIF, up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=300, required=False)
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=300,
        help_text=_("What the photo shows, for people who cannot see it."),
        error_messages={"required": _("Describe the photo for people who cannot see it.")},
    )
    credit = forms.CharField(
        label=_("Credit"),
        max_length=200,
        error_messages={"required": _("Who took the photo?")},
    )
    consent = forms.BooleanField(
        label=_("The people who can be recognised agreed to the publication."),
        error_messages={"required": _("Confirm that the people shown agreed to the publication.")},
    )


class ResourceForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, ODT, DOCX or XLSX, up to 20 MB. Or give a link below."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.odt,.docx,.xlsx," + ",".join(DOCUMENT_TYPES)}
        ),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")

    class Meta:
        model = Resource
        fields = [
            "title",
            "kind",
            "description",
            "url",
            "visibility",
            "themes",
            "initiatives",
            "workshops",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "initiatives": Chooser,
            "workshops": Chooser,
        }

    def __init__(self, *args, user, **kwargs):
        """Only what `user` may link is offered (the service checks each link again)."""
        super().__init__(*args, **kwargs)
        initiatives = self.fields["initiatives"]
        initiatives.queryset = initiatives_editable_by(user=user)
        initiatives.help_text = _("The initiatives you may edit.")
        workshops = self.fields["workshops"]
        workshops.queryset = workshops_linkable_by(user=user)
        workshops.help_text = _("Workshops of the meetings you animate or took part in.")
        workshops.label_from_instance = lambda w: f"{w.title} — {w.meeting.name}"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("url"):
            self.add_error("file", _("Give a file or a link."))
        return cleaned


class PhotoEditForm(forms.ModelForm):
    """What can be corrected on a photo once added (the image itself is replaced by a new one)."""

    class Meta:
        model = Photo
        fields = ["caption", "alt_text", "credit"]
        help_texts = {"alt_text": _("What the photo shows, for people who cannot see it.")}


class FundingForm(forms.ModelForm):
    class Meta:
        model = Funding
        fields = ["funder", "amount", "call"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Organisation.objects.order_by(french("name"))
        self.fields["call"].queryset = self.fields["call"].queryset.order_by("-opens_on")
        self.fields["call"].required = False

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("An amount cannot be negative."))
        return amount
