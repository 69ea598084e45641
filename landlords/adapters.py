from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """Store the sign-up fields with the account in a single insert."""
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.full_name = data["full_name"].strip()
        user.organisation = data["organisation"]
        user.job_title = data["job_title"].strip()
        if commit:
            user.save()
        return user
