from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from reports.typography import french
from reports.typography import typo as _typo

register = template.Library()


@register.filter
def typo(value):
    """Escaped text with French typography."""
    return _typo(value)


@register.filter
def typo_paragraphs(value):
    """Escaped paragraphs (like linebreaks) with French typography."""
    return mark_safe(linebreaks(french(value), autoescape=True))  # noqa: S308 — escaped inside
