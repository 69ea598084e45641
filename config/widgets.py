"""Form widgets of the portal."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


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
            selected = option_value in wanted
            wanted.discard(option_value)  # as Django: only the first match is selected
            options.append((option_value, " selected" if selected else "", label))
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html(
            "<select{}>{}\n</select>",
            flatatt(final_attrs),
            format_html_join("", '\n  <option value="{}"{}>{}</option>', options),
        )
