"""Forgiving search. Search keys are now folded (accents and case, domain.accounts.matching.fold): rows whose keys
hold anything but ASCII are folded again, on every database. On PostgreSQL: fuzzystrmatch for the typo bound, the
dictionary of words a typo can stand for (kept by statement triggers on profiles, so COPY and bulk writes fill it
too), and a GIN index on each profile's words."""

from django.db import migrations

from domain.accounts.matching import DICTIONARY_MIN
from domain.accounts.search import SearchKeys

WORDS = r"regexp_split_to_array(search_text, '\W+')"
ADD_WORDS = rf"""
CREATE OR REPLACE FUNCTION accounts_searchword_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO accounts_searchword (word)
    SELECT DISTINCT w FROM new_rows, regexp_split_to_table(new_rows.search_text, '\W+') AS w
    WHERE length(w) >= {DICTIONARY_MIN} AND w !~ '[^[:alpha:]]'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$
"""
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS fuzzystrmatch",
    "CREATE TABLE IF NOT EXISTS accounts_searchword (word text PRIMARY KEY)",
    ADD_WORDS,
    "CREATE TRIGGER accounts_searchword_insert AFTER INSERT ON accounts_userprofile "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_searchword_add()",
    "CREATE TRIGGER accounts_searchword_update AFTER UPDATE ON accounts_userprofile "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_searchword_add()",
    f"CREATE INDEX IF NOT EXISTS profile_search_words ON accounts_userprofile USING gin ({WORDS})",
]
DROP = [
    "DROP INDEX IF EXISTS profile_search_words",
    "DROP TRIGGER IF EXISTS accounts_searchword_update ON accounts_userprofile",
    "DROP TRIGGER IF EXISTS accounts_searchword_insert ON accounts_userprofile",
    "DROP FUNCTION IF EXISTS accounts_searchword_add()",
    "DROP TABLE IF EXISTS accounts_searchword",
]
FILL = rf"""
INSERT INTO accounts_searchword (word)
SELECT DISTINCT w FROM accounts_userprofile, regexp_split_to_table(search_text, '\W+') AS w
WHERE length(w) >= {DICTIONARY_MIN} AND w !~ '[^[:alpha:]]'
ON CONFLICT DO NOTHING
"""


def refold(apps, schema_editor):
    """Fold again the keys that folding can change: those with a character past ASCII."""
    profile = apps.get_model("accounts", "UserProfile")
    rows = profile.objects.select_related("user").only(
        "user_id", "search_text", "user__username", "user__email", "user__first_name", "user__last_name"
    )
    if schema_editor.connection.vendor == "postgresql":
        rows = rows.filter(search_text__regex=r"[^\x01-\x7f]")
    for p in rows.iterator(chunk_size=2000):
        u = p.user
        keys = SearchKeys.of(u.username, u.email or "", u.first_name or "", u.last_name or "")
        if not keys.text.isascii() or keys.text != p.search_text:
            profile.objects.filter(user_id=p.user_id).update(
                username_key=keys.username,
                email_key=keys.email,
                first_key=keys.first,
                last_key=keys.last,
                search_text=keys.text,
            )


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)
    refold(apps, schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_security_events_moved")]
    operations = [migrations.RunPython(create, drop)]
