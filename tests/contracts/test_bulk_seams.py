"""Bulk's file ports: Upload, and BulkFiles with its ExportSink and CsvExportSink (the Revoker, Inviter and ExportAlarm
bulk is given by other modules: test_bulk_world.py).

BulkFiles has one implementation, the local disk (the harness uses it too, on a temporary directory): its suite
runs that one. Upload is implemented by the API's wrapper of Django's uploaded file and by the tests' bytes double."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.bulk.ports import BulkFiles, Upload
from domain.shared.errors import Unprocessable

pytestmark = pytest.mark.django_db  # the memory parameter simply does not touch it
CSV = "username,email,first_name\nana,ana@example.com,Ána\n\n , , \nbo,bo@example.com,Bo\n"


# -- Upload ------------------------------------------------------------------------------------------------------
@dataclass
class BytesUpload:
    """The tests' Upload double (tests/unit/bulk use one like it)."""

    name: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def chunks(self) -> Iterable[bytes]:
        yield self.data


def django_upload(name: str, data: bytes) -> Upload:
    """The API's Upload, over the file Django received (read in chunks, as the router passes it on)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from entrypoints.api.bulk.router import Upload as ApiUpload

    received = SimpleUploadedFile(name, data, content_type="text/csv")
    return ApiUpload(received.name or "upload", received.size or 0, lambda: received.chunks(chunk_size=7))


@pytest.fixture(params=["double", "django"])
def upload(request: pytest.FixtureRequest) -> Callable[[str, bytes], Upload]:
    return django_upload if request.param == "django" else BytesUpload


def test_an_upload_is_its_name_its_size_and_its_bytes_in_order(
    upload: Callable[[str, bytes], Upload], tmp_path: Path
) -> None:
    from adapters.bulk_files import LocalBulkFiles

    data = CSV.encode()
    file = upload("people.csv", data)
    assert (file.name, file.size) == ("people.csv", len(data))
    assert b"".join(file.chunks()) == data
    files = LocalBulkFiles(tmp_path)
    sheet = files.sheet(files.store_upload(file), file.name)
    assert sheet.header == ["username", "email", "first_name"] and len(list(sheet.rows)) == 2


# -- BulkFiles, ExportSink, CsvExportSink ------------------------------------------------------------------------
@pytest.fixture
def files(tmp_path: Path) -> BulkFiles:
    from adapters.bulk_files import LocalBulkFiles

    return LocalBulkFiles(tmp_path / "bulk")


def stored(files: BulkFiles, data: bytes, name: str = "people.csv") -> str:
    return files.store_upload(BytesUpload(name, data))


def read(files: BulkFiles, key: str) -> bytes:
    chunks = files.open_export(key)
    assert chunks is not None
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (CSV.encode(), "utf-8"),
        (codecs.BOM_UTF8 + CSV.encode(), "utf-8-sig"),
        (CSV.encode("latin-1"), "latin-1"),
        (CSV.replace(",", ";").encode(), "utf-8"),  # the delimiter is sniffed
        (CSV.replace(",", "\t").encode("latin-1"), "latin-1"),
    ],
)
def test_a_csv_upload_reads_as_its_header_and_numbered_non_blank_rows(
    files: BulkFiles, data: bytes, encoding: str
) -> None:
    sheet = files.sheet(stored(files, data), "people.csv")
    assert (sheet.header, sheet.file_format, sheet.encoding) == (["username", "email", "first_name"], "csv", encoding)
    assert list(sheet.rows) == [(2, ["ana", "ana@example.com", "Ána"]), (5, ["bo", "bo@example.com", "Bo"])]


def test_an_xlsx_upload_reads_like_a_csv_one(files: BulkFiles) -> None:
    from openpyxl import Workbook

    book, out = Workbook(), io.BytesIO()
    sheet_ = book.active
    assert sheet_ is not None
    for row in (["username", "email", "year"], ["ana", "ana@example.com", 2024], [None, None, None], ["bo", "", None]):
        sheet_.append(row)
    book.save(out)
    sheet = files.sheet(stored(files, out.getvalue(), "people.xlsx"), "people.xlsx")
    assert (sheet.header, sheet.file_format) == (["username", "email", "year"], "xlsx")
    assert list(sheet.rows) == [(2, ["ana", "ana@example.com", "2024"]), (4, ["bo", "", ""])]


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02binary", b"", b"PK\x03\x04 a zip that is no workbook"], ids=["binary", "empty", "zip"]
)
def test_an_unreadable_upload_is_invalid_import_file(files: BulkFiles, data: bytes) -> None:
    with pytest.raises(Unprocessable) as refused:
        list(files.sheet(stored(files, data), "x.csv").rows)
    assert refused.value.code == "invalid_import_file"


def test_a_gone_upload_is_invalid_import_file(files: BulkFiles) -> None:
    key = stored(files, CSV.encode())
    files.delete(key)
    with pytest.raises(Unprocessable) as refused:
        files.sheet(key, "people.csv")
    assert refused.value.code == "invalid_import_file"


ROWS: list[list[Any]] = [[1, "ana", "=HYPERLINK(1)", None], [2, "bø", "plain", 3.5]]
HEADER = ["id", "username", "note", "score"]


def parsed(file_format: str, data: bytes) -> tuple[list[str], list[list[Any]]]:
    if file_format == "csv":
        assert data.startswith(codecs.BOM_UTF8) and b"\r\n" not in data
        lines = data[len(codecs.BOM_UTF8) :].decode().splitlines()
        return lines[0].split(","), [line.split(",") for line in lines[1:]]
    if file_format == "json":
        objects = json.loads(data)
        return list(objects[0]), [list(o.values()) for o in objects]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [str(c) for c in rows[0]], rows[1:]


@pytest.mark.parametrize("file_format", ["csv", "json", "xlsx"])
def test_an_export_holds_its_header_and_every_row_written(files: BulkFiles, file_format: str) -> None:
    sink = files.export_sink(41, file_format, HEADER)
    sink.write(ROWS[:1])
    sink.write([])
    sink.write(ROWS[1:])
    export = sink.close()
    data = read(files, export.key)
    assert export.rows == 2 and export.size == len(data)
    assert export.key.endswith(f".{file_format}")
    header, rows = parsed(file_format, data)
    assert header == HEADER and len(rows) == 2
    assert [str(r[1]) for r in rows] == ["ana", "bø"]
    if file_format == "csv":
        assert rows[0][2] != "=HYPERLINK(1)" and "HYPERLINK(1)" in rows[0][2]  # formulas are escaped


def test_a_csv_export_appends_rendered_lines_as_they_are(files: BulkFiles) -> None:
    sink = files.csv_sink(42, HEADER)
    sink.write_csv(b"1,ana,x,\n2,bo,y,3\n", 2)
    sink.write_csv(b"", 0)
    sink.write_csv('3,"b, ø",z,\n'.encode(), 1)
    export = sink.close()
    data = read(files, export.key)
    assert (export.rows, export.size) == (3, len(data))
    assert data == codecs.BOM_UTF8 + b'id,username,note,score\n1,ana,x,\n2,bo,y,3\n3,"b, \xc3\xb8",z,\n'


def test_exports_are_found_by_key_only_and_deleted(files: BulkFiles) -> None:
    one, two = files.csv_sink(1, HEADER).close(), files.export_sink(1, "json", HEADER).close()
    assert one.key != two.key
    for key in ("nope-not-a-key.csv", "../../etc/passwd", "", "a" * 100):
        assert files.open_export(key) is None
    files.delete(one.key)
    files.delete(one.key)  # twice: nothing left to delete
    files.delete("../../etc/passwd")  # not a key: nothing happens
    assert files.open_export(one.key) is None
    assert read(files, two.key).startswith(b"[")


def test_uploads_and_exports_are_sealed_on_disk_and_plain_files_from_before_still_read(
    files: BulkFiles, tmp_path: Path
) -> None:
    from adapters.sealed_files import is_sealed

    upload = stored(files, CSV.encode())
    sink = files.export_sink(43, "csv", HEADER)
    sink.write(ROWS)
    export = sink.close()
    on_disk = [tmp_path / "bulk" / "uploads" / upload, tmp_path / "bulk" / "exports" / export.key]
    for path in on_disk:
        assert is_sealed(path) and b"ana" not in path.read_bytes() and b"email" not in path.read_bytes()
    assert files.sheet(upload, "people.csv").header and b"ana" in read(files, export.key)
    (tmp_path / "bulk" / "uploads" / "0123456789abcdef").write_bytes(CSV.encode())  # stored before encryption
    assert files.sheet("0123456789abcdef", "people.csv").header == files.sheet(upload, "people.csv").header


def test_a_damaged_sealed_upload_is_invalid_import_file(files: BulkFiles, tmp_path: Path) -> None:
    key = stored(files, CSV.encode())
    path = tmp_path / "bulk" / "uploads" / key
    raw = bytearray(path.read_bytes())
    raw[-1] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(Unprocessable):
        files.sheet(key, "people.csv")


def test_purge_removes_exports_and_uploads_last_written_before_their_times(files: BulkFiles) -> None:
    upload, export = stored(files, CSV.encode()), files.csv_sink(7, HEADER).close().key
    now = datetime.now(UTC)
    past, future = now - timedelta(hours=1), now + timedelta(hours=1)
    assert files.purge(past, past) == 0
    assert files.purge(future, past) == 1  # the export only
    assert files.open_export(export) is None
    assert re.fullmatch(r"[a-z0-9-]+", upload) and files.sheet(upload, "people.csv").header
    assert files.purge(past, future) == 1  # now the upload
    with pytest.raises(Unprocessable):
        files.sheet(upload, "people.csv")
    assert files.purge(future, future) == 0
