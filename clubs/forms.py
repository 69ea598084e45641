from django import forms
from django.db.models.functions import Lower
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from clubs.models import Action, AgendaItem, Meeting, Workshop
from config.widgets import Chooser
from landlords.models import Organisation, Residence, User


def _members():
    return User.objects.approved().select_related("organisation").order_by(Lower("full_name"))


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.organisation})" if obj.organisation else obj.full_name


class RegistrationForm(forms.Form):
    workshop = forms.ModelChoiceField(
        label=_("Workshop or visit"),
        queryset=Workshop.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the workshop or visit you will join.")},
    )
    dietary_note = forms.CharField(
        label=_("Dietary needs"),
        max_length=200,
        required=False,
        help_text=_("For the lunch, e.g. vegetarian, no pork, allergies."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        """`meeting` comes through clubs.selectors.meeting_workshops: its workshops are
        prefetched with their confirmed_count, so the choices cost no query."""
        super().__init__(*args, **kwargs)
        workshops = list(meeting.workshops.all())
        if workshops:
            self.fields["workshop"].queryset = meeting.workshops.all()
            self.fields["workshop"].choices = [(w.pk, _workshop_label(w)) for w in workshops]
        else:
            del self.fields["workshop"]


def _workshop_label(workshop: Workshop) -> str:
    left = workshop.places_left
    if left is None:
        return workshop.title
    if left == 0:
        return _("%(title)s — full (waiting list)") % {"title": workshop.title}
    return _("%(title)s — %(left)s places left") % {"title": workshop.title, "left": left}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = [
            "number",
            "title",
            "date",
            "start_time",
            "end_time",
            "host",
            "partners",
            "venue",
            "address",
            "city",
            "programme_intro",
            "capacity",
            "registration_closes_on",
            "cahier_title",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "registration_closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "partners": Chooser(attrs={"size": 8}),
            "programme_intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.club = club
        self.fields["host"].queryset = Organisation.objects.landlords().order_by(Lower("name"))
        self.fields["partners"].queryset = Organisation.objects.order_by(Lower("name"))


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["start_time", "end_time", "kind", "title", "speakers", "residence"]
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = Residence.objects.select_related("landlord")


class WorkshopForm(forms.ModelForm):
    facilitators = MemberChoiceField(
        label=_("Facilitators"), queryset=User.objects.none(), required=False, widget=Chooser
    )
    rapporteurs = MemberChoiceField(
        label=_("Rapporteurs"),
        queryset=User.objects.none(),
        required=False,
        widget=Chooser,
        help_text=_("They write the restitution (session log)."),
    )

    class Meta:
        model = Workshop
        fields = [
            "kind",
            "title",
            "theme",
            "description",
            "facilitators",
            "rapporteurs",
            "room",
            "residence",
            "capacity",
            "order",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = _members()
        self.fields["rapporteurs"].queryset = _members()
        self.fields["residence"].queryset = Residence.objects.select_related("landlord")


AgendaItemFormSet = inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=2, can_delete=True
)
WorkshopFormSet = inlineformset_factory(
    Meeting, Workshop, form=WorkshopForm, extra=1, can_delete=True
)


class SessionLogForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was said: the restitution as you would give it in the plenary."),
    )
    key_findings = forms.CharField(
        label=_("Key findings"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Action"), max_length=300, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner organisation"),
        queryset=Organisation.objects.order_by(Lower("name")),
        required=False,
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE"):
            return cleaned
        title, owner = cleaned.get("title"), cleaned.get("owner")
        if title and not owner:
            self.add_error("owner", _("Which organisation carries this action?"))
        if owner and not title:
            self.add_error("title", _("Say what the action is."))
        return cleaned


ActionFormSet = forms.formset_factory(ActionForm, extra=2, can_delete=True)


def actions_initial(log) -> list[dict]:
    if log is None:
        return []
    return [
        {"id": a.pk, "title": a.title, "owner": a.owner_id, "due_date": a.due_date}
        for a in log.actions.all()
    ]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the rapporteur change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the rapporteur what to change.")},
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
