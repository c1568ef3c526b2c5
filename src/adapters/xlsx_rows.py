"""The rows of an XLSX sheet, streamed through expat: only `<c>` elements that exist are read, only the header's
columns are kept, so the cost follows the cells that hold data whatever range the sheet claims."""

from __future__ import annotations

import zipfile
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import BinaryIO

from domain.bulk.ports import Sheet

from .bulk_sheets import (
    COLUMN,
    Budget,
    Counter,
    ReadLimits,
    checked_zip,
    count_row_tags,
    local_name,
    paced,
    safe_parser,
    shared_strings,
    stream_xml,
    unreadable,
    wide,
    workbook_parts,
)

Row = tuple[int, list[str]]


def _column(ref: str, previous: int) -> int:
    letters = COLUMN.match(ref)
    if not letters:
        return previous + 1
    number = 0
    for ch in letters.group(0):
        number = number * 26 + ord(ch) - 64
    return number


def _number(text: str) -> str:
    try:
        return str(int(text))
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() else str(value)


class RowBuilder:
    """expat handlers that build rows (number, cells up to `width`) into `ready`."""

    def __init__(self, strings: list[str], limits: ReadLimits):
        self.strings, self.limits = strings, limits
        self.width = limits.max_columns  # the header row's cap; then the header's width
        self.ready: list[Row] = []
        self.number = 0
        self.cells: dict[int, str] = {}
        self.column, self.kind, self.capture, self.skip = 0, "", False, 0
        self.text: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        name = local_name(name)
        if name == "c":
            self.column = _column(attrs.get("r", ""), self.column)
            self.kind, self.text = attrs.get("t", "n"), []
        elif name in ("v", "t") and not self.skip:
            self.capture = True
        elif name == "rPh":
            self.skip += 1
        elif name == "row":
            number = attrs.get("r", "")
            self.number = int(number) if number.isdigit() else self.number + 1
            self.cells, self.column = {}, 0

    def end(self, name: str) -> None:
        name = local_name(name)
        if name in ("v", "t"):
            self.capture = False
        elif name == "rPh":
            self.skip -= 1
        elif name == "c":
            if self.column > self.width:
                if not self.ready and self.number == 1 and "".join(self.text).strip():
                    raise wide(self.limits)
                return
            self.cells[self.column] = self._value("".join(self.text))
        elif name == "row":
            top = max(self.cells, default=0)
            self.ready.append((self.number, [self.cells.get(i, "") for i in range(1, top + 1)]))

    def data(self, chunk: str) -> None:
        if self.capture:
            self.text.append(chunk)

    def _value(self, text: str) -> str:
        if self.kind == "s":
            if not text.strip().isdigit() or int(text) >= len(self.strings):
                raise unreadable("a cell names a shared string that is not there")
            return self.strings[int(text)]
        if self.kind == "n":
            return _number(text) if text else ""
        if self.kind == "b":
            return "True" if text.strip() == "1" else "False"
        return text


def _rows(archive: zipfile.ZipFile, member: str, builder: RowBuilder, budget: Budget) -> Generator[Row, None, None]:
    parser = safe_parser()
    parser.StartElementHandler, parser.EndElementHandler = builder.start, builder.end
    parser.CharacterDataHandler = builder.data
    for _ in stream_xml(archive, member, parser, budget):
        batch, builder.ready = builder.ready, []
        yield from batch


def xlsx_sheet(path: Path | BinaryIO, limits: ReadLimits) -> Sheet:
    budget = Budget(limits)
    archive = checked_zip(path, limits)
    try:
        sheet, strings_member = workbook_parts(archive, budget)
        builder = RowBuilder(shared_strings(archive, strings_member, limits, budget), limits)
        rows = _rows(archive, sheet, builder, budget)
        first = next(rows, None)
    except BaseException:
        archive.close()
        raise
    header = first[1] if first is not None and first[0] == 1 else []
    while header and not header[-1].strip():
        header.pop()
    builder.width = len(header)
    early = [first] if first is not None and first[0] != 1 else []

    def cells() -> Iterator[Row]:
        counter = Counter(limits)
        try:
            for number, values in paced(_chain(early, rows), budget):
                kept = values[: builder.width] + [""] * (builder.width - len(values))
                if counter.add(kept):
                    yield number, kept
        finally:
            rows.close()
            archive.close()

    def close() -> None:
        rows.close()
        archive.close()

    return Sheet(header, "xlsx", "", cells(), close)


def _chain(first: list[Row], rest: Iterator[Row]) -> Iterator[Row]:
    yield from first
    yield from rest


def count_xlsx_rows(path: Path | BinaryIO, limits: ReadLimits, stop_after: int) -> int:
    budget = Budget(limits)
    with checked_zip(path, limits) as archive:
        sheet, _ = workbook_parts(archive, budget)
        return count_row_tags(archive, sheet, budget, stop_after)
