"""The départements of the club's regions (PACA, Corse, Occitanie), for the filters' choices.

Names are proper names: not translated. Ordered by name as a person looks for one; the value
is the code the records hold, so `?departement=31` addresses stay what they were."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ChoiceField

from config.widgets import ListSelect

DEPARTEMENTS = [
    ("04", "Alpes-de-Haute-Provence"),
    ("06", "Alpes-Maritimes"),
    ("09", "Ariège"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("2A", "Corse-du-Sud"),
    ("30", "Gard"),
    ("32", "Gers"),
    ("2B", "Haute-Corse"),
    ("31", "Haute-Garonne"),
    ("05", "Hautes-Alpes"),
    ("65", "Hautes-Pyrénées"),
    ("34", "Hérault"),
    ("46", "Lot"),
    ("48", "Lozère"),
    ("66", "Pyrénées-Orientales"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
]

DEPARTEMENT_CHOICES = [(code, f"{name} ({code})") for code, name in DEPARTEMENTS]


def normalised_code(value):
    """A code as the records hold it: "2a" and " 2A" are "2A" (Corse-du-Sud)."""
    return value.strip().upper() if isinstance(value, str) else value


class DepartementField(ChoiceField):
    """A code as typed in an old address: "2a" is Corse-du-Sud too, filtered and shown selected
    as such (the select is drawn from the value typed, hence prepare_value too)."""

    def to_python(self, value):
        return normalised_code(super().to_python(value))

    def prepare_value(self, value):
        return normalised_code(super().prepare_value(value))


class DepartementFilter(django_filters.ChoiceFilter):
    field_class = DepartementField

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Département"))
        kwargs.setdefault("empty_label", _("All départements"))
        kwargs.setdefault("widget", ListSelect)
        kwargs.setdefault("lookup_expr", "iexact")
        super().__init__(choices=DEPARTEMENT_CHOICES, **kwargs)
