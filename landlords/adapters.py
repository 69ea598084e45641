from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from landlords.models import OrganisationProposal


class PortalSite:
    """allauth's `current_site` in its emails: the portal's name and SITE_URL's host, whatever
    the Site row says (it was written once, at the first migrate, from the SITE_URL of then)."""

    name = "Club Innovation sociale"

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc


def _on_site_url(value, host: str):
    """A link that allauth built from the request's host, moved onto SITE_URL."""
    if not isinstance(value, str):
        return value
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or parts.netloc != host:
        return value
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Store the sign-up fields with the account in a single insert (and the organisation
        proposed, if any, in the same transaction: the account has no organisation until
        staff validate it)."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data["full_name"].strip()
        user.organisation = data.get("organisation")
        user.job_title = data["job_title"].strip()
        if commit:
            with transaction.atomic():
                user.save()
                if data.get("proposal"):
                    OrganisationProposal.objects.create(user=user, **data["proposal"])
        return user

    def send_mail(self, template_prefix, email, context):
        """Links and names in allauth's emails come from SITE_URL, as in the portal's own."""
        request = allauth_context.request
        if request is not None:
            host = request.get_host()
            context = {key: _on_site_url(value, host) for key, value in context.items()}
        context = {"current_site": PortalSite(), "site_url": settings.SITE_URL, **context}
        super().send_mail(template_prefix, email, context)

    def set_password(self, user, password):
        """Write the password alone: the user loaded when the request began may be stale (staff
        withdrew the account meanwhile), and allauth would write back all of it."""
        user.set_password(password)
        user.save(update_fields=["password"])


class EvenSignupForm(AllauthSignupForm):
    """allauth's sign-up form (ACCOUNT_FORMS), whose fields come from landlords.forms.SignupForm.

    Here rather than there: allauth's form is built on that one when allauth.account.forms is
    first imported, so landlords.forms cannot import it."""

    def try_save(self, request):
        if self.account_already_exists:
            # allauth only mails the owner of a known address: no account is made, so no
            # password hashed, and the answer came twenty times sooner than for a new address
            # (0.03 s against 0.6 s), telling who has an account. Hash it for nothing, as
            # Django's ModelBackend does for an unknown user at sign-in.
            get_user_model()().set_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
