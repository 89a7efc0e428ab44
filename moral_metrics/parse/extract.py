"""Find each sheet's layout and lift its cells into flat tables of raw values with positions.
Nothing is interpreted beyond the layout: values stay as typed, so validation can quote them back
to the user with the cell they came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from moral_metrics.ingest.workbook import RawSheet
from moral_metrics.parse.cells import SHEET_COL, at
from moral_metrics.parse.headers import MEASURES, YEAR_ROLES, Layout, classify, renamed_header
from moral_metrics.parse.rowclass import BLANK, TOO_LONG, TOTAL, classes, is_total_word, row_classes
from moral_metrics.parse.rowclass import is_total as is_total_text
from moral_metrics.reference.catalogue import Catalogue
from moral_metrics.reference.messages import Position, Problems
from moral_metrics.reference.provinces import ProvinceIndex
from moral_metrics.reference.settings import Limits
from moral_metrics.reference.vocabulary import key, words

RAW_ID = ("province", *YEAR_ROLES)


@dataclass
class Extracted:
    """Raw tables by kind (cells as typed, with positions; see ``parse.cells``)."""

    problems: Problems
    progress: list[pd.DataFrame] = field(default_factory=list)
    provinces: list[pd.DataFrame] = field(default_factory=list)
    indicators: list[pd.DataFrame] = field(default_factory=list)
    records: dict[str, list[pd.DataFrame]] = field(default_factory=dict)  # sheet kind -> its sheets' rows
    looked_at: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        """Any sheet of progress or of records below the province."""
        return bool(self.progress) or any(self.records.values())


def _merge_lookup(sheet: RawSheet, rows: range) -> dict[tuple[int, int], tuple[int, int]]:
    lookup = {}
    for (r0, c0), (r1, c1) in sheet.merges:
        for r in range(max(r0, rows.start), min(r1, rows.stop - 1) + 1):
            for c in range(c0, c1 + 1):
                lookup[(r, c)] = (r0, c0)
    return lookup


def _header_row(sheet: RawSheet, r: int, merged: dict) -> list:
    width = max(len(sheet.rows[r]) if r < sheet.height else 0, 1)
    return [sheet.cell(*merged.get((r, c), (r, c))) for c in range(width)]


def detect_layout(sheet: RawSheet, catalogue: Catalogue, province_sheet: bool, limits: Limits) -> Layout | None:
    scan = range(0, min(limits.header_scan_rows, sheet.height))
    merged = _merge_lookup(sheet, range(0, scan.stop + 1))
    best: Layout | None = None
    for r in scan:
        upper, lower = _header_row(sheet, r, merged), _header_row(sheet, r + 1, merged)
        found = classify(upper, lower, r, catalogue, province_sheet)
        if found is not None and (best is None or found.score > best.score):
            best = found
        if best is not None and not best.missing:
            break
    return best


def _fill_merged(sheet: RawSheet, values: list, col: int, first: int) -> None:
    """Copy a vertically merged identity cell (a province merged over its rows) into each row."""
    for (r0, c0), (r1, c1) in sheet.merges:
        if c0 <= col <= c1 and r1 >= first and r1 > r0:
            top = sheet.cell(r0, c0)
            for r in range(max(r0, first), r1 + 1):
                if r - first < len(values):
                    values[r - first] = top


def _identity_columns(sheet: RawSheet, layout: Layout) -> pd.DataFrame:
    first = layout.first_data_row
    n = max(sheet.height - first, 0)
    out: dict[str, object] = {
        "sheet": pd.Series([sheet.name] * n, dtype=object),
        "row": range(first + 1, first + n + 1),
    }
    for role in (*RAW_ID, "indicator", "note"):
        col = layout.roles.get(role)
        if col is not None:
            values = sheet.column(col, first)
            _fill_merged(sheet, values, col, first)
            out[role], out[f"{role}_col"] = pd.Series(values, dtype=object), col
    if "province" not in out:
        out["province"], out["province_col"] = pd.Series([sheet.name] * n, dtype=object), SHEET_COL
    return pd.DataFrame(out, index=range(n))


def _report_totals(frame: pd.DataFrame, flags: dict[str, np.ndarray], sheet: str, out: Extracted) -> np.ndarray:
    ids = [c for c in (*RAW_ID, "indicator") if c in flags]
    total = np.zeros(len(frame), dtype=bool)
    for c in ids:
        total |= (flags[c] & TOTAL).astype(bool)
    reported: set[int] = set()
    for n in np.flatnonzero(total):
        row = frame.iloc[n]
        if int(row["row"]) in reported:  # a wide row appears once per indicator
            continue
        reported.add(int(row["row"]))
        c = next(c for c in ids if flags[c][n] & TOTAL)
        out.problems.add("ignored_row", detail="total", at=at(row, c), value=row[c])
    return total


def _report_too_long(frame: pd.DataFrame, flags: dict[str, np.ndarray], sheet: str, limit: int, out: Extracted) -> None:
    """Cells at or over the limit are refused, not carried into every page: the reader cuts text
    at Excel's own maximum (32,767), so a cell that long may already have lost its end."""
    for role, mask in flags.items():
        for n in np.flatnonzero(mask & TOO_LONG)[:5]:
            row = frame.iloc[n]
            out.problems.add("file_too_large", detail="cell_text", at=at(row, role), value=len(row[role]), limit=limit)


def _measures(frame: pd.DataFrame, sheet: RawSheet, first: int, cols: dict[str, int | None]) -> pd.DataFrame:
    frame = frame.copy()
    for measure in MEASURES:
        col = cols.get(measure)
        values = sheet.column(col, first) if col is not None else [""] * len(frame)
        frame[measure] = pd.Series(values, dtype=object, index=frame.index)
        frame[f"{measure}_col"] = col if col is not None else SHEET_COL
    return frame


def _progress_frame(sheet: RawSheet, layout: Layout, limit: int) -> pd.DataFrame:
    ids, first = _identity_columns(sheet, layout), layout.first_data_row
    if layout.kind == "long":
        frame = _measures(ids, sheet, first, layout.roles)  # type: ignore[arg-type]
        frame["indicator_code"] = None
        return frame
    parts = []
    for code in dict.fromkeys(d.indicator.code for d in layout.data if d.indicator):
        mine = [d for d in layout.data if d.indicator and d.indicator.code == code]
        part = _measures(ids, sheet, first, {d.measure: d.col for d in mine})
        part["indicator_code"], part["indicator"], part["indicator_col"] = code, mine[0].header, mine[0].header_col
        flags = classes(part, list(MEASURES), limit)
        empty = (flags["target"] & BLANK).astype(bool) & (flags["actual"] & BLANK).astype(bool)
        parts.append(part[~empty])  # an indicator left empty in a wide row is not tracked there
    return pd.concat(parts, ignore_index=True) if parts else ids.iloc[0:0]


def _progress(sheet: RawSheet, layout: Layout, limit: int, out: Extracted) -> None:
    frame = _progress_frame(sheet, layout, limit)
    typed = [*YEAR_ROLES, *MEASURES] + (["indicator"] if layout.kind == "long" else [])
    typed += ["province"] if layout.roles.get("province") is not None else []
    flags = classes(frame, [*typed, "note"], limit)
    blank = np.ones(len(frame), dtype=bool)
    for c in typed:
        if c in flags:
            blank &= (flags[c] & BLANK).astype(bool)
    _report_too_long(frame, flags, sheet.name, limit, out)
    total = _report_totals(frame, flags, sheet.name, out)
    out.progress.append(frame[~(blank | total)])


def _unknown_headers(sheet: RawSheet, layout: Layout, catalogue: Catalogue, out: Extracted) -> None:
    seen = set()
    for d in layout.data:
        if d.indicator is None and (d.header_row, d.header_col) not in seen:
            seen.add((d.header_row, d.header_col))
            out.problems.add(
                "unknown_indicator",
                at=Position(sheet.name, d.header_row + 1, d.header_col),
                value=d.header,
                suggestion=catalogue.suggest(d.header),
            )


def _table(sheet: RawSheet, layout: Layout, names: bool = False) -> pd.DataFrame:
    """The rows of a table sheet, blank and total rows left out.

    ``names``: the sheet holds free names (units, people, events), where only a cell that is
    exactly a totals word marks a totals row ("รวมใจ..." is a name, not a total). Works column
    by column on distinct values: a sheet of units repeats its provinces, years and levels.
    """
    is_total = is_total_word if names else is_total_text
    first = layout.first_data_row
    n = max(sheet.height - first, 0)
    columns = {role: sheet.column(c, first) for role, c in layout.roles.items()}
    every, some = np.full(n, BLANK, dtype=np.uint8), np.zeros(n, dtype=np.uint8)
    for values in columns.values():
        classes = row_classes(values, is_total)
        every &= classes
        some |= classes
    keep = np.flatnonzero((every & BLANK == 0) & (some & TOTAL == 0))
    if not len(keep):
        return pd.DataFrame()
    out: dict[str, object] = {"sheet": [sheet.name] * len(keep), "row": keep + first + 1}
    for role, values in columns.items():
        # object, not pandas' inferred Arrow strings: every check reads these back as objects
        out[role] = pd.Series(pd.Series(values, dtype=object).to_numpy()[keep], dtype=object)
        out[f"{role}_col"] = layout.roles[role]
    return pd.DataFrame(out)


def _missing(sheet: RawSheet, layout: Layout, index: ProvinceIndex, out: Extracted) -> None:
    for role in layout.missing:
        near = index.suggest(sheet.name) if role == "province" else None
        where = {"at": Position(sheet.name), "value": sheet.name, "suggestion": near}
        if near is not None:  # meant as a per-province sheet, but its name is no province
            out.problems.add("unknown_province", detail="sheet", **where)
            continue
        col, text = renamed_header(sheet.rows[layout.header_row], layout, role)  # the header renamed, if any
        at = Position(sheet.name, layout.header_row + 1, col)
        out.problems.add("missing_column", at=at, value=text, suggestion=role, role=role)


def extract(
    sheets: list[RawSheet], catalogue: Catalogue, index: ProvinceIndex, limits: Limits, problems: Problems
) -> Extracted:
    """Every sheet's layout and raw values; sheets that are not recognised are reported."""
    out = Extracted(problems)
    for sheet in sheets:
        if not sheet.rows:
            continue
        if _is_info_sheet(sheet):
            continue
        out.looked_at.append(sheet.name)
        layout = detect_layout(sheet, catalogue, index.resolve(sheet.name) is not None, limits)
        if layout is None:
            problems.add("ignored_sheet", at=Position(sheet.name))
            continue
        _missing(sheet, layout, index, out)
        if layout.missing:
            continue
        if layout.kind in ("long", "wide"):
            _unknown_headers(sheet, layout, catalogue, out)
            _progress(sheet, layout, limits.max_cell_chars, out)
        elif layout.kind == "provinces":
            out.provinces.append(_table(sheet, layout))
        elif layout.kind == "indicators":
            out.indicators.append(_table(sheet, layout))
        else:  # a sheet of records below the province (data/sheet_kinds.csv)
            out.records.setdefault(layout.kind, []).append(_table(sheet, layout, names=True))
        for ref in sheet.formulas_without_value:
            letters, row = coordinate_from_string(ref)
            problems.add("formula_without_value", at=Position(sheet.name, row, column_index_from_string(letters) - 1))
    return out


def _is_info_sheet(sheet: RawSheet) -> bool:
    """The template's own instructions sheet: skipped without a warning."""
    title = key(sheet.cell(0, 0) or "")
    return any(title.startswith(w) for w in words("info_sheet"))
