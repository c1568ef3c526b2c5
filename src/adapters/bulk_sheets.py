"""Reading an import file at a cost in proportion to the cells that hold data, under hard caps.

XLSX: the zip's directory is checked before anything is inflated (members, expanded size, expansion ratio); the
active sheet's XML is streamed through expat (no DTD, no entities) and only cells that exist are read: a claimed
dimension (`A1:XFD1048576`) or a far cell costs nothing more. Only the header's columns are kept. CSV: the csv
module over the file, cells past the header's width left out. Both stop with `invalid_import_file` past the caps
on columns, rows, cells and seconds of reading. `count_rows` answers the request without parsing a cell: lines,
or `<row>` elements, counted in the raw bytes."""

from __future__ import annotations

import csv
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO
from xml.parsers import expat

from domain.shared.errors import Unprocessable

CHUNK = 64 * 1024
FIRST_CHUNK = 512
MAX_MEMBERS = 1000
RATIO_FLOOR = 1024 * 1024  # members under 1 MB expanded are not held to the ratio
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
COLUMN = re.compile(r"[A-Z]{1,3}")


@dataclass(frozen=True)
class ReadLimits:
    max_rows: int = 200_000
    max_columns: int = 64
    max_cells: int = 2_000_000
    max_expanded_bytes: int = 100 * 1024 * 1024
    max_ratio: int = 100
    max_seconds: float = 30.0


def unreadable(why: str) -> Unprocessable:
    return Unprocessable(f"The file cannot be read: {why}", code="invalid_import_file", details={"reason": why})


class Budget:
    """Seconds spent reading one file (only while reading: a worker's database time between batches is not
    counted); past the cap the read stops."""

    def __init__(self, limits: ReadLimits):
        self.limits, self.spent, self.mark = limits, 0.0, time.monotonic()

    def resume(self) -> None:
        self.mark = time.monotonic()

    def check(self) -> None:
        now = time.monotonic()
        self.spent, self.mark = self.spent + now - self.mark, now
        if self.spent > self.limits.max_seconds:
            raise unreadable(f"it takes more than {self.limits.max_seconds:g} seconds to read")


def paced(items: Iterator[Any], budget: Budget) -> Iterator[Any]:
    budget.resume()
    for item in items:
        budget.check()
        yield item
        budget.resume()


class Counter:
    """Data cells and rows read so far, against the caps."""

    def __init__(self, limits: ReadLimits):
        self.limits, self.rows, self.cells = limits, 0, 0

    def add(self, cells: list[str]) -> bool:
        """Whether the row holds data (counted)."""
        filled = sum(1 for c in cells if c.strip())
        if not filled:
            return False
        self.rows, self.cells = self.rows + 1, self.cells + filled
        if self.rows > self.limits.max_rows:
            raise unreadable(f"it has more than {self.limits.max_rows} rows")
        if self.cells > self.limits.max_cells:
            raise unreadable(f"it has more than {self.limits.max_cells} cells with data")
        return True


def wide(limits: ReadLimits) -> Unprocessable:
    return unreadable(f"the header has more than {limits.max_columns} columns")


# -- CSV -----------------------------------------------------------------------------------------------------
def csv_header(reader: Iterator[list[str]], limits: ReadLimits) -> list[str]:
    header = next(reader)
    while header and not header[-1].strip():
        header.pop()
    if len(header) > limits.max_columns:
        raise wide(limits)
    return header


def csv_rows(
    reader: Iterator[list[str]], width: int, handle: IO[Any], limits: ReadLimits, budget: Budget
) -> Iterator[tuple[int, list[str]]]:
    counter = Counter(limits)
    try:
        for number, cells in paced(enumerate(reader, start=2), budget):
            kept = cells[:width]
            if counter.add(kept):
                yield number, kept
    except csv.Error as exc:
        raise unreadable(f"CSV error near a row: {exc}") from exc
    finally:
        handle.close()


def count_lines(f: BinaryIO, limits: ReadLimits, stop_after: int) -> int:
    """Lines under the header, from the raw bytes (at least the rows with data)."""
    budget, lines, last = Budget(limits), 0, b"\n"
    while chunk := f.read(CHUNK * 16):
        lines, last = lines + chunk.count(b"\n"), chunk[-1:]
        budget.check()
        if lines > stop_after:
            break
    return max(0, lines + (last != b"\n") - 1)


# -- XLSX ----------------------------------------------------------------------------------------------------
def checked_zip(path: Path | BinaryIO, limits: ReadLimits) -> zipfile.ZipFile:
    """The workbook's zip, its directory held to the caps before anything is inflated."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise unreadable("it is not a readable XLSX workbook") from exc
    members = archive.infolist()
    mb = limits.max_expanded_bytes / (1024 * 1024)
    problem = ""
    if len(members) > MAX_MEMBERS:
        problem = f"it holds more than {MAX_MEMBERS} parts"
    elif sum(m.file_size for m in members) > limits.max_expanded_bytes:
        problem = f"it expands to more than {mb:g} MB"
    elif any(m.file_size > RATIO_FLOOR and m.file_size > limits.max_ratio * max(1, m.compress_size) for m in members):
        problem = f"a part expands more than {limits.max_ratio} times its compressed size"
    if problem:
        archive.close()
        raise unreadable(problem)
    return archive


def local_name(name: str) -> str:
    return name.rpartition(":")[2]


def _no_dtd(*_: object) -> None:
    raise unreadable("it declares a DTD or entities")


def safe_parser() -> Any:
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _no_dtd
    parser.EntityDeclHandler = _no_dtd
    parser.buffer_text = True
    return parser


def stream_xml(archive: zipfile.ZipFile, member: str, parser: Any, budget: Budget) -> Iterator[None]:
    """Feeds a member to the parser chunk by chunk, yielding after each chunk (the caller drains what it built).
    Chunks start small and double: the header row comes without parsing much beyond it."""
    size = FIRST_CHUNK
    try:
        with archive.open(member) as source:
            while chunk := source.read(size):
                parser.Parse(chunk, False)
                budget.check()
                yield
                size = min(CHUNK, size * 2)
        parser.Parse(b"", True)
        yield
    except expat.ExpatError as exc:
        raise unreadable("it is not a readable XLSX workbook (broken XML)") from exc
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise unreadable("it is not a readable XLSX workbook") from exc


def _read_all(archive: zipfile.ZipFile, member: str, parser: Any, budget: Budget) -> None:
    for _ in stream_xml(archive, member, parser, budget):
        pass


def _target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = []
    for part in (PurePosixPath(base) / target).parts:
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def workbook_parts(archive: zipfile.ZipFile, budget: Budget) -> tuple[str, str | None]:
    """The active sheet's member and the shared strings' member (if any)."""
    sheets: list[str] = []
    active = [0]
    relations: dict[str, tuple[str, str]] = {}

    def in_book(name: str, attrs: dict[str, str]) -> None:
        name = local_name(name)
        if name == "sheet":
            sheets.append(next((v for k, v in attrs.items() if local_name(k) == "id"), ""))
        elif name == "workbookView" and attrs.get("activeTab", "0").isdigit():
            active[0] = int(attrs.get("activeTab", "0"))

    def in_rels(name: str, attrs: dict[str, str]) -> None:
        if local_name(name) == "Relationship":
            relations[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))

    book, rels = safe_parser(), safe_parser()
    book.StartElementHandler, rels.StartElementHandler = in_book, in_rels
    _read_all(archive, "xl/workbook.xml", book, budget)
    _read_all(archive, "xl/_rels/workbook.xml.rels", rels, budget)
    if not sheets:
        raise unreadable("it has no sheet")
    sheet_id = sheets[active[0]] if active[0] < len(sheets) else sheets[0]
    if sheet_id not in relations:
        raise unreadable("it is not a readable XLSX workbook")
    strings = next((t for kind, t in relations.values() if kind.endswith("/sharedStrings")), None)
    return _target("xl", relations[sheet_id][1]), _target("xl", strings) if strings else None


def shared_strings(archive: zipfile.ZipFile, member: str | None, limits: ReadLimits, budget: Budget) -> list[str]:
    found: list[str] = []
    if member is None or member not in archive.namelist():
        return found
    text: list[str] = []
    state = {"in_t": 0, "skip": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        name = local_name(name)
        if name == "rPh":
            state["skip"] += 1
        elif name == "t" and not state["skip"]:
            state["in_t"] = 1
        elif name == "si":
            text.clear()

    def end(name: str) -> None:
        name = local_name(name)
        if name == "rPh":
            state["skip"] -= 1
        elif name == "t":
            state["in_t"] = 0
        elif name == "si":
            found.append("".join(text))
            if len(found) > limits.max_cells:
                raise unreadable(f"it has more than {limits.max_cells} shared strings")

    def data(chunk: str) -> None:
        if state["in_t"]:
            text.append(chunk)

    parser = safe_parser()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, data
    _read_all(archive, member, parser, budget)
    return found


def count_row_tags(archive: zipfile.ZipFile, member: str, budget: Budget, stop_after: int) -> int:
    """`<row>` elements under the header, counted in the inflated bytes without parsing them."""
    rows, tail = 0, b""
    try:
        with archive.open(member) as source:
            while chunk := source.read(CHUNK * 16):
                rows += len(ROW_TAG.findall(tail + chunk))
                tail = chunk[-16:]
                rows -= len(ROW_TAG.findall(tail))  # counted again with the next chunk
                budget.check()
                if rows > stop_after:
                    break
            rows += len(ROW_TAG.findall(tail))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise unreadable("it is not a readable XLSX workbook") from exc
    return max(0, rows - 1)
