"""Import files made to be expensive: XLSX workbooks written by hand (a claimed dimension, a zip bomb, many rows,
far columns, an entity), and a CSV of wide rows. Shared by the bulk tests and the API fuzzing."""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="people" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    ' Target="worksheets/sheet1.xml"/></Relationships>'
)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def people_rows(count: int, first: int = 2) -> str:
    return "".join(
        f'<row r="{n}">{cell(f"A{n}", f"person{n}")}{cell(f"B{n}", f"person{n}@example.com")}</row>'
        for n in range(first, first + count)
    )


HEADER_ROW = f'<row r="1">{cell("A1", "username")}{cell("B1", "email")}</row>'


def workbook(rows: str, dimension: str = "A1:B3", prologue: str = "") -> bytes:
    """An XLSX whose one sheet holds these `<row>` elements and claims this dimension."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?>{prologue}<worksheet xmlns="{NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def claimed_dimension() -> bytes:
    """1.5 KB that claims A1:XFD1048576 and has one blank cell there: a reader that trusts the dimension (or fills
    the rows and columns in between) walks 17 billion empty cells."""
    last = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t> </t></is></c></row>'
    return workbook(HEADER_ROW + people_rows(2) + last, dimension="A1:XFD1048576")


def zip_bomb(megabytes: int = 64) -> bytes:
    """A sheet of whitespace that expands about a thousand times."""
    return workbook(HEADER_ROW + people_rows(1) + " " * (megabytes * 1024 * 1024))


def far_column() -> bytes:
    """A header whose last cell is in column XFD (16,384)."""
    return workbook(f'<row r="1">{cell("A1", "username")}{cell("B1", "email")}{cell("XFD1", "x")}</row>')


def with_entity() -> bytes:
    """An internal entity (the start of a billion-laughs file): refused, never expanded."""
    prologue = '<!DOCTYPE worksheet [<!ENTITY lol "lol">]>'
    return workbook(HEADER_ROW + f'<row r="2">{cell("A2", "&lol;")}{cell("B2", "a@example.com")}</row>', "", prologue)


def broken_after_header() -> bytes:
    """Good header, broken XML after it: only a reader that parses the rows notices."""
    broken = '<row r="40"><c r="A40" t="inlineStr"><is><t>x</t></is></c><row>'
    return workbook(HEADER_ROW + people_rows(38) + broken, "A1:B40")


def wide_csv(cells: int = 200_000) -> bytes:
    """A CSV header and one row of many empty cells."""
    return b"username,email\n" + b"ann,ann@example.com" + b"," * cells + b"\n"
