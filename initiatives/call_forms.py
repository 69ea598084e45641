"""Forms of calls for projects for their organiser and their applicants. They read and check
what was typed; the services (initiatives/call_services.py) decide and write."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from config.collation import french
from config.widgets import Chooser
from initiatives.call_services import OTHER_DOCUMENT, euros
from initiatives.documents import ACCEPTED
from initiatives.models import Application, CallForProjects, Criterion, PlannedIndicator
from landlords.models import Organisation, Residence, User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(forms.ModelForm):
    class Meta:
        model = CallForProjects
        fields = [
            "title",
            "summary",
            "rules",
            "themes",
            "eligible",
            "opens_on",
            "closes_on",
            "ceiling",
            "total_budget",
            "required_documents",
            "jurors",
            "anonymous_review",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "rules": forms.Textarea(attrs={"rows": 8}),
            "required_documents": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "jurors": Chooser,
            "opens_on": DATE,
            "closes_on": DATE,
        }
        help_texts = {
            "jurors": _(
                "Members of the club. A juror never scores an application of their own "
                "organisation."
            ),
        }

    def __init__(self, *args, organiser_choice: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jurors"].queryset = (
            User.objects.approved().select_related("organisation").order_by(french("full_name"))
        )
        self.fields["jurors"].label_from_instance = lambda user: (
            f"{user.full_name} ({user.organisation})" if user.organisation else user.full_name
        )
        if organiser_choice:  # staff write a call for any organisation
            self.fields = {
                "organiser": forms.ModelChoiceField(
                    label=_("Organiser"), queryset=Organisation.objects.order_by(french("name"))
                ),
                **self.fields,
            }

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("A call cannot close before it opens."))
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["title", "description", "weight"]
        widgets = {"weight": forms.NumberInput(attrs={"min": 1, "max": 10})}

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and not 1 <= weight <= 10:
            raise forms.ValidationError(_("A weight goes from 1 to 10."))
        return weight


CriterionFormSet = inlineformset_factory(
    CallForProjects, Criterion, form=CriterionForm, extra=1, can_delete=True
)


def formset_rows(formset, fields: dict) -> list[tuple]:
    """What the services take from an inline formset: one tuple per row typed or kept,
    (instance or None, each of `fields` — name: value when left empty —, delete)."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = form.cleaned_data
        values = [
            empty if data.get(name) in (None, "") else data[name] for name, empty in fields.items()
        ]
        rows.append(
            (form.instance if form.instance.pk else None, *values, data.get("DELETE", False))
        )
    return rows


def criteria_rows(formset) -> list[tuple]:
    """(criterion or None, title, description, weight, delete)."""
    return formset_rows(formset, {"title": "", "description": "", "weight": 1})


class ApplicationForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "title",
            "summary",
            "objectives",
            "co_applicants",
            "partners",
            "territory",
            "residences",
            "publics",
            "budget",
            "amount_asked",
            "co_financing",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 6}),
            "co_financing": forms.Textarea(attrs={"rows": 3}),
            "co_applicants": Chooser,
            "partners": Chooser,
            "residences": Chooser,
            "publics": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "co_applicants": _(
                "Organisations that apply with yours (landlords answer calls together)."
            ),
            "objectives": _("Which of the call's objectives the project serves, and how."),
            "co_financing": _("Who else funds the project, and how much."),
        }

    def __init__(self, *args, call: CallForProjects, applicant: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["co_applicants"].queryset = (
            Organisation.objects.filter(kind__in=call.eligible_kinds())
            .exclude(pk=applicant.pk)
            .order_by(french("name"))
        )
        self.fields["partners"].queryset = Organisation.objects.exclude(pk=applicant.pk).order_by(
            french("name")
        )
        self.fields["residences"].queryset = Residence.objects.select_related(
            "landlord", "commune"
        ).order_by("commune__name", "name")
        self.fields["residences"].label_from_instance = lambda residence: (
            f"{residence.name} ({residence.commune_name}) — {residence.landlord}"
        )
        if call.ceiling is not None:
            self.fields["amount_asked"].help_text = _("At most %(ceiling)s € for this call.") % {
                "ceiling": euros(call.ceiling)
            }

    def clean(self):
        cleaned = super().clean()
        asked, budget = cleaned.get("amount_asked"), cleaned.get("budget")
        if asked is not None and self.call.ceiling is not None and asked > self.call.ceiling:
            self.add_error("amount_asked", self.fields["amount_asked"].help_text)
        elif asked is not None and budget is not None and asked > budget:
            self.add_error(
                "amount_asked", _("The amount asked cannot exceed the project's budget.")
            )
        return cleaned


class PlannedIndicatorForm(forms.ModelForm):
    class Meta:
        model = PlannedIndicator
        fields = ["name", "unit", "target"]


PlannedIndicatorFormSet = inlineformset_factory(
    Application, PlannedIndicator, form=PlannedIndicatorForm, extra=1, can_delete=True
)


def indicator_rows(formset) -> list[tuple]:
    """(planned indicator or None, name, unit, target, delete)."""
    return formset_rows(formset, {"name": "", "unit": "", "target": None})


class AttachmentForm(forms.Form):
    label = forms.ChoiceField(label=_("Which document"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, ODT, DOCX or XLSX, up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED.values())}),
        error_messages={"required": _("Choose the file to send.")},
    )

    def __init__(self, *args, call: CallForProjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].choices = [
            *((document, document) for document in call.document_list),
            (OTHER_DOCUMENT, _("Other document")),
        ]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("laureate", _("Laureate")), ("not_retained", _("Not retained"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose laureate or not retained.")},
    )
    amount_awarded = forms.DecimalField(
        label=_("Amount awarded (€)"), required=False, min_value=0, decimal_places=2
    )
    intermediate_bilan_due_on = forms.DateField(
        label=_("Intermediate bilan due on"), required=False, widget=DATE
    )
    bilan_due_on = forms.DateField(label=_("Final bilan due on"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when not retained: the applicant reads it with the decision."),
    )

    def decision_data(self) -> dict:
        data = self.cleaned_data
        laureate = data["decision"] == "laureate"
        return {
            "laureate": laureate,
            "amount_awarded": data.get("amount_awarded") if laureate else None,
            "intermediate_bilan_due_on": data.get("intermediate_bilan_due_on"),
            "bilan_due_on": data.get("bilan_due_on"),
            "reason": data.get("reason", ""),
        }
