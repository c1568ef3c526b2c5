"""UserSecurityEvent now belongs to the security app (its 0001 takes the table over as it is): gone from this app's
state only, nothing happens to the table here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_security_severities"),
        ("security", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="UserSecurityEvent")],
            database_operations=[],
        ),
    ]
