"""Import and export files of bulk operations, on the local disk under the var directory.

Imports: CSV in UTF-8, UTF-8 with a BOM or Latin-1 (detected: BOM, else a strict UTF-8 pass, else Latin-1), the
delimiter sniffed among , ; tab and |; or XLSX streamed by adapters.xlsx_rows. Blank rows are left out. Reading
costs time in proportion to the cells that hold data, under the caps of ReadLimits (adapters.bulk_sheets).
Exports: CSV (UTF-8 with a BOM, so spreadsheets read accents), XLSX (write-only) or a JSON array.
Every file is sealed as it is written and opened chunk by chunk as it is read (adapters.sealed_files)."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import secrets
import zipfile
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from adapters.bulk_sheets import Budget, ReadLimits, count_lines, csv_header, csv_rows, unreadable
from adapters.redact import pattern, scrub
from adapters.sealed_files import FileKeys, SealedFileError, open_read, open_write, plain_size, stream
from adapters.sealed_upkeep import settings_keys
from adapters.xlsx_rows import count_xlsx_rows, xlsx_sheet
from domain.bulk.exporting import csv_text
from domain.bulk.ports import ExportSink, Sheet, StoredExport, Upload

ZIP_MAGIC = b"PK\x03\x04"
KEY = re.compile(r"^[a-z0-9-]{8,64}(\.(csv|xlsx|json))?$")
SNIFF_BYTES = 64 * 1024
CHUNK = 64 * 1024


class LocalBulkFiles:
    def __init__(self, root: Path, limits: ReadLimits | None = None, keys: FileKeys | None = None):
        self.root, self.limits, self.keys = root, limits or ReadLimits(), keys or settings_keys()
        (root / "uploads").mkdir(parents=True, exist_ok=True)
        (root / "exports").mkdir(parents=True, exist_ok=True)

    def _path(self, folder: str, key: str) -> Path:
        if not KEY.match(key):
            raise ValueError("not a file key")
        return self.root / folder / key

    # -- imports -------------------------------------------------------------------------------------
    def store_upload(self, upload: Upload) -> str:
        key = secrets.token_hex(16)
        with open_write(self._path("uploads", key), self.keys) as out:
            for chunk in upload.chunks():
                out.write(chunk)
        return key

    def sheet(self, key: str, name: str) -> Sheet:
        path, head = self._head(key)
        if head.startswith(ZIP_MAGIC):
            return self._xlsx(path)
        return self._csv(path, head)

    def _xlsx(self, path: Path) -> Sheet:
        source = open_read(path, self.keys)
        try:
            sheet = xlsx_sheet(source, self.limits)
        except BaseException:
            source.close()
            raise

        def close() -> None:
            sheet.close()
            source.close()

        return Sheet(sheet.header, sheet.file_format, sheet.encoding, _closing(sheet.rows, source), close)

    def count_rows(self, key: str, stop_after: int) -> int:
        path, head = self._head(key)
        with open_read(path, self.keys) as source:
            if head.startswith(ZIP_MAGIC):
                return count_xlsx_rows(source, self.limits, stop_after)
            return count_lines(source, self.limits, stop_after)

    def _head(self, key: str) -> tuple[Path, bytes]:
        path = self._path("uploads", key)
        if not path.exists():
            raise unreadable("the stored upload is gone")
        try:
            with open_read(path, self.keys) as f:
                return path, f.read(SNIFF_BYTES)
        except SealedFileError as exc:
            raise unreadable("the stored upload is damaged or sealed under a key no longer held") from exc

    def _csv(self, path: Path, head: bytes) -> Sheet:
        if b"\x00" in head:
            raise unreadable("it is neither CSV text nor an XLSX workbook")
        encoding = _encoding(path, head, self.keys)
        sample = head.decode(encoding, errors="ignore")
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 20)[0] + "\n", delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
        text = io.TextIOWrapper(open_read(path, self.keys), encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            header = csv_header(reader, self.limits)
        except (StopIteration, csv.Error) as exc:
            text.close()
            raise unreadable("it has no header row") from exc
        except BaseException:
            text.close()
            raise
        rows = csv_rows(reader, len(header), text, self.limits, Budget(self.limits))
        return Sheet(header, "csv", encoding, rows, text.close)

    # -- exports -------------------------------------------------------------------------------------
    def export_sink(self, operation_id: int, file_format: str, header: Sequence[str]) -> ExportSink:
        key = f"{operation_id}-{secrets.token_hex(8)}.{file_format}"
        path = self._path("exports", key)
        if file_format == "xlsx":
            return XlsxSink(path, key, header, self.keys)
        if file_format == "json":
            return JsonSink(path, key, header, self.keys)
        return CsvSink(path, key, header, self.keys)

    def csv_sink(self, operation_id: int, header: Sequence[str]) -> CsvSink:
        key = f"{operation_id}-{secrets.token_hex(8)}.csv"
        return CsvSink(self._path("exports", key), key, header, self.keys)

    def open_export(self, key: str) -> Iterator[bytes] | None:
        try:
            path = self._path("exports", key)
        except ValueError:
            return None
        if not path.exists():
            return None
        return stream(path, self.keys)

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
            with open_read(path, self.keys) as source:
                raw = source.read()
            if raw.startswith(ZIP_MAGIC):
                with open_read(path, self.keys) as source, zipfile.ZipFile(source) as archive:
                    text = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
                if found.search(text):
                    path.unlink(missing_ok=True)
                    return True
                continue
            text = raw.decode("utf-8", "replace")
            if found.search(text):
                redacted = path.with_name(path.name + ".partial")  # a reader still open keeps the file it opened
                with open_write(redacted, self.keys) as out:  # sealed under a new data key; the old one goes
                    out.write(scrub(text, found).encode())
                os.replace(redacted, path)
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


def _closing(rows: Iterator[Any], source: BinaryIO) -> Iterator[Any]:
    try:
        yield from rows
    finally:
        source.close()


def _encoding(path: Path, head: bytes, keys: FileKeys) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open_read(path, keys) as f:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1"
    return "utf-8"


class CsvSink:
    """UTF-8 with a BOM, `\\n` line ends; rows written as lines the database or `csv_text` rendered."""

    def __init__(self, path: Path, key: str, header: Sequence[str], keys: FileKeys):
        self.path, self.key, self.rows = path, key, 0
        self.file = open_write(path, keys)
        self.file.write(codecs.BOM_UTF8 + csv_text([list(header)]))

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        self.write_csv(csv_text(rows), len(rows))

    def write_csv(self, data: bytes, rows: int) -> None:
        self.file.write(data)
        self.rows += rows

    def close(self) -> StoredExport:
        self.file.close()
        return StoredExport(self.key, self.rows, plain_size(self.path))


class JsonSink:
    def __init__(self, path: Path, key: str, header: Sequence[str], keys: FileKeys):
        self.path, self.key, self.header, self.rows = path, key, list(header), 0
        self.file = io.TextIOWrapper(open_write(path, keys), encoding="utf-8")
        self.file.write("[")

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self.file.write(("," if self.rows else "") + "\n" + json.dumps(dict(zip(self.header, row, strict=True))))
            self.rows += 1

    def close(self) -> StoredExport:
        self.file.write("\n]\n")
        self.file.close()
        return StoredExport(self.key, self.rows, plain_size(self.path))


class XlsxSink:
    def __init__(self, path: Path, key: str, header: Sequence[str], keys: FileKeys):
        from openpyxl import Workbook

        self.path, self.key, self.rows, self.keys = path, key, 0, keys
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("users")
        self.sheet.append(list(header))

    def write(self, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self.sheet.append(list(row))
        self.rows += len(rows)

    def close(self) -> StoredExport:
        with open_write(self.path, self.keys) as out:
            self.book.save(out)
        return StoredExport(self.key, self.rows, plain_size(self.path))
