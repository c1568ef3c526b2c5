"""PostgreSQL-only search indexes: trigram GIN for fragments, pattern btrees for short prefixes.
SQLite takes the simpler path and gets none of these."""

from django.db import migrations

INDEXES = {
    "profile_search_trgm": "USING gin (search_text gin_trgm_ops)",
    "profile_username_prefix": "(username_key varchar_pattern_ops)",
    "profile_email_prefix": "(email_key varchar_pattern_ops)",
    "profile_first_prefix": "(first_key varchar_pattern_ops)",
    "profile_last_prefix": "(last_key varchar_pattern_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, body in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON accounts_userprofile {body}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
