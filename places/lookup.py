"""Finding a commune from what a person types: "Toulouse", "toulouse (31)", "31555" (INSEE),
"31000" (postal code), "Saint Martin d'Heres" for "Saint-Martin-d'Hères". One place for the form
field, the suggestions while typing and the migration of the old free-text communes."""

import functools
import re

from config.search import fold
from places import dataset

_IN_BRACKETS = re.compile(r"^(?P<name>.*?)\s*\(\s*(?P<where>[0-9]{2}|2[ABab]|[0-9]{5})\s*\)\s*$")


@functools.cache
def _by_name() -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = {}
    for row in dataset.communes().values():
        index.setdefault(_key(row["name"]), []).append(row)
    return index


@functools.cache
def _by_postal_code() -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = {}
    for row in dataset.communes().values():
        for postal_code in row["postal_codes"]:
            index.setdefault(postal_code, []).append(row)
    return index


def _key(name: str) -> str:
    """Case, accents, hyphens, apostrophes and "St"/"Ste" for "Saint"/"Sainte" do not count."""
    words = fold(name).replace("'", " ").replace("’", " ").replace("-", " ").split()
    spelled = {"st": "saint", "ste": "sainte"}
    return " ".join(spelled.get(word, word) for word in words)


def matches(text: str, departement: str = "") -> list[dict]:
    """The communes `text` names exactly (several when a name repeats), in one département when
    `departement` (a code) is given or written in brackets after the name."""
    text = (text or "").strip()
    if not text:
        return []
    rows = dataset.communes()
    if text.isdigit() and len(text) == 5:  # an INSEE code, or a postal code (13003 is both)
        by_code = [rows[text]] if text in rows else []
        return by_code + [row for row in _by_postal_code().get(text, []) if row not in by_code]
    bracketed = _IN_BRACKETS.match(text)
    if bracketed:
        text, where = bracketed["name"], bracketed["where"].upper()
        if len(where) == 5:
            return [row for row in _by_name().get(_key(text), []) if where in row["postal_codes"]]
        departement = where
    found = _by_name().get(_key(text), [])
    if departement:
        found = [row for row in found if row["departement"] == departement.strip().upper()]
    return found


def containing(text: str) -> list[dict]:
    """Every commune with a word of its name starting with what is typed ("saint-g")."""
    key = _key(text or "")
    if not key:
        return []
    return [row for name, rows in _by_name().items() if f" {key}" in f" {name}" for row in rows]


def suggestions(text: str, limit: int = 12) -> list[dict]:
    """Communes whose name starts with what is typed (then contains it), largest first."""
    key = _key(text or "")
    if len(key) < 2:
        return []
    exact = matches(text)
    others = [row for row in containing(text) if row not in exact]
    others.sort(key=lambda row: (not _key(row["name"]).startswith(key), -row["population"]))
    ranked = exact + others
    return ranked[:limit]


def label(row: dict) -> str:
    return f"{row['name']} ({row['departement']})"
