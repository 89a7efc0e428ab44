"""Size an .xlsx worksheet part as it streams past: rows, columns, formulas saved without a value."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from openpyxl.utils.cell import column_index_from_string

from moral_metrics.ingest.zipparts import Budget, check_sheet_count, small_part
from moral_metrics.reference.settings import Limits

_OVERLAP = 16 << 10
_ROW = re.compile(rb'<row[^>]*?\sr="(\d+)"')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d+"')
_ANY_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d+"')
_DIMENSION = re.compile(rb'<dimension ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
# A formula whose cached value is missing: <f>..</f> then no <v>, or an empty <v/> on a
# non-string cell (an empty cached string, t="str", is a real value: =IF(..,"",..)).
_FORMULA = re.compile(rb'<c r="([A-Z]+\d+)"([^>]*)>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>')


@dataclass
class SheetScan:
    rows: int = 0
    columns: int = 0
    formulas_without_value: dict[str, None] = field(default_factory=dict)  # ordered set


def _column_number(letters: bytes) -> int:
    return column_index_from_string(letters.decode())


def _last_row(text: bytes) -> int | None:
    """The r= of the last row tag in ``text``; None if that tag has none (r= is optional)."""
    pos = text.rfind(b"<row")
    while pos >= 0:
        if text[pos + 4 : pos + 5] in (b" ", b">", b"/"):
            m = _ROW.match(text, pos)
            return int(m.group(1)) if m else None
        pos = text.rfind(b"<row", 0, pos)
    return 0


def scan_sheet(chunks: Iterable[bytes], limits: Limits) -> SheetScan:
    """Rows, columns and value-less formulas of one worksheet part, streamed."""
    scan = SheetScan()
    cells = _WIDE_CELL if limits.max_columns >= 26 else _ANY_CELL
    tail = b""
    for n, chunk in enumerate(chunks):
        text = tail + chunk
        if n == 0 and (dim := _DIMENSION.search(text)):  # it sits before the data
            scan.columns, scan.rows = _column_number(dim.group(1)), int(dim.group(2))
        last = _last_row(text)
        if last is None:  # rows without r= follow the one before: count them, an upper bound
            last = scan.rows + chunk.count(b"<row ") + chunk.count(b"<row>")
        scan.rows = max(scan.rows, last)
        for m in cells.finditer(text):
            scan.columns = max(scan.columns, _column_number(m.group(1)))
        if b"<f" in text:
            for m in _FORMULA.finditer(text):
                if b't="str"' not in m.group(2):
                    scan.formulas_without_value.setdefault(m.group(1).decode(), None)
        tail = text[-_OVERLAP:]
    return scan


def sheet_names(data: bytes, archive: zipfile.ZipFile, budget: Budget, limits: Limits) -> dict[str, str]:
    """Worksheet part -> sheet name, from workbook.xml and its relationships.

    The sheets workbook.xml lists are counted first: several may name the same part, and the
    reader would read that part once for each.
    """
    book = small_part(data, archive, "xl/workbook.xml", budget).decode("utf-8", "replace")
    check_sheet_count(len(re.findall(r"<sheet\b", book)), limits)
    rels = small_part(data, archive, "xl/_rels/workbook.xml.rels", budget).decode("utf-8", "replace")
    targets = {
        m.group(1): m.group(2).lstrip("/").removeprefix("xl/")
        for m in re.finditer(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)
    }
    targets |= {
        m.group(2): m.group(1).lstrip("/").removeprefix("xl/")
        for m in re.finditer(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)
    }
    names = {}
    for m in re.finditer(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', book):
        if m.group(2) in targets:
            names["xl/" + targets[m.group(2)]] = html.unescape(m.group(1))
    return names


def shared_strings_part(data: bytes, archive: zipfile.ZipFile, budget: Budget) -> str:
    """The part holding the workbook's shared strings, as its relationships name it (the reader
    follows them too), else the usual name."""
    rels = small_part(data, archive, "xl/_rels/workbook.xml.rels", budget).decode("utf-8", "replace")
    for m in re.finditer(r"<Relationship\b[^>]*>", rels):
        target = re.search(r'Target="([^"]+)"', m.group(0))
        if target and re.search(r'Type="[^"]*/sharedStrings"', m.group(0)):
            name = target.group(1)
            return name.lstrip("/") if name.startswith("/") else "xl/" + name
    return "xl/sharedStrings.xml"
