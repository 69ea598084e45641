"""The language switch: a link to the same page in another language."""

from django import template
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def page_in(context, language: str) -> str:
    """The current page's address (query string included) in `language`; the home page in
    `language` for an address that names no page (a 404). A list page's query string is the
    one it understood (config.forms.paginate): its valid filters, never a stranger's extras."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    valid_query = getattr(request, "valid_query", None)
    if valid_query is not None:
        path = f"{request.path}?{valid_query}" if valid_query else request.path
    translated = translate_url(path, language) if path else path
    if translated == path:
        if request is not None and request.resolver_match is not None:
            return translated  # the same address in both languages
        with translation.override(language):
            return reverse("clubs:home")
    return translated
