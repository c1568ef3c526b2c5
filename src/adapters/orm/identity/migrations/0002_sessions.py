"""Bearer tokens and browser sessions become one kind of row with an idle timeout and an absolute lifetime.

Browser sessions tracked by the old UserSession table have no row of the new kind: they are ended here (those
browsers sign in again) rather than left working in the admin site without the new limits."""

from django.db import migrations, models
from django.db.models import F


def end_untracked_browser_sessions(apps, schema_editor):  # type: ignore[no-untyped-def]
    UserSession = apps.get_model("identity", "UserSession")
    Session = apps.get_model("sessions", "Session")
    keys = list(UserSession.objects.values_list("session_key", flat=True))
    for start in range(0, len(keys), 500):
        Session.objects.filter(session_key__in=keys[start : start + 500]).delete()


def last_used_is_creation(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("identity", "ApiToken").objects.update(last_used_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0001_initial"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.AddField("apitoken", "kind", models.CharField(default="bearer", max_length=8)),
        migrations.AddField("apitoken", "last_used_at", models.DateTimeField(null=True)),
        migrations.RunPython(last_used_is_creation, migrations.RunPython.noop),
        migrations.AlterField("apitoken", "last_used_at", models.DateTimeField()),
        migrations.AddField("apitoken", "ip", models.CharField(blank=True, default="", max_length=45)),
        migrations.AddField("apitoken", "user_agent", models.CharField(blank=True, default="", max_length=512)),
        migrations.AddField("apitoken", "session_key", models.CharField(blank=True, default="", max_length=40)),
        migrations.AddIndex("apitoken", models.Index(fields=["expires_at"], name="apitoken_expires")),
        migrations.RunPython(end_untracked_browser_sessions, migrations.RunPython.noop),
        migrations.DeleteModel("UserSession"),
    ]
