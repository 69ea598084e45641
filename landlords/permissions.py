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
def is_awaiting_approval(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not user.is_approved)


is_staff = rules.is_staff

rules.add_perm("landlords.view_members_area", is_member)
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
