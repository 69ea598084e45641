"""The inbox count for the header: bounded COUNT queries, for animators and staff only."""

from django import template

from clubs.inbox import inbox_total

register = template.Library()


@register.simple_tag
def inbox_count(user) -> int:
    """How many things wait for `user` (0 for those without an inbox, at no query)."""
    return inbox_total(user)
