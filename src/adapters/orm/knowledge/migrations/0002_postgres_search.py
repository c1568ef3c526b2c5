"""PostgreSQL-only full-text search: a trigger that keeps `search_vector` (title A, tags B, body C)
up to date on every insert and on every update of the text, and its GIN index. SQLite gets none of
this: its column stays empty and it searches the simple way."""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION knowledge_article_search_vector() RETURNS trigger AS $$
BEGIN
    NEW.search_vector :=
        setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A')
        || setweight(to_tsvector('english', coalesce(
               (SELECT string_agg(tag, ' ') FROM jsonb_array_elements_text(
                   CASE WHEN jsonb_typeof(NEW.tags) = 'array' THEN NEW.tags ELSE '[]'::jsonb END) AS tag),
               '')), 'B')
        || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
    RETURN NEW;
END
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER knowledge_article_search_vector
BEFORE INSERT OR UPDATE OF title, tags, body ON knowledge_article
FOR EACH ROW EXECUTE FUNCTION knowledge_article_search_vector()
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(TRIGGER)
    schema_editor.execute("UPDATE knowledge_article SET title = title")  # fill rows that exist already
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS kb_search_vector ON knowledge_article USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS kb_search_vector")
    schema_editor.execute("DROP TRIGGER IF EXISTS knowledge_article_search_vector ON knowledge_article")
    schema_editor.execute("DROP FUNCTION IF EXISTS knowledge_article_search_vector()")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
