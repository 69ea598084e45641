"""The form of a laureate's bilan: its kind and text, up to three documents (a label each) and
a value for each of the initiative's indicators, with its date. The service checks the files
and saves everything in one transaction; its errors come back beside these fields (file_<n>,
value_<pk>, date_<pk>)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.bilans import MAX_DOCUMENTS
from initiatives.documents import ACCEPTED
from initiatives.models import Assessment

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DOCUMENT_ACCEPT = ",".join(f".{extension}" for extension in ACCEPTED)


class BilanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Bilan"), choices=Assessment.Kind.choices)
    text = forms.CharField(
        label=_("Your bilan"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("What was done, with whom, what came of it, what is left to do."),
        error_messages={"required": _("Write the bilan.")},
    )

    def __init__(self, *args, indicators=(), next_kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        if next_kind:
            self.fields["kind"].initial = next_kind
        self.documents = []
        for number in range(1, MAX_DOCUMENTS + 1):
            self.fields[f"label_{number}"] = forms.CharField(
                label=_("Document %(number)s: what it is") % {"number": number},
                max_length=200,
                required=False,
            )
            self.fields[f"file_{number}"] = forms.FileField(
                label=_("Document %(number)s: file") % {"number": number},
                required=False,
                help_text=_("PDF, ODT, DOCX or XLSX, up to 20 MB."),
                widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
            )
            self.documents.append((self[f"label_{number}"], self[f"file_{number}"]))
        self.indicators = list(indicators)
        self.indicator_fields = []
        today = timezone.localdate()
        for indicator in self.indicators:
            unit = f" ({indicator.unit})" if indicator.unit else ""
            self.fields[f"value_{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.name}{unit}",
                max_digits=12,
                decimal_places=2,
                required=False,
            )
            self.fields[f"date_{indicator.pk}"] = forms.DateField(
                label=_("Measured on (%(indicator)s)") % {"indicator": indicator.name},
                required=False,
                initial=today,
                widget=DATE,
            )
            self.indicator_fields.append(
                (indicator, self[f"value_{indicator.pk}"], self[f"date_{indicator.pk}"])
            )

    def clean(self):
        data = super().clean()
        for number in range(1, MAX_DOCUMENTS + 1):
            if data.get(f"file_{number}") and not (data.get(f"label_{number}") or "").strip():
                self.add_error(f"label_{number}", _("Say what this document is."))
        for indicator in self.indicators:
            date_field = f"date_{indicator.pk}"
            if (
                data.get(f"value_{indicator.pk}") is not None
                and not data.get(date_field)
                and date_field not in self.errors
            ):
                self.add_error(date_field, _("Give the date of the measurement."))
        return data

    def files_to_store(self) -> list[tuple[str, object]]:
        return [
            (self.cleaned_data.get(f"label_{n}", ""), self.cleaned_data.get(f"file_{n}"))
            for n in range(1, MAX_DOCUMENTS + 1)
        ]

    def measurements(self) -> list[tuple]:
        return [
            (
                indicator,
                self.cleaned_data.get(f"date_{indicator.pk}"),
                self.cleaned_data[f"value_{indicator.pk}"],
            )
            for indicator in self.indicators
            if self.cleaned_data.get(f"value_{indicator.pk}") is not None
        ]
