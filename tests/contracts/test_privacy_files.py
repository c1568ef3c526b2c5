"""The privacy module's file and replay ports: ExportFiles with its ZipSink, and Recordings, as the harness wires them
(in-memory stores) and as bootstrap wires them (Django on SQLite, and PostgreSQL in its pass).

ExportFiles has one implementation, the local disk under PRIVACY_FILES_DIR (the harness uses it too, on a temporary
directory): its suite runs it as each container wires it. Recordings is the monitoring module's store: the in-memory
one and the Django telemetry store."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.monitoring.model import Session
from domain.monitoring.ports import TelemetryStore
from domain.monitoring.records import ReplayRow
from domain.privacy.ports import ExportFiles, Recordings

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@dataclass
class Wired:
    files: ExportFiles  # as the container's privacy module holds it
    root: Path  # the directory the files live in (PRIVACY_FILES_DIR for the real wiring)
    again: Callable[[], ExportFiles]  # another process's ExportFiles over the same directory
    recordings: Recordings  # as the container's privacy module holds it
    telemetry: TelemetryStore  # the monitoring store the replays are written through
    owner: object = None  # the harness, kept while the test runs: it removes its files' folder when it goes


def memory_wired() -> Wired:
    from adapters.privacy_files import LocalPrivacyFiles
    from entrypoints.harness import build_test_container

    c = build_test_container()
    assert c.privacy_files is not None and c.privacy.jobs.files is c.privacy.requests.files is c.privacy_files
    monitor = c.privacy.jobs.recordings
    assert monitor is c.privacy.consents.recordings
    root = c.privacy_files.root
    return Wired(c.privacy_files, root, lambda: LocalPrivacyFiles(root), monitor, monitor, c)  # type: ignore[arg-type]


def django_wired(root: Path) -> Wired:
    from adapters.orm.monitoring.telemetry import DjangoTelemetryStore
    from domain.shared.clock import FixedClock
    from entrypoints.bootstrap import build_container

    def build() -> ExportFiles:
        return build_container(FixedClock(T0)).privacy.jobs.files

    c = build_container(FixedClock(T0))
    assert c.privacy.jobs.files is c.privacy.requests.files
    assert isinstance(c.privacy.jobs.recordings, DjangoTelemetryStore)
    return Wired(c.privacy.jobs.files, root, build, c.privacy.consents.recordings, DjangoTelemetryStore())


@pytest.fixture(params=["memory", "django"])
def wired(request: pytest.FixtureRequest, settings: object, tmp_path: Path) -> Wired:
    if request.param == "memory":
        return memory_wired()
    settings.PRIVACY_FILES_DIR = tmp_path / "privacy"  # type: ignore[attr-defined]
    return django_wired(tmp_path / "privacy")


def read(files: ExportFiles, key: str) -> bytes:
    chunks = files.open(key)
    assert chunks is not None
    return b"".join(chunks)


def zips(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("*.zip")) if root.exists() else []


BIG = bytes(range(256)) * 1024  # 256 KiB: more than one read chunk


# -- ExportFiles, ZipSink ----------------------------------------------------------------------------------------
def test_an_export_is_a_zip_of_every_member_written_in_order(wired: Wired) -> None:
    sink = wired.files.sink(41)
    sink.write("profile.json", iter([b'{"username":', b' "ana"}']))
    sink.write("empty.json", iter([]))
    sink.write("activity.json", iter([BIG[:1000], BIG[1000:]]))
    sink.write("index.html", iter(["<p>Ána</p>".encode()]))
    stored = sink.close()
    data = read(wired.files, stored.key)
    assert stored.size == len(data) and stored.key.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.testzip() is None
        assert z.namelist() == ["profile.json", "empty.json", "activity.json", "index.html"]
        assert z.read("profile.json") == b'{"username": "ana"}' and z.read("empty.json") == b""
        assert z.read("activity.json") == BIG and z.read("index.html").decode() == "<p>Ána</p>"


def test_an_export_is_sealed_on_disk_and_one_from_before_encryption_still_reads(wired: Wired) -> None:
    from adapters.sealed_files import is_sealed

    sink = wired.files.sink(46)
    sink.write("profile.json", iter([b'{"username": "zorblatt"}']))
    stored = sink.close()
    raw = (wired.root / stored.key).read_bytes()
    assert is_sealed(wired.root / stored.key) and not raw.startswith(b"PK") and b"profile.json" not in raw
    with zipfile.ZipFile(io.BytesIO(read(wired.files, stored.key))) as z:
        assert z.read("profile.json") == b'{"username": "zorblatt"}'
    (wired.root / "privacy-46-0000000000000000.zip").write_bytes(read(wired.files, stored.key))  # a plain one
    assert read(wired.files, "privacy-46-0000000000000000.zip") == read(wired.files, stored.key)


def test_a_reader_never_sees_an_unfinished_export(wired: Wired) -> None:
    sink = wired.files.sink(42)
    sink.write("profile.json", iter([BIG]))
    assert zips(wired.root) == []  # nothing under a key until the ZIP is complete
    stored = sink.close()
    assert zips(wired.root) == [stored.key]


def test_an_export_is_streamed_in_chunks_and_read_by_any_process_sharing_the_directory(wired: Wired) -> None:
    sink = wired.files.sink(43)
    sink.write("activity.json", iter([BIG]))
    stored = sink.close()
    chunks = wired.files.open(stored.key)
    assert isinstance(chunks, Iterator)
    assert len(list(chunks)) >= 1
    assert (wired.root / stored.key).is_file()
    other = wired.again()
    assert read(other, stored.key) == read(wired.files, stored.key)
    with zipfile.ZipFile(io.BytesIO(read(other, stored.key))) as z:
        assert z.read("activity.json") == BIG


def test_each_export_has_its_own_key_even_for_the_same_request(wired: Wired) -> None:
    first, second = wired.files.sink(44), wired.files.sink(44)
    first.write("a.json", iter([b"first"]))
    second.write("a.json", iter([b"second"]))
    a, b = first.close(), second.close()
    assert a.key != b.key
    with (
        zipfile.ZipFile(io.BytesIO(read(wired.files, a.key))) as za,
        zipfile.ZipFile(io.BytesIO(read(wired.files, b.key))) as zb,
    ):
        assert (za.read("a.json"), zb.read("a.json")) == (b"first", b"second")


def test_exports_are_found_by_key_only_and_deleted(wired: Wired) -> None:
    sink = wired.files.sink(45)
    sink.write("profile.json", iter([b"{}"]))
    stored = sink.close()
    outside = wired.root.parent / f"{wired.root.name}-outside.zip"  # a ZIP beside the directory, not in it
    outside.write_bytes(b"not yours")
    (wired.root / "notes.txt").write_bytes(b"not an export")
    try:
        for key in ("", "privacy-0-missing.zip", f"../{outside.name}", str(outside), "notes.txt", "."):
            assert wired.files.open(key) is None, key
            wired.files.delete(key)  # nothing there, or not an export: nothing happens
        assert outside.read_bytes() == b"not yours" and (wired.root / "notes.txt").exists()
    finally:
        outside.unlink()
    assert read(wired.files, stored.key)
    wired.files.delete(stored.key)
    assert wired.files.open(stored.key) is None and zips(wired.root) == []
    wired.files.delete(stored.key)  # deleting again is no error


# -- Recordings ----------------------------------------------------------------------------------------------------
def replays(w: Wired, user_id: int, key: str, chunks: int) -> int:
    s = Session(None, key, user_id, T0, T0, url="https://learn/zorblatt")
    w.telemetry.save_sessions([s])
    assert s.id is not None
    w.telemetry.add_replay([ReplayRow(s.id, i, T0 + timedelta(seconds=i), "{}", False) for i in range(chunks)])
    return s.id


def test_deleting_a_persons_replays_deletes_every_chunk_of_all_their_sessions_and_no_one_elses(wired: Wired) -> None:
    ana, bo = 7001, 7002
    replays(wired, ana, "ana-1", 3)
    replays(wired, ana, "ana-2", 2)
    replays(wired, bo, "bo-1", 4)
    replays(wired, ana, "ana-3", 0)  # a session with nothing recorded
    assert wired.recordings.delete_replays(ana) == 5
    assert wired.recordings.delete_replays(ana) == 0  # nothing left
    assert wired.recordings.delete_replays(987_654) == 0  # no such person
    # Bo's four chunks remain: the next purge of everything finds exactly them.
    assert wired.telemetry.purge_replays(T0 + timedelta(days=1)) == 4


def test_deleting_replays_leaves_the_persons_later_recordings_possible(wired: Wired) -> None:
    ana, bo = 7011, 7012
    replays(wired, ana, "ana-1", 2)
    replays(wired, bo, "bo-1", 1)
    assert wired.recordings.delete_replays(ana) == 2
    replays(wired, ana, "ana-2", 3)  # recorded again (consent given again)
    assert wired.recordings.delete_replays(bo) == 1
    assert wired.recordings.delete_replays(ana) == 3
    assert wired.telemetry.purge_replays(T0 + timedelta(days=1)) == 0
