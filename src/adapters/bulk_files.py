"""Import and export files of bulk operations, on the local disk under the var directory.

Imports: CSV in UTF-8, UTF-8 with a BOM or Latin-1 (detected: BOM, else a strict UTF-8 pass, else Latin-1), the
delimiter sniffed among , ; tab and |; or XLSX read with openpyxl in read-only (streaming) mode. Blank rows are
left out. Exports: CSV (UTF-8 with a BOM, so spreadsheets read accents), XLSX (write-only) or a JSON array."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import secrets
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from adapters.redact import pattern, scrub
from domain.bulk.exporting import csv_text
from domain.bulk.ports import ExportSink, Sheet, StoredExport, Upload
from domain.shared.errors import Unprocessable

ZIP_MAGIC = b"PK\x03\x04"
KEY = re.compile(r"^[a-z0-9-]{8,64}(\.(csv|xlsx|json))?$")
SNIFF_BYTES = 64 * 1024
CHUNK = 64 * 1024


def unreadable(why: str) -> Unprocessable:
    return Unprocessable(f"The file cannot be read: {why}", code="invalid_import_file", details={"reason": why})


class LocalBulkFiles:
    def __init__(self, root: Path):
        self.root = root
        (root / "uploads").mkdir(parents=True, exist_ok=True)
        (root / "exports").mkdir(parents=True, exist_ok=True)

    def _path(self, folder: str, key: str) -> Path:
        if not KEY.match(key):
            raise ValueError("not a file key")
        return self.root / folder / key

    # -- imports -------------------------------------------------------------------------------------
    def store_upload(self, upload: Upload) -> str:
        key = secrets.token_hex(16)
        with self._path("uploads", key).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return key

    def sheet(self, key: str, name: str) -> Sheet:
        path = self._path("uploads", key)
        if not path.exists():
            raise unreadable("the stored upload is gone")
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        if head.startswith(ZIP_MAGIC):
            return _xlsx(path)
        return _csv(path, head)

    # -- exports -------------------------------------------------------------------------------------
    def export_sink(self, operation_id: int, file_format: str, header: Sequence[str]) -> ExportSink:
        key = f"{operation_id}-{secrets.token_hex(8)}.{file_format}"
        path = self._path("exports", key)
        if file_format == "xlsx":
            return XlsxSink(path, key, header)
        if file_format == "json":
            return JsonSink(path, key, header)
        return CsvSink(path, key, header)

    def csv_sink(self, operation_id: int, header: Sequence[str]) -> CsvSink:
        key = f"{operation_id}-{secrets.token_hex(8)}.csv"
        return CsvSink(self._path("exports", key), key, header)

    def open_export(self, key: str) -> Iterator[bytes] | None:
        try:
            path = self._path("exports", key)
        except ValueError:
            return None
        if not path.exists():
            return None
        return _read(path)

    def delete(self, key: str) -> None:
        for folder in ("uploads", "exports"):
            try:
                self._path(folder, key).unlink(missing_ok=True)
            except ValueError:
                return

    def scrub(self, key: str, needles: Sequence[str]) -> bool:
        """Erasure: a stored upload or export naming the person has the names redacted (a CSV or JSON file, line
        count kept so a running import's checkpoint still holds) or, an .xlsx one, is deleted; whether it did."""
        found = pattern(needles)
        for folder in ("uploads", "exports"):
            try:
                path = self._path(folder, key)
            except ValueError:
                return False
            if found is None or not path.exists():
                continue
            raw = path.read_bytes()
            if raw.startswith(ZIP_MAGIC):
                with zipfile.ZipFile(path) as archive:
                    text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
                if found.search(text):
                    path.unlink(missing_ok=True)
                    return True
                continue
            text = raw.decode("utf-8", "replace")
            if found.search(text):
                path.write_bytes(scrub(text, found).encode())
                return True
        return False

    def purge(self, exports_before: datetime, uploads_before: datetime) -> int:
        """Expired exports and old uploads leave the disk."""
        gone = 0
        for folder, before in (("uploads", uploads_before), ("exports", exports_before)):
            for path in (self.root / folder).iterdir():
                if path.stat().st_mtime < before.timestamp():
                    path.unlink(missing_ok=True)
                    gone += 1
        return gone


def _read(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            yield chunk


def _encoding(path: Path, head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as f:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


def _csv(path: Path, head: bytes) -> Sheet:
    if b"\x00" in head:
        raise unreadable("it is neither CSV text nor an XLSX workbook")
    encoding = _encoding(path, head)
    sample = head.decode(encoding, errors="ignore")
    try:
        delimiter = csv.Sniffer().sniff(sample.split("\n", 20)[0] + "\n", delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    text = path.open("r", encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        text.close()
        raise unreadable("it has no header row") from exc
    return Sheet(header, "csv", encoding, _rows(reader, text))


def _rows(reader: Iterable[list[str]], handle: IO[Any]) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in enumerate(reader, start=2):
            if any(c.strip() for c in cells):
                yield number, cells
    except csv.Error as exc:
        raise unreadable(f"CSV error near a row: {exc}") from exc
    finally:
        handle.close()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook

    handle = path.open("rb")  # a file object: openpyxl would refuse a path without the .xlsx suffix
    try:
        book = load_workbook(handle, read_only=True, data_only=True)
        rows = book.active.iter_rows(values_only=True)  # type: ignore[union-attr]
        header = [_cell(v) for v in next(rows)]
    except StopIteration as exc:
        handle.close()
        raise unreadable("it has no header row") from exc
    except Exception as exc:  # a zip that is no workbook, a broken workbook
        handle.close()
        raise unreadable("it is not a readable XLSX workbook") from exc
    while header and not header[-1]:
        header.pop()

    def cells() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(rows, start=2):
                row = [_cell(v) for v in values]
                if any(c.strip() for c in row):
                    yield number, row
        finally:
            book.close()
            handle.close()

    return Sheet(header, "xlsx", "", cells())


class CsvSink:
    """UTF-8 with a BOM, `\\n` line ends; rows written as lines the database or `csv_text` rendered."""

    def __init__(self, path: Path, key: str, header: Sequence[str]):
        self.path, self.key, self.rows = path, key, 0
        self.file = path.open("wb")
        self.file.write(codecs.BOM_UTF8 + csv_text([list(header)]))

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        self.write_csv(csv_text(rows), len(rows))

    def write_csv(self, data: bytes, rows: int) -> None:
        self.file.write(data)
        self.rows += rows

    def close(self) -> StoredExport:
        self.file.close()
        return StoredExport(self.key, self.rows, self.path.stat().st_size)


class JsonSink:
    def __init__(self, path: Path, key: str, header: Sequence[str]):
        self.path, self.key, self.header, self.rows = path, key, list(header), 0
        self.file = io.TextIOWrapper(path.open("wb"), encoding="utf-8")
        self.file.write("[")

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self.file.write(("," if self.rows else "") + "\n" + json.dumps(dict(zip(self.header, row, strict=True))))
            self.rows += 1

    def close(self) -> StoredExport:
        self.file.write("\n]\n")
        self.file.close()
        return StoredExport(self.key, self.rows, self.path.stat().st_size)


class XlsxSink:
    def __init__(self, path: Path, key: str, header: Sequence[str]):
        from openpyxl import Workbook

        self.path, self.key, self.rows = path, key, 0
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("users")
        self.sheet.append(list(header))

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self.sheet.append(list(row))
        self.rows += len(rows)

    def close(self) -> StoredExport:
        self.book.save(self.path)
        return StoredExport(self.key, self.rows, self.path.stat().st_size)
