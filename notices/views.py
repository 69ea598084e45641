from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from clubs.models import Club
from config.forms import errors_into
from landlords.departements import DEPARTEMENT_CHOICES
from landlords.models import Theme
from landlords.permissions import member_required
from notices import services
from notices.forms import FollowForm, PreferencesForm
from notices.models import Follow, Preferences


@member_required
def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.preferences_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_into(form, error)
        else:
            messages.success(request, _("Your email preferences are saved."))
            return redirect("notices:preferences")
    return render(request, "notices/preferences.html", {"form": form})


def _follow_target(kind: str, key: str):
    if kind == Follow.Kind.CLUB:
        return get_object_or_404(Club, slug=key)
    if kind == Follow.Kind.THEME:
        return get_object_or_404(Theme, slug=key)
    return key


@require_POST
@member_required
def follow(request):
    form = FollowForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    data = form.cleaned_data
    target = _follow_target(data["kind"], data["target"])
    try:
        services.follow_set(
            actor=request.user, kind=data["kind"], target=target, following=data["following"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = dict(DEPARTEMENT_CHOICES).get(target, target)
        if data["following"]:
            messages.success(request, _("You follow %(name)s.") % {"name": label})
        else:
            messages.success(request, _("You no longer follow %(name)s.") % {"name": label})
    next_url = data["next"]
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "notices:preferences"
    return redirect(next_url)


# RFC 8058: a mail client unsubscribes by POSTing "List-Unsubscribe=One-Click" to the header's
# address, with no cookie and no CSRF token; that is the only reason this view is exempt. The
# signed token in the address is the proof instead, and all it can do is turn one kind of email
# off for its member: a forged POST gains nothing.
@csrf_exempt
def unsubscribe(request, token):
    try:
        user, topic = services.read_unsubscribe_token(token)
    except ValidationError as error:
        raise Http404 from error
    topic_label = Preferences._meta.get_field(topic).verbose_name
    done = False
    if request.method == "POST":
        services.unsubscribe(token=token)
        done = True
    return render(
        request,
        "notices/unsubscribe.html",
        {"member": user, "topic": topic_label, "done": done},
    )
