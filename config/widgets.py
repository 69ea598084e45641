"""Form widgets of the portal."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def _escaped(text) -> str:
    """`text` for HTML: as it is if it is already safe, else escaped (one standard-library call,
    where django.utils.html.escape adds its laziness checks for each option)."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


class ListSelect(forms.Select):
    """A single-choice <select> whose options are written in Python.

    Django renders a select through a template, looping over one dict per option; the filter
    forms list every landlord and partner (over a hundred options), which made that loop the
    largest part of the catalogue's and the directory's time. The HTML is the same as Django's
    (tests/config/test_widgets.py compares them); grouped choices fall back to Django's.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # not list(choices): a model iterator's len() counts
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = set(self.format_value(value))
        options = []
        for choice, label in choices:
            option_value = "" if choice is None else str(choice)
            selected = " selected" if option_value in wanted else ""
            wanted.discard(option_value)  # as Django: only the first match is selected
            options.append(
                f'\n  <option value="{_escaped(option_value)}"{selected}>{_escaped(label)}</option>'
            )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html(
            "<select{}>{}\n</select>",
            flatatt(final_attrs),
            mark_safe("".join(options)),  # noqa: S308 — every value and label escaped above
        )
