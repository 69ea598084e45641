"""`{% json_ld "initiative" initiative %}`: the schema.org description of a public page, in its
<head> (config/json_ld.py)."""

from django import template

from config import json_ld as describe

register = template.Library()

DESCRIBERS = {
    "initiative": describe.initiative,
    "meeting": describe.meeting,
    "organisation": describe.organisation,
}


@register.simple_tag(takes_context=True)
def json_ld(context, kind: str, obj):
    return describe.script(DESCRIBERS[kind](obj, context["request"].build_absolute_uri))
