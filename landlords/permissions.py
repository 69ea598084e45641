"""Who may do what with accounts and organisations — the only place these decisions are made."""

from functools import wraps

import rules
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect


@rules.predicate
def is_member(user) -> bool:
    """An approved, active account: may see members-only pages."""
    return bool(user.is_authenticated and user.is_active and user.is_approved)


@rules.predicate
def is_organisation_editor(user, organisation) -> bool:
    """A member whom staff marked as an editor of this organisation."""
    return bool(
        is_member(user)
        and user.is_organisation_editor
        and organisation is not None
        and user.organisation_id == organisation.pk
    )


@rules.predicate
def is_listed_or_self(user, member) -> bool:
    """A member page is visible if its owner agreed to the directory, or to its owner."""
    return bool(member.pk == user.pk or (member.directory_consent and member.is_approved))


is_staff = rules.is_staff

rules.add_perm("landlords.view_members_area", is_member)
rules.add_perm("landlords.view_directory", is_member)
rules.add_perm("landlords.see_member", is_member & (is_listed_or_self | is_staff))
rules.add_perm("landlords.edit_organisation", is_organisation_editor | is_staff)
# Club animators approve accounts too: clubs.permissions extends this rule, since animators are a
# clubs concept and imports flow landlords ← clubs.
rules.add_perm("landlords.approve_user", is_staff)


def member_required(view):
    """Anonymous visitors go to the login page, unapproved accounts to the waiting page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_member(user):
            return redirect("landlords:awaiting-approval")
        return view(request, *args, **kwargs)

    return wrapper
