"""French full-text search: a GIN index on the search vector, on PostgreSQL only (SQLite searches
with a plain fallback and has no such index)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS initiative_search_gin "
    "ON initiatives_initiative USING gin (search_vector)"
)
DROP = "DROP INDEX IF EXISTS initiative_search_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
