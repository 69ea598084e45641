import re

from django import forms
from django.utils.translation import gettext_lazy as _

from config.collation import french
from landlords.departements import DEPARTEMENT_CHOICES
from landlords.models import Organisation, Residence, User
from landlords.selectors import matching_organisation
from landlords.uploads import LOGO_RULES, PHOTO_RULES, ReencodedImageField
from places.forms import CommuneField

PROPOSAL_FIELDS = ("proposal_name", "proposal_kind", "proposal_departement", "proposal_website")


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds email and passwords (ACCOUNT_SIGNUP_FORM_CLASS).

    A person whose organisation is not listed describes it instead (an OrganisationProposal,
    made by AccountAdapter.save_user): their account has no organisation until staff validate
    it. Without JavaScript the proposal fields are always shown; static/js/proposal.js hides
    them until the box is ticked."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by(french("name")),
        required=False,
        empty_label=_("— Choose your organisation —"),
        help_text=_("Your landlord, partner or federation."),
        error_messages={"invalid_choice": _("Choose your organisation from the list.")},
    )
    organisation_missing = forms.BooleanField(
        label=_("My organisation is not in the list"),
        required=False,
        help_text=_("Describe it below: AR Hlm adds it when they approve your account."),
        widget=forms.CheckboxInput(attrs={"data-proposal-toggle": ""}),
    )
    proposal_name = forms.CharField(
        label=_("Name of your organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization", "data-proposal": ""}),
    )
    proposal_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("— Choose —")), *Organisation.Kind.choices],
        required=False,
        widget=forms.Select(attrs={"data-proposal": ""}),
    )
    proposal_departement = forms.ChoiceField(
        label=_("Département"),
        choices=[("", _("— Choose —")), *DEPARTEMENT_CHOICES],
        required=False,
        widget=forms.Select(attrs={"data-proposal": ""}),
    )
    proposal_website = forms.URLField(
        label=_("Website of your organisation"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional."),
        widget=forms.URLInput(attrs={"data-proposal": ""}),
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    field_order = [
        "full_name",
        "email",
        "organisation",
        "organisation_missing",
        *PROPOSAL_FIELDS,
        "job_title",
        "password1",
        "password2",
    ]

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        name = " ".join((cleaned.get("proposal_name") or "").split())
        # Without JavaScript a person may type a name and forget the box: that is a proposal too.
        proposing = cleaned.get("organisation_missing") or (not organisation and bool(name))
        cleaned["proposal"] = None
        if "organisation" in self.errors:
            return cleaned
        if not proposing:
            if not organisation:
                self.add_error(
                    "organisation",
                    _(
                        "Choose your organisation from the list, or tick "
                        "“My organisation is not in the list” and describe it."
                    ),
                )
            return cleaned
        if organisation:
            self.add_error(
                "organisation",
                _("Choose your organisation from the list or describe a new one, not both."),
            )
            return cleaned
        if not name:
            self.add_error("proposal_name", _("Give the name of your organisation."))
        elif (listed := matching_organisation(name)) is not None:
            self.add_error(
                "proposal_name",
                _("%(name)s is already in the list: choose it.") % {"name": listed.name},
            )
        if not cleaned.get("proposal_kind"):
            self.add_error("proposal_kind", _("Say what kind of organisation it is."))
        if not cleaned.get("proposal_departement") and "proposal_departement" not in self.errors:
            self.add_error(
                "proposal_departement", _("Choose the département of your organisation.")
            )
        if not any(field in self.errors for field in PROPOSAL_FIELDS):
            cleaned["proposal"] = {
                "name": name,
                "kind": cleaned["proposal_kind"],
                "departement": cleaned["proposal_departement"],
                "website": cleaned.get("proposal_website") or "",
            }
        return cleaned

    def signup(self, request, user) -> None:
        """Required by allauth; the fields are saved by AccountAdapter.save_user."""


class ProfileForm(forms.ModelForm):
    """What a member may change about themself; the photo is re-encoded when the form cleans."""

    new_photo = ReencodedImageField(label=_("Photo"), required=False, rules=PHOTO_RULES)
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = User
        fields = ["job_title", "phone", "themes", "skills", "sought_skills", "directory_consent"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
            "sought_skills": forms.CheckboxSelectMultiple,
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
        labels = {"directory_consent": _("Show me in the member directory")}
        help_texts = {
            "directory_consent": _(
                "Other members then see your name, organisation, job title, themes, skills, "
                "email address and phone number."
            ),
            "phone": _("Optional. Shown to members only if you appear in the directory."),
        }

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_RE.fullmatch(phone):
            raise forms.ValidationError(
                _("Enter a phone number with digits, spaces, dots or a leading +.")
            )
        return phone


PHONE_RE = re.compile(r"\+?[0-9][0-9 .\-()]{7,20}")


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    new_logo = ReencodedImageField(label=_("Logo"), required=False, rules=LOGO_RULES)
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = ["about", "website", "commune", "dwellings"]
        widgets = {"about": forms.Textarea(attrs={"rows": 8})}
        field_classes = {"commune": CommuneField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind != Organisation.Kind.LANDLORD:
            del self.fields["dwellings"]  # landlords only: not shown, so never emptied


class ResidenceForm(forms.ModelForm):
    class Meta:
        model = Residence
        fields = ["name", "commune", "address", "dwellings", "in_qpv"]
        field_classes = {"commune": CommuneField}

    def __init__(self, *args, landlord: Organisation, **kwargs):
        self.landlord = landlord
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        name, commune = cleaned.get("name"), cleaned.get("commune")
        if name and commune:
            duplicates = Residence.objects.filter(
                landlord=self.landlord, name__iexact=name.strip(), commune=commune
            ).exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error(
                    "name",
                    _("%(landlord)s already has a residence with this name in this commune.")
                    % {"landlord": self.landlord.name},
                )
        return cleaned


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Sent to the person by email."),
        error_messages={"required": _("Say why the account is refused: the person will read it.")},
    )


class ApprovalForm(forms.Form):
    """Approving an account: if it proposed an organisation, what becomes of the proposal."""

    CREATE, MERGE = "create", "merge"

    decision = forms.ChoiceField(
        label=_("The organisation proposed"),
        choices=[
            (CREATE, _("Create the organisation")),
            (MERGE, _("Merge into an existing organisation")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Create the organisation or merge it into another.")},
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *Organisation.Kind.choices], required=False
    )
    departement = forms.ChoiceField(
        label=_("Département"), choices=[("", "—"), *DEPARTEMENT_CHOICES], required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    organisation = forms.ModelChoiceField(
        label=_("Existing organisation"),
        queryset=Organisation.objects.order_by(french("name")),
        required=False,
        empty_label=_("— Choose the organisation —"),
        help_text=_("Only if you merge."),
    )

    def __init__(self, *args, proposal, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": proposal.name,
                "kind": proposal.kind,
                "departement": proposal.departement,
                "website": proposal.website,
                "organisation": matching_organisation(proposal.name),
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.CREATE:
            if not cleaned.get("name", "").strip():
                self.add_error("name", _("Give the organisation a name."))
            if not cleaned.get("kind"):
                self.add_error("kind", _("Say what kind of organisation it is."))
        elif decision == self.MERGE and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation to merge into."))
        return cleaned

    def decision_kwargs(self) -> dict:
        """The keyword arguments of services.user_approve for this decision."""
        data = self.cleaned_data
        if data["decision"] == self.MERGE:
            return {"organisation": data["organisation"]}
        return {
            "new_organisation": {
                field: data[field] for field in ("name", "kind", "departement", "website")
            }
        }


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
