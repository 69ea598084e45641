"""French typography in every template (a builtin library, see TEMPLATES in the settings).

- `date` is Django's filter, except that in French the first of a month reads "1er"
  ("1er mars 2026", "dimanche 1er mars"), as French writes it. Python code uses `date_text`.
- `elide`: "de" before a vowel becomes "d’" ("Visite d’Encagnane"), for sentences that put a
  name after "de" (the translation decides the words; this fixes the join).
"""

import re

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.formats import get_format
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

# `\1\e\r`: the letters "1er", escaped for Django's date format.
FIRST = r"\1\e\r"


def _first_of_month(fmt: str) -> str:
    """`fmt` with its day-of-month `j` (not an escaped one) written "1er"."""
    out, escaped = [], False
    for char in fmt:
        if escaped:
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        else:
            out.append(FIRST if char == "j" else char)
    return "".join(out)


def date_text(value, fmt: str | None = None) -> str:
    """`value` formatted like the `date` filter (default DATE_FORMAT), "1er" in French."""
    fmt = fmt or "DATE_FORMAT"
    if getattr(value, "day", None) == 1 and (get_language() or "").startswith("fr"):
        fmt = _first_of_month(get_format(fmt))
    return django_date(value, fmt)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    return date_text(value, arg)


# "de" (or "De") before a vowel, a name's first letter; h and y are left alone (aspirated h,
# consonant y: "de Hyères", "de Yasmine").
_DE_VOWEL = re.compile(r"\b([Dd])e\s+(?=[AEIOUÀÂÄÉÈÊËÎÏÔÖÙÛÜŒÆaeiouàâäéèêëîïôöùûüœæ])")


def elide(text: str) -> str:
    return _DE_VOWEL.sub(r"\1’", text)


@register.filter(name="elide", is_safe=True)
def elide_filter(value):
    result = elide(str(value))
    return mark_safe(result) if isinstance(value, SafeData) else result  # noqa: S308 — as given
