"""The journey funnel becomes a rollup per signup day: every signup day starts stale, so the every-minute refresh
task (or the first read of a range) tallies it from the journeys."""

from datetime import UTC, datetime

from django.conf import settings
from django.db import migrations, models

from domain.analytics.days import Calendar


def stale_signup_days(apps, schema_editor):  # type: ignore[no-untyped-def]
    profile, stale = apps.get_model("accounts", "UserProfile"), apps.get_model("analytics", "StaleFunnel")
    cal = Calendar(settings.ANALYTICS_TIMEZONE)
    days = {cal.day(j) for j in profile.objects.values_list("date_joined", flat=True).iterator(chunk_size=20_000)}
    long_ago = datetime(2000, 1, 1, tzinfo=UTC)  # stale for long: a read tallies its range itself if the task has not
    stale.objects.bulk_create([stale(day=d, version=1, since=long_ago) for d in sorted(days)], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('analytics', '0003_roaring_sets'),
        ('accounts', '0004_security_events_moved'),
    ]

    operations = [
        migrations.CreateModel(
            name='StaleFunnel',
            fields=[
                ('day', models.DateField(primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=1)),
                ('since', models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='FunnelDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('course', models.CharField(blank=True, max_length=50)),
                ('counts', models.JSONField(default=list)),
                ('gaps', models.BinaryField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('course', 'day'), name='funnelday_once')],
            },
        ),
        migrations.RunPython(stale_signup_days, migrations.RunPython.noop, elidable=True),
    ]
