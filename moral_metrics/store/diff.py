"""What changed between two published versions: records added, removed and values changed."""

from __future__ import annotations

import pandas as pd

from moral_metrics.model import Tracker
from moral_metrics.reference.formats import same_value

KEY = ["province_code", "program_year", "indicator"]
COMPARED = ("target", "actual", "fiscal_year", "note")
COLUMNS = ["change", *KEY, "field", "old", "new"]


def compare(old: Tracker | None, new: Tracker) -> pd.DataFrame:
    """One row per added or removed record and per changed field (change = added/removed/changed)."""
    if old is None:
        return pd.DataFrame(columns=COLUMNS)
    left = old.records.set_index(KEY)
    right = new.records.set_index(KEY)
    rows = []
    for key in right.index.difference(left.index):
        rows.append(
            {
                "change": "added",
                **dict(zip(KEY, key, strict=True)),
                "field": "actual",
                "old": None,
                "new": right.at[key, "actual"],
            }
        )
    for key in left.index.difference(right.index):
        rows.append(
            {
                "change": "removed",
                **dict(zip(KEY, key, strict=True)),
                "field": "actual",
                "old": left.at[key, "actual"],
                "new": None,
            }
        )
    both = left.index.intersection(right.index)
    for field in COMPARED:
        a, b = left.loc[both, field], right.loc[both, field]
        for key in both[[not same_value(x, y) for x, y in zip(a, b, strict=True)]]:
            rows.append(
                {
                    "change": "changed",
                    **dict(zip(KEY, key, strict=True)),
                    "field": field,
                    "old": left.at[key, field],
                    "new": right.at[key, field],
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["change", *KEY]).reset_index(drop=True)


def counts(changes: pd.DataFrame) -> dict[str, int]:
    return {kind: int((changes["change"] == kind).sum()) for kind in ("added", "removed", "changed")}
