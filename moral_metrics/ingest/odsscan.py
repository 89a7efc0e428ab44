"""Size an .ods sheet before calamine reads it.

OpenDocument repeats a row or cell with ``number-rows-repeated`` / ``number-columns-repeated``,
so a file of a few hundred bytes can describe millions of filled cells. Count them as a
streaming parse of ``content.xml`` (whose prolog ``filecheck`` has already checked for entity
declarations) and report each table's used rows and columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree.ElementTree import XMLPullParser

from moral_metrics.reference.settings import Limits

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
T_TABLE, T_ROW, T_CELL = f"{{{_TABLE}}}table", f"{{{_TABLE}}}table-row", f"{{{_TABLE}}}table-cell"
T_COVERED = f"{{{_TABLE}}}covered-table-cell"
ROWS_REPEATED, COLS_REPEATED = f"{{{_TABLE}}}number-rows-repeated", f"{{{_TABLE}}}number-columns-repeated"
VALUE_TYPE, NAME, T_P = f"{{{_OFFICE}}}value-type", f"{{{_TABLE}}}name", f"{{{_TEXT}}}p"


class _Table:
    def __init__(self, name: str) -> None:
        self.name, self.row, self.col = name, 0, 0
        self.rows = self.columns = 0
        self.row_used = self.cell_used = False
        self.row_repeat = self.cell_repeat = 1


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(attribute, "1")))
    except ValueError:
        return 1


def scan_ods(chunks: Iterable[bytes], limits: Limits) -> dict[str, tuple[int, int]]:
    """Table name -> (used rows, used columns), streamed; stops early past the limits."""
    parser = XMLPullParser(events=("start", "end"))
    sizes: dict[str, tuple[int, int]] = {}
    table: _Table | None = None
    for chunk in chunks:
        parser.feed(chunk)
        for event, element in parser.read_events():
            tag = element.tag
            if event == "start":
                if tag == T_TABLE:
                    table = _Table(element.get(NAME, f"table {len(sizes) + 1}"))
                elif table and tag == T_ROW:
                    table.col, table.row_used, table.row_repeat = 0, False, _repeat(element, ROWS_REPEATED)
                elif table and tag in (T_CELL, T_COVERED):
                    table.cell_used = element.get(VALUE_TYPE) is not None
                    table.cell_repeat = _repeat(element, COLS_REPEATED)
                elif table and tag == T_P:
                    table.cell_used = True
                continue
            if table is None:
                continue
            if tag in (T_CELL, T_COVERED):
                table.col += table.cell_repeat
                if table.cell_used:
                    table.row_used, table.columns = True, max(table.columns, table.col)
            elif tag == T_ROW:
                table.row += table.row_repeat
                if table.row_used:
                    table.rows = table.row
                if table.rows > limits.max_rows or table.rows * table.columns > limits.max_cells:
                    sizes[table.name] = (table.rows, table.columns)
                    return sizes
            elif tag == T_TABLE:
                sizes[table.name] = (table.rows, table.columns)
                table = None
            element.clear()
    return sizes
