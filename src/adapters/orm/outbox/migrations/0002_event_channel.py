"""Events get one outbox row per channel, kept for the replay window: the rows django-eventstream replays after
a Last-Event-ID. Undelivered events written by the old code (one row listing its channels) are split; delivered
ones are history and go."""

from django.db import migrations, models


def split_events(apps, schema_editor):  # type: ignore[no-untyped-def]
    Message = apps.get_model("outbox", "OutboxMessage")
    old = Message.objects.filter(kind="event", channel="")
    old.filter(delivered_at__isnull=False).delete()
    for row in old.iterator(chunk_size=500):
        payload = row.payload
        for channel in payload.get("channels", []):
            Message.objects.create(
                kind="event", channel=channel, payload={"type": payload["type"], "data": payload["data"]},
                request_id=row.request_id, created_at=row.created_at, available_at=row.available_at,
                attempts=row.attempts, last_error=row.last_error, failed_at=row.failed_at,
            )
        row.delete()


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]

    operations = [
        migrations.AddField("outboxmessage", "channel", models.CharField(blank=True, max_length=100)),
        migrations.RunPython(split_events, migrations.RunPython.noop),
        migrations.AddIndex(
            "outboxmessage",
            models.Index(condition=models.Q(kind="event"), fields=["channel", "id"], name="outbox_channel"),
        ),
    ]
