import re

from django import forms
from django.utils.translation import gettext_lazy as _

from config.collation import french
from landlords.models import Organisation, Residence, User
from landlords.uploads import LOGO_RULES, PHOTO_RULES, ReencodedImageField


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds email and passwords (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by(french("name")),
        empty_label=_("— Choose your organisation —"),
        help_text=_("Your landlord, partner or federation. Not listed? Write to AR Hlm."),
        error_messages={"invalid_choice": _("Choose your organisation from the list.")},
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    field_order = ["full_name", "email", "organisation", "job_title", "password1", "password2"]

    def signup(self, request, user) -> None:
        """Required by allauth; the fields are saved by AccountAdapter.save_user in one write."""


class ProfileForm(forms.ModelForm):
    """What a member may change about themself; the photo is re-encoded when the form cleans."""

    new_photo = ReencodedImageField(label=_("Photo"), required=False, rules=PHOTO_RULES)
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = User
        fields = ["job_title", "phone", "themes", "skills", "directory_consent"]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "skills": forms.CheckboxSelectMultiple,
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
        fields = ["about", "website", "dwellings"]
        widgets = {"about": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind != Organisation.Kind.LANDLORD:
            del self.fields["dwellings"]  # landlords only: not shown, so never emptied


class ResidenceForm(forms.ModelForm):
    class Meta:
        model = Residence
        fields = ["name", "commune", "address", "dwellings", "in_qpv"]

    def __init__(self, *args, landlord: Organisation, **kwargs):
        self.landlord = landlord
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        name, commune = cleaned.get("name"), cleaned.get("commune")
        if name and commune:
            duplicates = Residence.objects.filter(
                landlord=self.landlord, name__iexact=name.strip(), commune__iexact=commune.strip()
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
