from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from landlords.permissions import is_member


@login_required
def awaiting_approval(request):
    """Shown to signed-in accounts that AR Hlm staff have not approved yet."""
    if is_member(request.user):
        return redirect("clubs:dashboard")
    return render(request, "landlords/awaiting_approval.html")
