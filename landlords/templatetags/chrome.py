"""The site's chrome: the head's links, the header (menu, language switch) and the footer.

They are the same on every page for a given language, kind of visitor and current page, yet
rendering them (a dozen URL reversals and translations) cost about 1 ms a page, as much as the
rest of a cached page. So each is rendered once per process and key, without the request;
the request's own parts, its CSRF token and its path (the language switch's "next"), are put
in on the way out, escaped. Nothing from the database is in them: only the code and the
translations, which a process does not see change (in DEBUG, templates do: no memo there).
"""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Stand-ins rendered into the memo, then replaced by the request's values.
CSRF_STAND_IN = "chrome0csrf0token0stand0in"
NEXT_PATH_STAND_IN = "chrome0next0path0stand0in"
MEMO_SIZE = 4096  # keys: templates x languages x kinds of visitor x views
_memo: dict[tuple, str] = {}


def _visitor(user, match) -> dict:
    return {
        "is_member": user.has_perm("landlords.view_members_area"),
        "can_approve": user.has_perm("landlords.approve_user"),
        "is_staff": user.is_staff,
        "is_authenticated": user.is_authenticated,
        "view_name": match.view_name if match else "",
        "app_name": match.app_name if match else "",
        "url_name": match.url_name if match else "",
    }


@register.simple_tag(takes_context=True)
def chrome(context, template_name: str, visitor: bool = False):
    request = context.get("request")
    state = {}
    if visitor and request is not None:
        state = _visitor(request.user, request.resolver_match)
    memo_key = (template_name, get_language(), get_script_prefix(), *state.values())
    html = None if settings.DEBUG else _memo.get(memo_key)
    if html is None:
        stand_ins = {"csrf_token": CSRF_STAND_IN, "next_path": NEXT_PATH_STAND_IN}
        html = render_to_string(template_name, {**state, **stand_ins})
        if not settings.DEBUG:
            if len(_memo) >= MEMO_SIZE:
                _memo.clear()
            _memo[memo_key] = html
    if CSRF_STAND_IN in html:
        html = html.replace(CSRF_STAND_IN, escape(str(context.get("csrf_token", ""))))
    if NEXT_PATH_STAND_IN in html:
        path = request.get_full_path() if request is not None else ""
        html = html.replace(NEXT_PATH_STAND_IN, escape(path))
    return mark_safe(html)  # noqa: S308 — our own templates' output; the values put in are escaped
