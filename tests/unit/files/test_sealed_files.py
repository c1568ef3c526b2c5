"""The sealed file format: round trips, wrong keys, tampering, truncation, reordering, rotation, plain files from
before, and memory that stays flat on a large stream."""

from __future__ import annotations

import os
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.sealed_files import (
    CHUNK,
    HEADER,
    STRIDE,
    FileKeys,
    SealedFileError,
    is_sealed,
    open_read,
    open_write,
    plain_size,
    stream,
)
from adapters.sealed_upkeep import rotate, rotate_all

OLD, NEW = FileKeys([b"o" * 32]), FileKeys([b"n" * 32, b"o" * 32])


def seal(path: Path, data: bytes, keys: FileKeys = OLD) -> Path:
    with open_write(path, keys) as out:
        out.write(data)
    return path


def read(path: Path, keys: FileKeys = OLD) -> bytes:
    return b"".join(stream(path, keys))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17])
def test_a_file_of_any_length_round_trips_and_its_bytes_on_disk_are_not_the_plaintext(
    tmp_path: Path, size: int
) -> None:
    data = (b"alice@example.com,Alice," * (size // 24 + 1))[:size]
    path = seal(tmp_path / "f", data)
    assert read(path) == data and plain_size(path) == size and is_sealed(path)
    if size:
        assert b"alice@example.com" not in path.read_bytes()


def test_a_reader_seeks_so_a_zip_opens_from_its_end(tmp_path: Path) -> None:
    with open_write(tmp_path / "z", OLD) as out, zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", os.urandom(3 * CHUNK))
        archive.writestr("b.txt", b"second member")
    with open_read(tmp_path / "z", OLD) as f, zipfile.ZipFile(f) as archive:
        assert archive.read("b.txt") == b"second member" and len(archive.read("a.txt")) == 3 * CHUNK


def test_a_key_not_held_cannot_open_the_file(tmp_path: Path) -> None:
    path = seal(tmp_path / "f", b"secret")
    with pytest.raises(SealedFileError, match="no longer holds"):
        read(path, FileKeys([b"x" * 32]))


def test_a_changed_byte_anywhere_is_refused(tmp_path: Path) -> None:
    path = seal(tmp_path / "f", os.urandom(2 * CHUNK + 5))
    for offset in (10, HEADER + 20, HEADER + STRIDE + 100, path.stat().st_size - 1):
        raw = bytearray(path.read_bytes())
        raw[offset] ^= 1
        broken = tmp_path / f"broken-{offset}"
        broken.write_bytes(bytes(raw))
        with pytest.raises(SealedFileError):
            read(broken)


def test_a_file_cut_short_is_refused_even_on_a_chunk_boundary(tmp_path: Path) -> None:
    raw = seal(tmp_path / "f", os.urandom(3 * CHUNK + 9)).read_bytes()
    for length in (HEADER + 2 * STRIDE, HEADER + STRIDE + 10, HEADER, len(raw) - 1):
        (tmp_path / "cut").write_bytes(raw[:length])
        with pytest.raises(SealedFileError):
            read(tmp_path / "cut")


def test_chunks_swapped_are_refused(tmp_path: Path) -> None:
    raw = seal(tmp_path / "f", os.urandom(3 * CHUNK)).read_bytes()
    first, second = raw[HEADER : HEADER + STRIDE], raw[HEADER + STRIDE : HEADER + 2 * STRIDE]
    (tmp_path / "swapped").write_bytes(raw[:HEADER] + second + first + raw[HEADER + 2 * STRIDE :])
    with pytest.raises(SealedFileError):
        read(tmp_path / "swapped")


def test_rotation_old_keys_open_new_files_use_the_newest_and_rewrapping_keeps_the_chunks(tmp_path: Path) -> None:
    data = os.urandom(CHUNK + 3)
    old = seal(tmp_path / "old", data, OLD)
    assert read(old, NEW) == data  # the old key still opens
    assert seal(tmp_path / "new", b"x", NEW).read_bytes()[5:13] == NEW.newest_id
    chunks = old.read_bytes()[HEADER:]
    assert rotate(old, NEW) == "rewrapped" and rotate(old, NEW) == "current"
    assert old.read_bytes()[HEADER:] == chunks and read(old, FileKeys([b"n" * 32])) == data
    with pytest.raises(SealedFileError):
        read(old, OLD)  # once the old key is dropped, only the newest opens it


def test_plain_files_from_before_are_read_as_they_are_and_sealed_by_the_rotation(tmp_path: Path) -> None:
    plain = tmp_path / "exports" / "1-abc.csv"
    plain.parent.mkdir()
    plain.write_bytes(b"email\nalice@example.com\n")
    os.utime(plain, (1_000_000, 1_000_000))
    assert not is_sealed(plain) and read(plain) == b"email\nalice@example.com\n"
    assert rotate_all([tmp_path], OLD) == {"current": 0, "rewrapped": 0, "sealed": 1, "failed": 0}
    assert is_sealed(plain) and read(plain) == b"email\nalice@example.com\n" and plain.stat().st_mtime == 1_000_000
    assert rotate_all([tmp_path, tmp_path / "absent"], OLD)["current"] == 1


def test_keys_must_be_32_bytes_and_settings_fall_back_to_a_derived_key() -> None:
    with pytest.raises(ValueError):
        FileKeys([b"short"])
    derived = FileKeys.from_settings([], "a secret key")
    assert derived.newest_id == FileKeys.from_settings([], "a secret key").newest_id
    assert FileKeys.from_settings(["ab" * 32, "cd" * 32], "x").newest_id == FileKeys([b"\xab" * 32]).newest_id


def lazy(megabytes: int) -> Iterator[bytes]:
    block = os.urandom(CHUNK)
    for _ in range(megabytes * 16):
        yield block


def test_a_200_mb_stream_seals_and_opens_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "big"
    tracemalloc.start()
    try:
        with open_write(path, OLD) as out:
            for block in lazy(200):
                out.write(block)
        sealing_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        total = sum(len(chunk) for chunk in stream(path, OLD))
        opening_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total == 200 * 1024 * 1024
    assert sealing_peak < 2 * 1024 * 1024 and opening_peak < 2 * 1024 * 1024, (sealing_peak, opening_peak)
