"""Search that forgives (config/search.py), on PostgreSQL: the `unaccent` and `pg_trgm`
extensions, an IMMUTABLE wrapper of unaccent() (so an index can use it), the `french_unaccent`
text-search configuration (accents removed, then the French stemmer), trigram indexes on the
titles and summaries for spelling suggestions, and every stored vector rebuilt in the new
configuration. Creating extensions needs a role allowed to (the database's owner on PostgreSQL
13+ for these two "trusted" extensions). Nothing happens on SQLite."""

from django.contrib.postgres.search import SearchVector
from django.db import migrations

FORWARDS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    """,
    """
    DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$
    """,
    "CREATE INDEX IF NOT EXISTS initiative_title_trigram ON initiatives_initiative "
    "USING gin (immutable_unaccent(LOWER(title)) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS initiative_summary_trigram ON initiatives_initiative "
    "USING gin (immutable_unaccent(LOWER(summary)) gin_trgm_ops)",
]
BACKWARDS = [
    "DROP INDEX IF EXISTS initiative_summary_trigram",
    "DROP INDEX IF EXISTS initiative_title_trigram",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
    "DROP FUNCTION IF EXISTS immutable_unaccent(text)",
]
# The fields and weights of initiatives.selectors.INITIATIVE_SEARCH_FIELDS when this was written.
FIELDS = [
    ("title", "A"),
    ("summary", "B"),
    ("commune", "B"),
    ("description", "C"),
    ("replicability", "D"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)
    vectors = [SearchVector(f, weight=w, config="french_unaccent") for f, w in FIELDS]
    combined = vectors[0]
    for vector in vectors[1:]:
        combined += vector
    apps.get_model("initiatives", "Initiative").objects.update(search_vector=combined)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0015_nearby_ring_indexes")]

    # Django's CreateExtension operations query pg_extension whatever the database: plain SQL
    # here, on PostgreSQL only. The extensions stay on the way back (other code may use them).
    operations = [migrations.RunPython(forwards, backwards)]
