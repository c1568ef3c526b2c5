"""Audit entries get a keyed MAC when written and a place in the chain from the sealer; the global chain-head lock
that every request took is gone. Existing entries (chained with plain SHA-256, which anyone could rebuild) are
MAC'd under the configured key and left for the sealer to chain again, in id order."""

import secrets

from django.conf import settings
from django.db import migrations, models


def reseal_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from domain.audit.model import AuditRecord, Keyring, entry_message

    keyring = Keyring(settings.AUDIT_CHAIN_KEY_ID, settings.AUDIT_CHAIN_KEYS)
    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditChainHead")
    batch = []
    for row in Entry.objects.order_by("id").iterator(chunk_size=2000):
        record = AuditRecord(
            actor_id=row.actor_id, action=row.action, target_type=row.target_type, target_id=row.target_id,
            at=row.at, impersonator_id=row.impersonator_id, ip=row.ip, user_agent=row.user_agent,
            request_id=row.request_id, details=row.details,
        )
        row.key_id, row.nonce = keyring.current_id, secrets.token_hex(8)
        row.mac = keyring.mac(row.key_id, entry_message(record, row.nonce))
        row.chain_seq, row.prev_hash, row.hash = None, "", ""
        batch.append(row)
        if len(batch) == 2000:
            Entry.objects.bulk_update(batch, ["key_id", "nonce", "mac", "chain_seq", "prev_hash", "hash"])
            batch = []
    if batch:
        Entry.objects.bulk_update(batch, ["key_id", "nonce", "mac", "chain_seq", "prev_hash", "hash"])
    Head.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RenameField("auditchainhead", "last_hash", "hash"),
        migrations.AddField("auditchainhead", "chain_seq", models.BigIntegerField(default=0)),
        migrations.AddField("auditchainhead", "key_id", models.CharField(blank=True, max_length=32)),
        migrations.AddField("auditchainhead", "mac", models.CharField(blank=True, max_length=64)),
        migrations.AddField("auditchainhead", "at", models.DateTimeField(blank=True, null=True)),
        migrations.AddField("auditentry", "key_id", models.CharField(default="", max_length=32), preserve_default=False),
        migrations.AddField("auditentry", "nonce", models.CharField(default="", max_length=32), preserve_default=False),
        migrations.AddField("auditentry", "mac", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("auditentry", "chain_seq", models.BigIntegerField(blank=True, null=True)),
        migrations.AddField("auditentry", "refused", models.BooleanField(default=False)),
        migrations.AlterField("auditentry", "prev_hash", models.CharField(blank=True, max_length=64)),
        migrations.AlterField("auditentry", "hash", models.CharField(blank=True, max_length=64)),
        migrations.RunPython(reseal_existing, migrations.RunPython.noop),
        migrations.AlterField("auditentry", "chain_seq", models.BigIntegerField(blank=True, null=True, unique=True)),
        migrations.AddIndex(
            "auditentry",
            models.Index(condition=models.Q(chain_seq__isnull=True), fields=["id"], name="audit_unsealed"),
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("chain_seq", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
                ("key_id", models.CharField(max_length=32)),
                ("mac", models.CharField(max_length=64)),
                ("at", models.DateTimeField()),
            ],
        ),
    ]
