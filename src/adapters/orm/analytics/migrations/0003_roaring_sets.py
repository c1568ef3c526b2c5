"""Day summaries' learner sets move from zlib-compressed plain bitmaps to Roaring bitmaps (ten times faster to read
back). Each stored set is converted in place; a summary is derived data, so nothing else changes."""

import re
import zlib

from django.db import migrations
from pyroaring import BitMap

SETS = ("learners", "night", "long", "deep", "completers", "joined")
NONZERO = re.compile(rb"[^\x00]")
BITS = [[b for b in range(8) if byte >> b & 1] for byte in range(256)]


def _roaring(blob: bytes) -> bytes:
    """A zlib-compressed little-endian bitmap (bit n = learner n) as a serialized Roaring bitmap."""
    raw = zlib.decompress(blob)
    members = BitMap(i * 8 + b for i in (m.start() for m in NONZERO.finditer(raw)) for b in BITS[raw[i]])
    members.run_optimize()
    return bytes(members.serialize())


def _zlib(blob: bytes) -> bytes:
    """Back: a serialized Roaring bitmap as the zlib-compressed plain bitmap."""
    members = BitMap.deserialize(blob)
    raw = bytearray(members.max() // 8 + 1 if members else 0)
    for i in members:
        raw[i >> 3] |= 1 << (i & 7)
    return zlib.compress(bytes(raw), 1)


def _convert(apps, legacy: bool) -> None:  # type: ignore[no-untyped-def]
    summary = apps.get_model("analytics", "DaySummary")
    ids = list(summary.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 200):
        rows = list(summary.objects.filter(pk__in=ids[start : start + 200]).only("pk", *SETS))
        for row in rows:
            for name in SETS:
                blob = bytes(getattr(row, name) or b"")
                if legacy and blob[:1] == b"\x78":
                    setattr(row, name, _roaring(blob))
                elif not legacy and blob[:1] in (b":", b";"):
                    setattr(row, name, _zlib(blob))
        summary.objects.bulk_update(rows, SETS)


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _convert(apps, legacy=True)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    _convert(apps, legacy=False)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_dirty_since")]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
