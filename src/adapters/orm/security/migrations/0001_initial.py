"""The security module takes over accounts' UserSecurityEvent: the same table, now in this app's state (no data
moves; 0002 renames the table and adds the columns the security module needs)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("accounts", "0003_security_severities"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="UserSecurityEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("event_type", models.CharField(max_length=100)),
                        (
                            "severity",
                            models.CharField(
                                choices=[("low", "low"), ("medium", "medium"), ("high", "high"), ("critical", "critical")],
                                max_length=20,
                            ),
                        ),
                        ("description", models.TextField(blank=True)),
                        ("ip_address", models.GenericIPAddressField(blank=True, null=True)),
                        ("user_agent", models.TextField(blank=True)),
                        ("additional_data", models.JSONField(default=dict)),
                        ("timestamp", models.DateTimeField()),
                        ("resolved", models.BooleanField(default=False)),
                        (
                            "user",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="security_events",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "accounts_usersecurityevent",
                        "indexes": [models.Index(fields=["user", "timestamp"], name="security_user_time")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
