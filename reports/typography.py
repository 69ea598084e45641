"""French typography for text that members wrote: narrow no-break spaces before ; : ! ? and
inside « guillemets », and straight double quotes turned into guillemets."""

import re

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

NNBSP = "\u202f"  # espace fine insécable
NBSP = "\u00a0"

_BEFORE = re.compile(r"[ \u00a0\u202f]*([;:!?]+)(?=\s|$|[»)\"'])")
_BEFORE_WORD_END = re.compile(r"(\w)([;!?]+)(?=\s|$)")
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_QUOTES = re.compile(r"\"([^\"\n]+)\"")
# A URL stops before quotes and brackets, and leaves its final punctuation to the sentence.
_URL = re.compile(r"\b\w+://[^\s\"'«»<>()\[\]]*[^\s\"'«»<>()\[\].,;:!?]")


def french(text: str) -> str:
    """Plain text in, plain text out (escape it afterwards)."""
    if not text:
        return ""
    # URLs keep their colons and question marks untouched.
    urls = []

    def keep(match):
        urls.append(match.group(0))
        return f"\x00{len(urls) - 1}\x00"

    text = _URL.sub(keep, str(text))
    text = _QUOTES.sub(lambda m: f"«{m.group(1)}»", text)
    text = _BEFORE.sub(lambda m: NNBSP + m.group(1), text)
    text = _BEFORE_WORD_END.sub(lambda m: m.group(1) + NNBSP + m.group(2), text)
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: urls[int(m.group(1))], text)


def typo(value) -> str:
    """Template filter body: French typography on escaped text (safe to output)."""
    return mark_safe(conditional_escape(french(value)))  # noqa: S308 — escaped just before
