"""Authentication backends.

Django's model permissions matter only in the admin, that is for staff. Members' access is
decided by the rules predicates; asking the database for their (empty) model permissions on
every page would cost two queries for nothing.

The signed-in user of a request comes from the shared cache while their account has not
changed (the "accounts" scope of `config.fragments`: any save of a user, an organisation, or
a user's groups and permissions forgets every cached user). What is cached holds neither the
password hash nor the last login: the password is replaced by the session hash Django derives
from it (already kept in every session of that user), and reading either field loads it from
the database. The key carries a tag derived from SECRET_KEY, so that a rotated secret signs
everyone out as Django intends, rather than a cached hash keeping old sessions valid. Entries
live one minute, so that even a change whose token could not reach the cache (logged by
`fragments.content_changed`) signs a changed account out within that time.
"""

import functools

from allauth.account.auth_backends import AuthenticationBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils.crypto import salted_hmac

from config import fragments

ACCOUNTS = "accounts"
SIGNED_IN_USER = "signed-in-user"
# Kept briefly: should a change fail to reach the cache (Redis refusing writes), a password
# change or a deactivation still applies within this time.
USER_TIMEOUT = 60
# Fields left out of the cached user: read from the database (deferred) when asked for.
NOT_CACHED = ("password", "last_login")


def register_accounts_scope() -> None:
    from .models import Organisation, User

    fragments.register_scope(
        ACCOUNTS, User, Organisation, User.groups.through, User.user_permissions.through
    )


@functools.cache
def _tag_of(secret: str) -> str:
    return salted_hmac("landlords.backends.cached-user", "tag", secret=secret).hexdigest()[:16]


def _load_user(user_id):
    User = get_user_model()  # noqa: N806
    try:
        user = User._default_manager.select_related("organisation").get(pk=user_id)
    except User.DoesNotExist:
        return None
    user.cached_session_auth_hash = user.get_session_auth_hash()
    for name in NOT_CACHED:
        del user.__dict__[name]
    return user


class WithOrganisation:
    """The signed-in user comes with their organisation, which most pages ask about (menu,
    permissions, forms), from the cache or in one query."""

    def get_user(self, user_id):
        vary = [user_id, _tag_of(settings.SECRET_KEY)]
        fragments.prefetch(
            (SIGNED_IN_USER, vary, ACCOUNTS),
            *fragments.user_entries(user_id),
            *fragments.take_pending(),  # the page's own values (fragments.prefetches)
        )
        user = fragments.remember(
            SIGNED_IN_USER,
            lambda: _load_user(user_id),
            vary=vary,
            scope=ACCOUNTS,
            timeout=USER_TIMEOUT,
        )
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
