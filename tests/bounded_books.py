"""Workbooks that cost a reader far more than their size (issue 23, bounded work), built in code.

Shared-string amplification: many cells of an honourees sheet pointing at one long shared string
(Excel stores a repeated text once; a reader hands every cell its own copy). Sparse sheets: many
sheets with one cell at A1 and one far away, so each dense grid is large while the file is tiny.
A long events sheet: a real calendar, as big as the row limit lets it be.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import hostile
from builders import ods_archive, simple_long, to_bytes
from openpyxl import Workbook
from recognition_books import EVENT_HEAD, event, honouree, recognition_book

PLACEHOLDER = "SHARED-CITATION"
CITATION_COL = "G"  # ผลงาน/เหตุผล in HONOUREE_HEAD
_RELS = "xl/_rels/workbook.xml.rels"
_TYPES = "[Content_Types].xml"
_SST_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_SST_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def _shared_strings(texts: list[str]) -> bytes:
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{hostile.MAIN_NS}" '
        f'count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'
    ).encode()


def with_shared_string(data: bytes, text: str) -> bytes:
    """``data`` with every inline cell holding PLACEHOLDER turned into a reference to one shared
    string ``text`` (index 0), and the sharedStrings part, its relationship and content type added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    inline = re.compile(rf'<c r="([A-Z]+\d+)"([^>]*) t="inlineStr"><is><t>{PLACEHOLDER}</t></is></c>'.encode())
    parts = {}
    for name in source.namelist():
        content = source.read(name)
        if name.startswith("xl/worksheets/"):
            content = inline.sub(rb'<c r="\1"\2 t="s"><v>0</v></c>', content)
        elif name == _RELS:
            rel = f'<Relationship Id="rIdShared" Type="{_SST_TYPE}" Target="sharedStrings.xml"/>'
            content = content.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
        elif name == _TYPES:
            override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_CONTENT}"/>'
            content = content.replace(b"</Types>", override.encode() + b"</Types>")
        parts[name] = content
    parts["xl/sharedStrings.xml"] = _shared_strings([text])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def with_text(data: bytes, placeholder: str, text: str) -> bytes:
    """``data`` with ``placeholder`` replaced by ``text`` in its worksheets' XML (openpyxl cuts a
    cell at 32,767 characters without a word, so a longer one is written here)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            content = source.read(name)
            if name.startswith("xl/worksheets/"):
                content = content.replace(placeholder.encode(), text.encode())
            archive.writestr(name, content)
    return out.getvalue()


def amplified_citations(cells: int = 1000, chars: int = 1_000_000) -> bytes:
    """An honourees sheet of ``cells`` people whose citations all point at one shared string."""
    people = [honouree(f"คนดี {n}", citation=PLACEHOLDER) for n in range(cells)]
    return with_shared_string(to_bytes(recognition_book(honourees=people)), "ก" * chars)


def sparse_sheets(sheets: int = 50, rows: int = 199_999, column: str = "Y") -> bytes:
    """``sheets`` sheets each holding A1 and one far cell: every dense grid rows x columns."""
    book = Workbook()
    for n in range(sheets):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = f"แผ่น{n + 1}"
        sheet["A1"] = 1
        sheet[f"{column}{rows}"] = 1
    return to_bytes(book)


def _event_rows(count: int, province: str) -> Iterator[bytes]:
    """Rows 3.. of a Thai events sheet (row 2 is openpyxl's), written straight as XML: openpyxl
    takes half a minute for this many."""
    for n in range(count - 1):
        r = n + 3
        day, month = n % 28 + 1, n % 12 + 1
        cells = (
            f'<c r="A{r}" t="inlineStr"><is><t>{day}/{month}/2566</t></is></c>'
            f'<c r="C{r}" t="inlineStr"><is><t>{province}</t></is></c>'
            f'<c r="E{r}" t="inlineStr"><is><t>สมัชชาคุณธรรม</t></is></c>'
            f'<c r="F{r}" t="inlineStr"><is><t>กิจกรรมที่ {n + 2}</t></is></c>'
            f'<c r="G{r}"><v>8</v></c><c r="H{r}"><v>60</v></c>'
        )
        yield f'<row r="{r}">{cells}</row>'.encode()


def many_events(count: int = 199_999, province: str = "เชียงราย") -> bytes:
    """A valid tracker (one progress row of ``province``, started 2563) whose events sheet holds
    ``count`` events: its header and first event from openpyxl, the rest added to its XML."""
    book = simple_long([[province, 1, "networks", 10, 12]], {province: 2563})
    sheet = book.create_sheet("ปฏิทินความดี")
    sheet.append(list(EVENT_HEAD["th"]))
    sheet.append(event("กิจกรรมที่ 1", province=province))
    data = to_bytes(book)
    part = _events_part(data)
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    head, tail = xml.split(b"</sheetData>")
    rows = (b"".join(batch) for batch in _batches(_event_rows(count, province), 5000))
    head = re.sub(rb'<dimension ref="[^"]*"/>', b"", head)  # openpyxl's says two rows
    return hostile.replace_part(data, part, [head, *rows, b"</sheetData>", tail], compresslevel=6)


def _batches(rows: Iterator[bytes], size: int) -> Iterator[list[bytes]]:
    batch: list[bytes] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _events_part(data: bytes) -> str:
    """The worksheet part of the events sheet (ปฏิทินความดี), found through the workbook's index."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    book = archive.read("xl/workbook.xml").decode()
    rels = archive.read(_RELS).decode()
    rid = re.search(r'<sheet[^>]*name="ปฏิทินความดี"[^>]*r:id="([^"]+)"', book)
    assert rid, "no events sheet"
    target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels) or re.search(
        rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels
    )
    assert target
    return target.group(1).lstrip("/") if target.group(1).startswith("/") else "xl/" + target.group(1)


def ods(cells: str, rows: str = "") -> bytes:
    return ods_archive(
        f'<table:table table:name="ทำเนียบ"><table:table-row>{cells}</table:table-row>{rows}</table:table>'
    )


def ods_repeated_text(rows: int = 200, columns: int = 400, chars: int = 300) -> bytes:
    """An .ods of a few kilobytes whose cell of ``chars`` characters is repeated ``columns`` times
    in a row repeated ``rows`` times: the reader makes every copy."""
    cell = (
        f'<table:table-cell office:value-type="string" table:number-columns-repeated="{columns}">'
        "<text:p>{}</text:p></table:table-cell>"
    )
    repeated = f'<table:table-row table:number-rows-repeated="{rows}">{cell.format("ก" * chars)}</table:table-row>'
    return ods(cell.format("x"), repeated)


__all__ = [
    "amplified_citations",
    "many_events",
    "ods",
    "ods_repeated_text",
    "sparse_sheets",
    "with_shared_string",
    "with_text",
]
