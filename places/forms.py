"""The commune field: a text box with suggestions, resolved on the server to one commune."""

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from places import dataset, lookup
from places.models import Commune
from places.selectors import commune_of


class CommuneInput(forms.TextInput):
    """A plain text box (it works without JS: the server finds the commune typed) that
    static/js/communes.js gives suggestions while typing, in a native <datalist>."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "autocomplete": "off",
                "spellcheck": "false",
                "data-commune-suggest": reverse_lazy("places:suggest"),
                **(attrs or {}),
            }
        )

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or self.attrs.get('id') or name}-list"
        attrs["list"] = list_id
        html = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class CommuneField(forms.Field):
    widget = CommuneInput
    default_error_messages = {
        "unknown": _(
            "No commune of Provence-Alpes-Côte d’Azur, Corse or Occitanie is called “%(text)s”. "
            "Check the spelling, or type its postal code."
        ),
        "several": _(
            "Several communes are called “%(text)s”: %(choices)s. "
            "Type the département in brackets, as in “%(example)s”."
        ),
    }

    def __init__(self, **kwargs):
        # What a ModelForm passes for a ForeignKey: the choices come from places/lookup.py.
        for unused in ("queryset", "to_field_name", "limit_choices_to", "blank"):
            kwargs.pop(unused, None)
        if not kwargs.get("help_text"):
            kwargs["help_text"] = _(
                "Its name, as in “Toulouse” or “Saint-Martin (32)”, or its postal code."
            )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, str) and value in dataset.communes():
            return lookup.label(dataset.communes()[value])
        return value

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        found = lookup.matches(text)
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"text": text}
            )
        if len(found) > 1:
            choices = ", ".join(lookup.label(row) for row in found[:6]) + (
                "…" if len(found) > 6 else ""
            )
            raise forms.ValidationError(
                self.error_messages["several"],
                code="several",
                params={"text": text, "choices": choices, "example": lookup.label(found[0])},
            )
        return commune_of(found[0])

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "").strip()
