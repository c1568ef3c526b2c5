"""The process's file keys (from settings) and the upkeep of sealed files: rotation to the newest key, and the
sealing of plain files stored before encryption was turned on (both by `manage.py rotate_file_keys`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from adapters.sealed_files import HEADER, MAGIC, FileKeys, SealedFileError, open_write, stream


@cache
def _keys(configured: tuple[str, ...], secret_key: str) -> FileKeys:
    return FileKeys.from_settings(configured, secret_key)


def settings_keys() -> FileKeys:
    """FILES_ENCRYPTION_KEYS (newest first), else a development key derived from SECRET_KEY."""
    from django.conf import settings

    return _keys(tuple(settings.FILES_ENCRYPTION_KEYS), settings.SECRET_KEY)


def rotate(path: Path, keys: FileKeys) -> str:
    """Bring one file to the newest key: "current" (nothing to do), "rewrapped" (its data key re-wrapped in place,
    73 bytes written) or "sealed" (a plain file from before, now sealed; its modification time, which expiry reads,
    is kept)."""
    with path.open("rb") as f:
        header = f.read(HEADER)
    if not header.startswith(MAGIC):
        stat, partial = path.stat(), path.with_name(path.name + ".sealing")
        with open_write(partial, keys) as out:
            for chunk in stream(path, keys):
                out.write(chunk)
        os.utime(partial, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        os.replace(partial, path)
        return "sealed"
    if header[5:13] == keys.newest_id:
        return "current"
    data_key = keys.data_key(header)  # raises SealedFileError under a key no longer held
    with path.open("r+b") as f:
        f.write(keys.wrap(data_key))
    return "rewrapped"


def rotate_all(roots: Iterable[Path], keys: FileKeys) -> dict[str, int]:
    """Every file under the roots (recursively; half-written ones left alone): how many of each outcome, "failed"
    counting files that do not open under any key held."""
    counts = {"current": 0, "rewrapped": 0, "sealed": 0, "failed": 0}
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.name.endswith((".partial", ".sealing"))):
            try:
                counts[rotate(path, keys)] += 1
            except SealedFileError:
                counts["failed"] += 1
    return counts
