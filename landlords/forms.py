from django import forms
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from landlords.models import Organisation


class SignupForm(forms.Form):
    """Extra sign-up fields; allauth adds email and passwords (ACCOUNT_SIGNUP_FORM_CLASS)."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by(Lower("name")),
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
