"""The PasswordBlocklist port: Django's list (gzip) and a replacement file (PASSWORD_BLOCKLIST_FILE, plain text)
answer alike: entries NFKC-normalised and case-folded, read once."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from adapters.passwords import FileBlocklist
from domain.identity.ports import PasswordBlocklist


@pytest.fixture(params=["plain", "gzip"])
def listed(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[PasswordBlocklist, Path]:
    text = "\uff30assword1\nletmein\n\n  correcthorse  \nLETMEIN\n".encode()  # a full-width P, a blank, a duplicate
    path = tmp_path / ("list.txt.gz" if request.param == "gzip" else "list.txt")
    path.write_bytes(gzip.compress(text) if request.param == "gzip" else text)
    return FileBlocklist(path), path


def test_entries_are_normalised_folded_and_counted_once(listed: tuple[PasswordBlocklist, Path]) -> None:
    blocklist, _ = listed
    assert blocklist.contains("password1") and blocklist.contains("letmein") and blocklist.contains("correcthorse")
    assert not blocklist.contains("a long passphrase nobody lists")
    assert blocklist.size() == 3


def test_the_file_is_read_once(listed: tuple[PasswordBlocklist, Path]) -> None:
    blocklist, path = listed
    assert blocklist.contains("letmein")
    path.unlink()
    assert blocklist.contains("letmein") and blocklist.size() == 3


def test_djangos_list_is_the_default() -> None:
    default = FileBlocklist()
    assert default.size() > 19_000
    assert default.contains("password") and default.contains("123456")
    assert not default.contains("a long passphrase nobody lists")
