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


class Chooser(ListSelect, forms.SelectMultiple):
    """A searchable multiple choice: a plain <select multiple> (it works without JS, with the
    keyboard and a screen reader as any select does) that static/js/chooser.js turns into a
    Tom Select box. Its texts are written here, in the language of the request."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"size": 6, **(attrs or {})}, choices)

    def render(self, name, value, attrs=None, renderer=None):
        from django.templatetags.static import static
        from django.utils.translation import gettext

        chooser_attrs = {
            "multiple": True,
            "data-chooser": "",
            "data-chooser-js": static("vendor/tom-select/tom-select.complete.min.js"),
            "data-chooser-css": static("vendor/tom-select/tom-select.default.min.css"),
            "data-chooser-no-results": gettext("No match: try another spelling."),
            "data-chooser-placeholder": gettext("Type to search…"),
            "data-chooser-remove": gettext("Remove"),
        }
        return super().render(name, value, {**chooser_attrs, **(attrs or {})}, renderer)
