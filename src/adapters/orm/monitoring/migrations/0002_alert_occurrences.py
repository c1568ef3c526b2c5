"""An alert counts its firings instead of one row per firing: last_seen_at and occurrences, and the time of its
latest e-mail (emailed_at) in place of the emailed flag. Existing alerts keep one occurrence."""

from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    AlertRow = apps.get_model("monitoring", "AlertRow")
    AlertRow.objects.update(last_seen_at=F("created_at"))
    AlertRow.objects.filter(emailed=True).update(emailed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [
        migrations.AddField(model_name="alertrow", name="last_seen_at", field=models.DateTimeField(null=True)),
        migrations.AddField(model_name="alertrow", name="occurrences", field=models.PositiveIntegerField(default=1)),
        migrations.AddField(model_name="alertrow", name="emailed_at", field=models.DateTimeField(null=True)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(model_name="alertrow", name="last_seen_at", field=models.DateTimeField()),
        migrations.RemoveField(model_name="alertrow", name="emailed"),
    ]
