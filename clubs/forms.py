import datetime

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from clubs.models import Action, AgendaItem, Meeting, Workshop
from clubs.services import slot_field
from config.collation import french
from config.widgets import Chooser
from landlords.models import Organisation, Residence, User


def _members():
    return User.objects.approved().select_related("organisation").order_by(french("full_name"))


def _member_label(user) -> str:
    return f"{user.full_name} ({user.organisation})" if user.organisation else user.full_name


class MemberChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = staticmethod(_member_label)


class RegistrationForm(forms.Form):
    """One choice per time slot of the meeting (fields `slot_morning`, `slot_afternoon`), who
    registers (oneself or a colleague), needs and consent. With `registration`: the form that
    changes its choices and needs."""

    user = forms.ModelChoiceField(
        label=_("Who is coming"),
        queryset=User.objects.none(),
        empty_label=None,
        required=False,  # not sent: oneself
        help_text=_("You can register a colleague of your organisation."),
    )
    dietary_note = forms.CharField(
        label=_("Dietary needs"),
        max_length=200,
        required=False,
        help_text=_("For the lunch, e.g. vegetarian, no pork, allergies."),
    )
    reduced_mobility = forms.BooleanField(
        label=_("Reduced mobility"),
        required=False,
        help_text=_("We plan the access to the rooms and the visits."),
    )
    photo_consent = forms.BooleanField(
        label=_("I agree to appear in the photos of the day (portal and Cahier)"),
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, actor=None, registration=None, **kwargs):
        """`meeting` comes through clubs.selectors.meeting_workshops: its workshops are
        prefetched with their confirmed_count, so the choices cost no query."""
        if registration is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    slot_field(workshop.slot): workshop.pk
                    for workshop in registration.workshops.all()
                },
                dietary_note=registration.dietary_note,
                reduced_mobility=registration.reduced_mobility,
                photo_consent=registration.photo_consent,
            )
        super().__init__(*args, **kwargs)
        workshops = list(meeting.workshops.all())
        slot_fields = {}
        for slot, label in Workshop.Slot.choices:
            in_slot = [workshop for workshop in workshops if workshop.slot == slot]
            if not in_slot:
                continue
            field = forms.ModelChoiceField(
                label=_("%(slot)s: workshop or visit") % {"slot": label}
                if len({w.slot for w in workshops}) > 1
                else _("Workshop or visit"),
                queryset=meeting.workshops.all(),
                widget=forms.RadioSelect,
                empty_label=None,
                error_messages={"required": _("Choose the workshop or visit you will join.")},
            )
            field.choices = [(w.pk, _workshop_label(w)) for w in in_slot]
            slot_fields[slot_field(slot)] = field
        self.fields = {**slot_fields, **self.fields}
        colleagues = None
        if registration is None and actor is not None and actor.organisation_id:
            colleagues = User.objects.approved().filter(organisation_id=actor.organisation_id)
        if colleagues is not None and colleagues.exclude(pk=actor.pk).exists():
            self.fields["user"].queryset = colleagues.order_by(french("full_name"))
            self.fields["user"].initial = actor.pk
            self.fields["user"].label_from_instance = lambda user: user.full_name
        else:
            del self.fields["user"]

    def chosen_workshops(self) -> list[Workshop]:
        return [
            value
            for name, value in self.cleaned_data.items()
            if name.startswith("slot_") and value is not None
        ]


def _workshop_label(workshop: Workshop) -> str:
    left = workshop.places_left
    if left is None:
        return workshop.title
    if left == 0:
        return _("%(title)s — full (waiting list)") % {"title": workshop.title}
    return _("%(title)s — %(left)s places left") % {"title": workshop.title, "left": left}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the meeting, for the others who prepare it."),
        error_messages={"required": _("Say why, for the others who prepare the meeting.")},
    )


class MeetingWithdrawForm(ReasonForm):
    cancelled = forms.BooleanField(
        label=_("The meeting is cancelled, not postponed"),
        required=False,
        help_text=_(
            "Ticked: every registration is cancelled and the registrants are told the meeting "
            "is cancelled. Not ticked: registrations are kept and the registrants are told it "
            "is withdrawn for now."
        ),
    )


class WalkInForm(forms.Form):
    """Someone who came without registering: a member of the club, chosen from the list, or a
    person without an account, by name (and organisation when it is listed)."""

    user = forms.ModelChoiceField(
        label=_("A member of the club"),
        queryset=User.objects.none(),
        required=False,
    )
    guest_name = forms.CharField(
        label=_("Or the name of someone without an account"),
        max_length=200,
        required=False,
        help_text=_("First name and last name, as on the sign-in sheet."),
    )
    guest_organisation = forms.ModelChoiceField(
        label=_("Their organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Leave empty when it is not in the list."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = _members().exclude(
            registrations__meeting=meeting, registrations__status="confirmed"
        )
        field.label_from_instance = _member_label
        self.fields["guest_organisation"].queryset = Organisation.objects.order_by(french("name"))

    def clean(self):
        cleaned = super().clean()
        user, name = cleaned.get("user"), cleaned.get("guest_name", "").strip()
        cleaned["guest_name"] = name
        if user and (name or cleaned.get("guest_organisation")):
            self.add_error(
                "guest_name",
                _("Either a member of the club or someone without an account, not both."),
            )
        elif not user and not name and "user" not in self.errors:
            self.add_error(
                "user",
                _("Choose a member of the club, or give the name of someone without an account."),
            )
        return cleaned


class MeetingForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Link to join"),
        required=False,
        assume_scheme="https",
        help_text=_("Shown to the registered members only."),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "number",
            "title",
            "date",
            "start_time",
            "end_time",
            "co_organisers",
            "host",
            "partners",
            "is_online",
            "online_url",
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
            "co_organisers": Chooser(attrs={"size": 6}),
            "programme_intro": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.club = club
        organisations = Organisation.objects.order_by(french("name"))
        for name in ("host", "partners", "co_organisers"):
            self.fields[name].queryset = organisations
        # Left out of a post, the kind stays what it was (a club's meeting, by default).
        self.fields["kind"].required = False
        if club is None:  # an event beyond the clubs: no numbered club meeting
            self.fields["kind"].choices = [
                choice for choice in Meeting.Kind.choices if choice[0] != Meeting.Kind.CLUB
            ]
            self.fields["kind"].initial = Meeting.Kind.EVENT
            del self.fields["number"]

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind or Meeting.Kind.CLUB

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Meeting.Kind.CLUB and self.instance.club_id is None:
            self.add_error("kind", _("A club meeting is prepared from its club's page."))
        if kind == Meeting.Kind.CLUB and "number" in self.fields and not cleaned.get("number"):
            self.add_error("number", _("A club meeting has its number (7 for the 7th Club)."))
        if kind in {Meeting.Kind.EVENT, Meeting.Kind.WEBINAR} and not cleaned.get("title"):
            self.add_error("title", _("An event or a webinar is known by its title."))
        if cleaned.get("online_url") and not cleaned.get("is_online"):
            self.add_error("online_url", _("A link to join is for a meeting held online."))
        return cleaned


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

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            # 23:00–00:30 would end the next day: the meeting's day ends at midnight.
            self.add_error(
                "end_time",
                _("A programme item ends on the day of the meeting, by midnight.")
                if end < datetime.time(6) <= start
                else _("The end time must come after the start time."),
            )
        return cleaned


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
            "slot",
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
        self.fields["slot"].required = False  # empty: the morning
        self.fields["facilitators"].queryset = _members()
        self.fields["rapporteurs"].queryset = _members()
        self.fields["residence"].queryset = Residence.objects.select_related("landlord")

    def clean_slot(self):
        return self.cleaned_data.get("slot") or Workshop.Slot.MORNING


AgendaItemFormSet = inlineformset_factory(
    Meeting, AgendaItem, form=AgendaItemForm, extra=1, can_delete=True
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
        queryset=Organisation.objects.order_by(french("name")),
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


ActionFormSet = forms.formset_factory(ActionForm, extra=1, can_delete=True)


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
