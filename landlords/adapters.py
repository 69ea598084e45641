from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Store the sign-up fields with the account in a single insert."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data["full_name"].strip()
        user.organisation = data["organisation"]
        user.job_title = data["job_title"].strip()
        user.is_approved = False
        if commit:
            with transaction.atomic():
                user.save()
        return user
