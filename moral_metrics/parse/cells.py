"""A cell and where it came from, in one representation.

Parsed sheets are tables with ``sheet`` and ``row`` (Excel's 1-based row) columns and, for each
role, the raw value in ``<role>`` and its 0-based column in ``<role>_col`` (``SHEET_COL`` when the
value came from the sheet's name). ``at`` turns one row and role back into a ``Position``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from moral_metrics.reference.messages import Position

SHEET_COL = -1  # the "column" of a value taken from the sheet's name


def column_of(row: Mapping[str, Any], role: str) -> int | None:
    col = row.get(f"{role}_col")
    return None if col is None or pd.isna(col) or int(col) < 0 else int(col)


def at(row: Mapping[str, Any], role: str | None = None) -> Position:
    """The position of ``row``'s cell for ``role`` (or of the row, without a role)."""
    return Position(row["sheet"], int(row["row"]), column_of(row, role) if role else None)
