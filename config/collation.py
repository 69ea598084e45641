"""Sorting names as French readers expect: accents and case do not count first, so "Économies
d'énergie" sorts among the E's and "Côte d'Azur Habitat" among the C's.

One collation name, "fr", on both databases: on PostgreSQL an ICU collation created by
landlords' migration 0009; on SQLite a Python collation registered on each new connection
(below, connected in LandlordsConfig.ready). Orderings write `french("name")`.
"""

import unicodedata

from django.db.models import Expression, F
from django.db.models.functions import Collate

FRENCH = "fr"


def french(field: str | Expression) -> Collate:
    return Collate(F(field) if isinstance(field, str) else field, FRENCH)


def sort_key(text: str) -> tuple[str, str]:
    """Letters without their accents, case folded; then the text itself, to break ties."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    return letters.casefold(), text


def compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_french_collation(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(FRENCH, compare)
