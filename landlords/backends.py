"""Authentication backends.

Django's model permissions matter only in the admin, that is for staff. Members' access is
decided by the rules predicates; asking the database for their (empty) model permissions on
every page would cost two queries for nothing. The signed-in user comes with their
organisation, which most pages ask about (menu, permissions, forms), in one query.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class WithOrganisation:
    def get_user(self, user_id):
        User = get_user_model()  # noqa: N806
        user = User._default_manager.select_related("organisation").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class StaffModelBackend(WithOrganisation, ModelBackend):
    def has_perm(self, user_obj, perm, obj=None):
        if not user_obj.is_active or not user_obj.is_staff:
            return False
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if not user_obj.is_active or not user_obj.is_staff:
            return False
        return super().has_module_perms(user_obj, app_label)


class EmailLoginBackend(WithOrganisation, AuthenticationBackend):
    """allauth's login by email; permissions are left to the two backends above it."""

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
