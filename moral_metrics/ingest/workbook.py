"""Read a workbook's cells with python-calamine (fast; cached values of formulas).

Only after ``filecheck`` has accepted the bytes. Returns plain grids: row ``i`` of a grid is
Excel row ``i + 1`` and column ``j`` is Excel column ``j`` (0 = A), so every message can name
the cell it came from.
"""

from __future__ import annotations

import io
import itertools
import operator
from dataclasses import dataclass, field
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetVisibleEnum

from moral_metrics.ingest.filecheck import FileProblem, FileScan, check_bytes
from moral_metrics.ingest.zipparts import check_sheet_count
from moral_metrics.reference.messages import Position
from moral_metrics.reference.settings import Limits

Cell = Any
Merge = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class RawSheet:
    name: str
    rows: list[list[Cell]]
    merges: list[Merge] = field(default_factory=list)
    hidden: bool = False
    formulas_without_value: list[str] = field(default_factory=list)
    _width: int | None = field(default=None, repr=False)  # the shortest row's length

    @property
    def height(self) -> int:
        return len(self.rows)

    def column(self, col: int, start: int) -> list[Cell]:
        """Column ``col`` from row ``start`` down (rows too short for it give "")."""
        if self._width is None:
            lengths = set(map(len, self.rows))  # in C: calamine's grids are rectangular already
            self._width = min(lengths, default=0)
        rows = itertools.islice(self.rows, start, None)
        if col < self._width:
            return list(map(operator.itemgetter(col), rows))
        return [r[col] if col < len(r) else "" for r in rows]

    def cell(self, row: int, col: int) -> Cell:
        line = self.rows[row] if row < len(self.rows) else ()
        return line[col] if col < len(line) else None


@dataclass
class RawWorkbook:
    format: str
    sheets: list[RawSheet]


def _open(data: bytes) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(data))
    except PasswordError as exc:
        raise FileProblem("unreadable_file", "encrypted") from exc
    except (CalamineError, ValueError, OSError) as exc:
        raise FileProblem("unreadable_file", "corrupt", reason=str(exc)[:120]) from exc


def _read_sheet(book: CalamineWorkbook, name: str, scan: FileScan, limits: Limits) -> RawSheet:
    try:
        sheet = book.get_sheet_by_name(name)
        scan.cells += sheet.height * sheet.width if scan.format in ("xls", "xlsb") else 0  # unscanned
        if scan.cells > limits.max_total_cells:
            too_many = {"value": scan.cells, "limit": limits.max_total_cells}
            raise FileProblem("file_too_large", "total_cells", **too_many, at=Position(name))
        if sheet.height > limits.max_rows or sheet.width > limits.max_columns:
            big = sheet.height > limits.max_rows
            raise FileProblem(
                "file_too_large",
                "rows" if big else "columns",
                value=sheet.height if big else sheet.width,
                limit=limits.max_rows if big else limits.max_columns,
                at=Position(name),
            )
        rows = sheet.to_python(skip_empty_area=False)
        merges = sheet.merged_cell_ranges or []
    except FileProblem:
        raise
    except (CalamineError, ValueError, OSError) as exc:
        raise FileProblem("unreadable_file", "corrupt", reason=str(exc)[:120]) from exc
    sheet_scan = scan.sheets.get(name)
    return RawSheet(
        name=name,
        rows=rows,
        merges=list(merges),
        formulas_without_value=list(sheet_scan.formulas_without_value) if sheet_scan else [],
    )


def read_workbook(data: bytes, limits: Limits) -> RawWorkbook:
    """Every worksheet's cells; raises ``FileProblem`` for a file that cannot be read."""
    scan = check_bytes(data, limits)
    book = _open(data)
    sheets = []
    try:
        check_sheet_count(len(book.sheets_metadata), limits)  # .xls/.xlsb: calamine's index only
        for meta in book.sheets_metadata:
            raw = _read_sheet(book, meta.name, scan, limits)
            raw.hidden = meta.visible != SheetVisibleEnum.Visible
            sheets.append(raw)
    finally:
        book.close()
    if not any(s.rows for s in sheets):
        raise FileProblem("unreadable_file", "no_sheets")
    return RawWorkbook(scan.format, sheets)
