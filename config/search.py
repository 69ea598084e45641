"""One search for the catalogue, the directory, the organisations, the toolbox and the API: it
forgives accents, case, plurals and half-typed words, the way people type.

PostgreSQL (production): French full-text search in the `french_unaccent` configuration (the
`unaccent` dictionary before the French stemmer, made by initiatives' migration 0016): "sénior"
and "senior", "potager" and "potagers" meet. Every word must match; the last one also as a prefix,
for a query typed halfway ("foot" finds "football"). Initiatives search their stored, indexed
vector (title A, summary and commune B, description C, replicability notes D) and rank by it;
the other lists are small and build their vector on the fly. When a search finds nothing,
`suggestion` proposes the closest spelling found by trigram similarity (`pg_trgm`) in titles.

SQLite (development): every word, folded (case and accents removed) and stripped of a plural -s
or -x, must appear somewhere in the fields — the same results for accents, case, plurals and
prefixes, but it matches inside words too ("art" finds "quartier"), ranks nothing and suggests
nothing.
"""

import difflib
import re
import unicodedata

from django.db import connection, transaction
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Concat, Lower

CONFIG = "french_unaccent"
WORD = re.compile(r"\w+")
# A word shorter than this is not corrected (too many near neighbours).
SUGGEST_MIN_LENGTH = 4


def fold(text: str) -> str:
    """Lower case without accents: "Épicerie" → "epicerie" (œ and æ spelled out)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.replace("œ", "oe").replace("æ", "ae")


def words(text: str) -> list[str]:
    """The words of a query, punctuation and operators dropped: "l'été, jardins!" → l, été,
    jardins. Only these reach the database, so a query cannot inject tsquery syntax."""
    return WORD.findall(text or "")


def singular(word: str) -> str:
    """The folded word without a French plural -s or -x (long words only: "bus" stays)."""
    word = fold(word)
    if len(word) > 3 and word[-1] in "sx":
        return word[:-1]
    return word


def search(
    queryset: QuerySet,
    text: str,
    *,
    fields: list[tuple[str, str]],
    vector: str | None = None,
    extra=None,
) -> QuerySet:
    """`queryset` narrowed to what matches `text`, annotated with `rank` on PostgreSQL.
    `fields` are (field, weight A–D) pairs; `vector` names a stored search vector to use instead
    of building one; `extra(text)` may return a Q that also counts as a match (the directory's
    skills)."""
    if not (text or "").strip():
        return queryset
    terms = words(text)
    if not terms:
        return queryset.none()  # "%", "«»": typed, but nothing a word could match
    if connection.vendor == "postgresql":
        return _postgresql(queryset, terms, fields=fields, vector=vector, extra=extra, text=text)
    return _sqlite(queryset, terms, fields=fields, extra=extra, text=text)


def tsquery(terms: list[str]):
    """Every word (stemmed, accents removed); the last one as a prefix too."""
    from django.contrib.postgres.search import SearchQuery

    *complete, last = terms
    query = SearchQuery(f"{last}:*", config=CONFIG, search_type="raw")
    for term in complete:
        query &= SearchQuery(term, config=CONFIG, search_type="plain")
    return query


def weighted_vector(fields: list[tuple[str, str]]):
    """The search vector of `fields` (PostgreSQL), to store or to build on the fly."""
    from django.contrib.postgres.search import SearchVector

    vectors = [SearchVector(field, weight=weight, config=CONFIG) for field, weight in fields]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined += vector
    return combined


def stored_vector(model, fields: list[tuple[str, str]]):
    """`weighted_vector` for `.update(search_vector=…)`: an UPDATE cannot read a related
    field ("commune__name") itself, a subquery on the same row can."""
    return Subquery(
        model._base_manager.filter(pk=OuterRef("pk"))
        .annotate(_vector=weighted_vector(fields))
        .values("_vector")[:1]
    )


def _postgresql(queryset, terms, *, fields, vector, extra, text):
    from django.contrib.postgres.search import SearchRank

    query = tsquery(terms)
    if vector is None:
        queryset = queryset.alias(_vector=weighted_vector(fields))
        vector = "_vector"
    match = Q(**{vector: query})
    if extra is not None:
        match |= extra(text)
    return queryset.filter(match).annotate(rank=SearchRank(F(vector), query))


def _sqlite(queryset, terms, *, fields, extra, text):
    haystack = []
    for field, _weight in fields:
        haystack += [Func(field, Value(""), function="IFNULL"), Value(" ")]
    queryset = queryset.alias(_folded=Fold(Concat(*haystack, output_field=TextField())))
    match = Q()
    for term in terms:
        match &= Q(_folded__contains=singular(term))
    if extra is not None:
        match |= extra(text)
    return queryset.filter(match)


class Fold(Func):
    """`fold` above, on SQLite connections (`register_fold`, connected by InitiativesConfig)."""

    function = "FOLD"
    output_field = TextField()


def register_fold(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "FOLD", 1, lambda text: fold(text) if text else text, deterministic=True
        )


def suggestion(
    queryset: QuerySet,
    text: str,
    *,
    fields: list[tuple[str, str]],
    vector: str | None = None,
    titles: list[str],
) -> str:
    """A spelling of `text` likelier to find something (PostgreSQL): each word of four letters
    or more that finds nothing alone is replaced by the nearest word of a title (or of the other
    `titles` fields, in order) by trigram word similarity — "jardn" → "jardin". "" when nothing
    better is known, and always on SQLite. `fields` and `vector` are those of `search`."""
    if connection.vendor != "postgresql":
        return ""
    terms = words(text)
    corrected = []
    for term in terms:
        better = term
        alone = search(queryset, term, fields=fields, vector=vector)
        if len(term) >= SUGGEST_MIN_LENGTH and not alone.exists():
            better = _nearest(queryset, term, titles) or term
        corrected.append(better)
    proposal = " ".join(corrected)
    return proposal if fold(proposal) != fold(" ".join(terms)) else ""


def _nearest(queryset, term: str, titles: list[str]) -> str:
    """The word of a title (then of the other `titles` fields) most like `term`, or "". The
    trigram index answers `title %> term`; its threshold is lowered from 0.6 to 0.5 for this
    transaction, so that one letter missing from a seven-letter word is still forgiven."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)", ["0.5"])
        for field in titles:
            spelling = Unaccent(Lower(field))
            found = (
                queryset.alias(_spelling=spelling)
                .filter(_spelling__trigram_word_similar=fold(term))
                .annotate(_likeness=TrigramWordSimilarity(Value(fold(term)), spelling))
                .order_by("-_likeness", "pk")
                .values_list(field, flat=True)
                .first()
            )
            if found:
                word = _nearest_word(term, found)
                return word.lower() if term.islower() else word
    return ""


def _nearest_word(term: str, text: str) -> str:
    """The word of `text` that looks most like `term` (as written in `text`, accents kept)."""
    candidates = words(text)
    return max(
        candidates, key=lambda word: difflib.SequenceMatcher(None, fold(term), fold(word)).ratio()
    )


class Unaccent(Func):
    """`immutable_unaccent` (initiatives' migration 0016): unaccent() marked IMMUTABLE so that a
    trigram index can be built on it."""

    function = "immutable_unaccent"
    output_field = TextField()
