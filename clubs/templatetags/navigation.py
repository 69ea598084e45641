"""Which of the header's main places a page belongs to (its link gets aria-current)."""

from django import template

register = template.Library()

# The calls' pages: the call list and page (initiatives.views) and the calls' own modules.
CALL_MODULES = {"initiatives.call_views", "initiatives.jury_views", "initiatives.bilan_views"}
TOOLBOX = {"toolbox", "resource-add", "resource-download", "resource-delete"}


@register.filter
def initiatives_place(match) -> str:
    """'calls', 'toolbox' or 'initiatives' for a page of the initiatives app, else ''."""
    if match is None or match.app_name != "initiatives":
        return ""
    url_name = match.url_name or ""
    if match.func.__module__ in CALL_MODULES or url_name in {"call-list", "call-detail"}:
        return "calls"
    if url_name in TOOLBOX:
        return "toolbox"
    if url_name == "meeting-photo-add":  # a meeting's page, for the clubs
        return ""
    return "initiatives"
