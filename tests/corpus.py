"""The hostile and odd-file corpus: every case built in code, each with what must happen to it.

``refused`` cases must end in exactly one error with that code; ``loads`` cases are real
trackers carrying something unusual (macros, hidden sheets, formulas, external links, HTML or
script in cells) that must load as plain data and nothing more.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import hostile
from bounded_books import amplified_citations, many_events, ods_repeated_text, sparse_sheets
from builders import simple_long, to_bytes
from openpyxl import load_workbook

from moral_metrics.briefing.template import ProvinceRow, write_tracker

START = {"เชียงราย": 2563}


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], bytes]
    expect: str  # "refused" or "loads"
    code: str | None = None


def tracker(rows: list | None = None) -> bytes:
    return to_bytes(simple_long(rows or [["เชียงราย", 1, "networks", 10, 12, "หมายเหตุ"]], START))


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item, source.read(item.filename))
        archive.writestr(name, content)
    return out.getvalue()


def xlsm_with_macro() -> bytes:
    return with_part(
        tracker(), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 Attribute VB_Name AutoOpen Shell"
    )


def hidden_progress_sheet() -> bytes:
    book = simple_long([["เชียงราย", 1, "networks", 10, 12]], START)
    book["ผล"].sheet_state = "hidden"
    return to_bytes(book)


def cells_with_html_and_script() -> bytes:
    note = '<script>alert("x")</script><img src=x onerror=alert(1)> [link](javascript:alert(1)) =cmd|"/c calc"!A1'
    return tracker([["เชียงราย", 1, "networks", 10, 12, note]])


def formulas_with_cached_values() -> bytes:
    data = tracker([["เชียงราย", 1, "networks", 10, 12], ["เชียงราย", 2, "networks", 10, 9]])
    return with_formula_cache(data)


def with_formula_cache(data: bytes) -> bytes:
    """Put a formula with a cached value in E3, as Excel saves it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    part = "xl/worksheets/sheet1.xml"
    xml = source.read(part)
    xml = xml.replace(b'<c r="E3" t="n"><v>9</v></c>', b'<c r="E3"><f>D3-1</f><v>9</v></c>')
    assert b"<f>D3-1</f>" in xml
    return hostile.replace_part(data, part, [xml])


def formula_without_value() -> bytes:
    book = load_workbook(io.BytesIO(tracker([["เชียงราย", 1, "networks", 10, 12], ["เชียงราย", 2, "networks", 10, 9]])))
    book["ผล"]["E3"] = "=D3*0.9"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def external_link() -> bytes:
    """A formula pointing into another workbook, with its cached value, plus the link part."""
    data = with_formula_cache(tracker([["เชียงราย", 1, "networks", 10, 12], ["เชียงราย", 2, "networks", 10, 9]]))
    link = (
        b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><externalBook><sheetNames><sheetName val="Secret"/></sheetNames>'
        b"</externalBook></externalLink>"
    )
    return with_part(data, "xl/externalLinks/externalLink1.xml", link)


def megabyte_cell() -> bytes:
    """A note cell of a million characters, written into the sheet XML (openpyxl would not)."""
    data = tracker([["เชียงราย", 1, "networks", 10, 12, "PLACEHOLDER"]])
    part = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(part)
    assert b"PLACEHOLDER" in xml
    return hostile.replace_part(data, part, [xml.replace(b"PLACEHOLDER", "ก".encode() * (1 << 20))])


def wide_sheet() -> bytes:
    """One row whose last cell is in column XFD: 16,384 columns."""
    row = [b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>']
    return hostile.replace_part(hostile.workbook_bytes(), hostile.SHEET_PART, hostile.sheet_xml(row))


def valid_template_filled() -> bytes:
    out = io.BytesIO()
    write_tracker(
        out,
        [ProvinceRow("เชียงราย", 2563)],
        [{"province": "เชียงราย", "program_year": 1, "indicator": "networks", "target": 10, "actual": 12}],
    )
    return out.getvalue()


REFUSED_UNREADABLE = [
    ("plain-text-named-xlsx", lambda: hostile.PLAIN_TEXT),
    ("pdf-named-xlsx", lambda: hostile.PDF),
    ("windows-executable", lambda: hostile.EXE_MZ),
    ("linux-executable", lambda: hostile.EXE_ELF),
    ("empty-file", lambda: hostile.EMPTY),
    ("whitespace-only", lambda: hostile.WHITESPACE),
    ("html-table-named-xls", lambda: hostile.HTML_XLS),
    ("html-with-byte-order-mark", lambda: b"\xef\xbb\xbf<table><tr><td>x</td></tr></table>"),
    ("encrypted-workbook", hostile.encrypted_ooxml),
    ("word-document-zip", hostile.docx_like),
    ("xml-entity-bomb-in-sheet", lambda: hostile.billion_laughs("sheet")),
    ("xml-entity-bomb-in-workbook", lambda: hostile.billion_laughs("workbook")),
    ("truncated-tenth", lambda: tracker()[: len(tracker()) // 10]),
    ("truncated-half", lambda: hostile.truncated(tracker())),
    ("truncated-nine-tenths", lambda: tracker()[: len(tracker()) * 9 // 10]),
    (
        "zip-entry-needs-unknown-version",
        lambda: hostile.patch_entry(hostile.workbook_bytes(), hostile.SHEET_PART, needed=0xFF),
    ),
    (
        "zip-entry-unknown-compression",
        lambda: hostile.patch_entry(hostile.workbook_bytes(), "xl/workbook.xml", method=99),
    ),
    ("zipcrypto-encrypted-entry", lambda: hostile.patch_entry(hostile.workbook_bytes(), hostile.SHEET_PART, flags=1)),
    ("random-bytes", lambda: bytes(range(256)) * 64),
]
REFUSED_TOO_LARGE = [
    ("zip-bomb-400mb", hostile.zip_bomb),
    ("zip-bomb-of-whitespace", hostile.padded_bomb),
    ("zip-bomb-lying-about-its-size", lambda: hostile.lie_about_size(hostile.zip_bomb(), hostile.SHEET_PART, 1000)),
    ("a-million-real-rows", lambda: hostile.rows_sheet(1_000_000, 1)),
    ("dimension-claims-a-million-rows", hostile.claims_million_rows),
    ("16384-columns", wide_sheet),
    ("ods-repeated-cells", lambda: hostile.ods_repeated_cells(100_000, 500)),
    ("one-megabyte-cell", megabyte_cell),
    ("upload-over-25mb", lambda: b"PK\x03\x04" + bytes(26 << 20)),
    ("shared-string-amplification", amplified_citations),  # 1,000 citations -> one 1,000,000-char string
    ("shared-string-total-text", lambda: amplified_citations(1000, 30_000)),  # each under 32,767: 30 M together
    ("fifty-sparse-sheets", sparse_sheets),  # A1 and Y199999 on each of 50 sheets: 250 M cells
    ("ods-repeated-text", ods_repeated_text),  # 300 characters repeated 200 x 400 times: 24 M
]
LOADS = [
    ("xlsm-with-macro-project", xlsm_with_macro),
    ("hidden-progress-sheet", hidden_progress_sheet),
    ("html-and-script-in-cells", cells_with_html_and_script),
    ("formulas-with-cached-values", formulas_with_cached_values),
    ("formula-without-cached-value", formula_without_value),
    ("external-workbook-link", external_link),
    ("filled-template", valid_template_filled),
    ("199999-events", many_events),
]

CASES = (
    [Case(n, b, "refused", "unreadable_file") for n, b in REFUSED_UNREADABLE]
    + [Case(n, b, "refused", "file_too_large") for n, b in REFUSED_TOO_LARGE]
    + [Case(n, b, "loads") for n, b in LOADS]
)
