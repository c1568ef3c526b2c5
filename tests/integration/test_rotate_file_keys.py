"""`manage.py rotate_file_keys`: after a new key is put first, every file is brought to it (old sealed files
re-wrapped, plain ones sealed) and still reads the same; then the old key can be dropped."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from adapters.sealed_files import FileKeys, is_sealed, open_write, stream
from adapters.sealed_upkeep import settings_keys

OLD, NEW = "0a" * 32, "0b" * 32


def run() -> str:
    out = StringIO()
    call_command("rotate_file_keys", stdout=out)
    return out.getvalue()


def test_rotation_rewraps_old_files_seals_plain_ones_and_lets_the_old_key_go(settings: object, tmp_path: Path) -> None:
    bulk, privacy = tmp_path / "bulk", tmp_path / "privacy"
    settings.BULK_FILES_DIR, settings.PRIVACY_FILES_DIR = bulk, privacy  # type: ignore[attr-defined]
    settings.FILES_ENCRYPTION_KEYS = [OLD]  # type: ignore[attr-defined]
    (bulk / "exports").mkdir(parents=True)
    privacy.mkdir()
    with open_write(bulk / "exports" / "1-abc.csv", settings_keys()) as out:
        out.write(b"email\nana@example.com\n")
    (privacy / "privacy-1-old.zip").write_bytes(b"PK plain from before")
    settings.FILES_ENCRYPTION_KEYS = [NEW, OLD]  # type: ignore[attr-defined]
    assert "1 re-wrapped, 1 sealed (were plain), 0 already current, 0 unreadable" in run()
    assert "0 re-wrapped, 0 sealed (were plain), 2 already current" in run()
    newest_only = FileKeys.from_settings([NEW], "")
    assert is_sealed(privacy / "privacy-1-old.zip")
    assert b"".join(stream(bulk / "exports" / "1-abc.csv", newest_only)) == b"email\nana@example.com\n"
    assert b"".join(stream(privacy / "privacy-1-old.zip", newest_only)) == b"PK plain from before"
    settings.FILES_ENCRYPTION_KEYS = ["0c" * 32]  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="open under no key"):
        run()
