"""Default teams and category routes (editable in /admin/), and on PostgreSQL a trigram index for
the queue's text search on titles."""

from django.db import migrations

TEAMS = {"general": "General support", "technical": "Technical support", "billing": "Billing", "content": "Course content"}
ROUTES = {
    "technical": "technical", "bug": "technical", "billing": "billing", "account": "general",
    "course_content": "content", "feature_request": "general", "other": "general",
}


def create(apps, schema_editor):
    Team = apps.get_model("support", "Team")
    Route = apps.get_model("support", "CategoryRoute")
    teams = {code: Team.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in TEAMS.items()}
    for category, team in ROUTES.items():
        Route.objects.get_or_create(category=category, defaults={"team": teams[team]})
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS ticket_title_trgm ON support_supportticket USING gin (upper(title) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS ticket_title_trgm")


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
