"""Size an .ods sheet before calamine reads it.

OpenDocument repeats a row or cell with ``number-rows-repeated`` / ``number-columns-repeated``,
so a file of a few hundred bytes can describe millions of filled cells. Count them as a
streaming parse of ``content.xml`` (whose prolog ``filecheck`` has already checked for entity
declarations) and report each table's used rows and columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import XMLPullParser

from moral_metrics.ingest.zipparts import FileProblem, check_sheet_count
from moral_metrics.reference.messages import Position
from moral_metrics.reference.settings import Limits

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T_TABLE, T_ROW, T_CELL = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table-cell"
T_COVERED = f"{{{_TABLE}}}covered-table-cell"
ROWS_REPEATED, COLS_REPEATED = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
VALUE_TYPE, NAME, T_P = f"{{{_OFFICE}}}value-type", f"{{{_TABLE}}}name", f"{{{_TEXT}}}p"
T_SPACE, SPACES = f"{{{_TEXT}}}s", f"{{{_TEXT}}}c"  # <text:s text:c="n"/>: n spaces, written out by the reader
CLEARED = (T_CELL, T_COVERED, T_ROW, T_TABLE)  # a paragraph's parts stay until its cell has been counted


class _Table:
    """One table's counters while its XML streams past."""

    def __init__(self, name: str) -> None:
        self.name, self.row, self.col = name, 0, 0
        self.rows = self.columns = 0
        self.row_used = self.cell_used = False
        self.row_repeat = self.cell_repeat = 1
        self.cell_chars = self.row_chars = 0  # text of the cell and of the row, repeats included

    def start(self, tag: str, element) -> None:
        if tag == T_ROW:
            self.col, self.row_used, self.row_repeat = 0, False, _repeat(element, ROWS_REPEATED)
            self.row_chars = 0
        elif tag in (T_CELL, T_COVERED):
            self.cell_used = element.get(VALUE_TYPE) is not None
            self.cell_repeat, self.cell_chars = _repeat(element, COLS_REPEATED), 0
        elif tag == T_P:
            self.cell_used = True

    def end(self, tag: str, element, limits: Limits) -> int:
        """Close an element; the characters of text a closed row hands the reader (repeats counted)."""
        if tag == T_P:
            spaces = sum(_repeat(e, SPACES) for e in element.iter(T_SPACE))
            self.cell_chars += sum(map(len, element.itertext())) + spaces
            if self.cell_chars > limits.max_cell_chars:
                at = Position(self.name, self.row + 1, self.col)
                raise FileProblem(
                    "file_too_large", "cell_text", value=self.cell_chars, limit=limits.max_cell_chars, at=at
                )
        elif tag in (T_CELL, T_COVERED):
            self.col += self.cell_repeat
            self.row_chars += self.cell_chars * self.cell_repeat
            if self.cell_used:
                self.row_used, self.columns = True, max(self.columns, self.col)
        elif tag == T_ROW:
            self.row += self.row_repeat
            if self.row_used:
                self.rows = self.row
            return self.row_chars * self.row_repeat
        return 0

    def over(self, limits: Limits) -> bool:
        return self.rows > limits.max_rows or self.rows * self.columns > limits.max_cells


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        return 1


def _charged(chars: int, table: _Table, limits: Limits) -> int:
    """Text of every table so far (repeated cells count once per copy the reader makes)."""
    if chars > limits.max_total_chars:
        at = Position(table.name, table.row)
        raise FileProblem("file_too_large", "text", value=chars, limit=limits.max_total_chars, at=at)
    return chars


def scan_ods(chunks: Iterable[bytes], limits: Limits) -> dict[str, tuple[int, int]]:
    """Table name -> (used rows, used columns), streamed; stops early past the limits."""
    parser = XMLPullParser(events=("start", "end"))
    sizes: dict[str, tuple[int, int]] = {}
    table: _Table | None = None
    tables = chars = 0
    for chunk in chunks:
        parser.feed(chunk)
        for event, element in parser.read_events():
            if event == "start":
                if element.tag == T_TABLE:
                    tables += 1
                    check_sheet_count(tables, limits)  # refused at the first table too many
                    table = _Table(element.get(NAME, f"table {len(sizes) + 1}"))
                elif table is not None:
                    table.start(element.tag, element)
                continue
            if table is None:
                continue
            chars = _charged(chars + table.end(element.tag, element, limits), table, limits)
            if element.tag == T_TABLE or (element.tag == T_ROW and table.over(limits)):
                sizes[table.name] = (table.rows, table.columns)
                if element.tag == T_ROW:
                    return sizes
                table = None
            if element.tag in CLEARED:
                element.clear()
    return sizes
