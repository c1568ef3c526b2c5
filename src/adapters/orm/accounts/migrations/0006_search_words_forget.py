"""The typo dictionary forgets a word when no profile holds it any more (a name changed, an account erased or
deleted): it must not keep an erased person's name. Statement triggers on PostgreSQL, like the ones that fill it;
the words GIN index answers "does anyone still hold this word"."""

from django.db import migrations

STILL_HELD = r"""EXISTS (SELECT 1 FROM accounts_userprofile p
    WHERE regexp_split_to_array(p.search_text, '\W+') @> ARRAY[s.word])"""
FORGET = rf"""
CREATE OR REPLACE FUNCTION accounts_searchword_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        DELETE FROM accounts_searchword s
        WHERE s.word IN (
            SELECT regexp_split_to_table(o.search_text, '\W+') FROM old_rows o JOIN new_rows n USING (user_id)
            WHERE o.search_text IS DISTINCT FROM n.search_text)
        AND NOT {STILL_HELD};
    ELSE
        DELETE FROM accounts_searchword s
        WHERE s.word IN (SELECT regexp_split_to_table(o.search_text, '\W+') FROM old_rows o)
        AND NOT {STILL_HELD};
    END IF;
    RETURN NULL;
END $$
"""
CREATE = [
    FORGET,
    "CREATE TRIGGER accounts_searchword_forget_update AFTER UPDATE ON accounts_userprofile "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION accounts_searchword_forget()",
    "CREATE TRIGGER accounts_searchword_forget_delete AFTER DELETE ON accounts_userprofile "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION accounts_searchword_forget()",
    f"DELETE FROM accounts_searchword s WHERE NOT {STILL_HELD}",  # what earlier changes left behind
]
DROP = [
    "DROP TRIGGER IF EXISTS accounts_searchword_forget_delete ON accounts_userprofile",
    "DROP TRIGGER IF EXISTS accounts_searchword_forget_update ON accounts_userprofile",
    "DROP FUNCTION IF EXISTS accounts_searchword_forget()",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in CREATE:
            schema_editor.execute(sql)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_forgiving_search")]
    operations = [migrations.RunPython(create, drop)]
