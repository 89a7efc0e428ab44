"""What changes between two trackers: the one comparison behind a publish's plan, the list of
changed records a plan shows, "the same data again", and what a locked year would lose.

Cells are compared as text (a blank as None, a list as one value), so that every view agrees:
a record is keyed by province, programme year and indicator, and "changed" when a value of it
moves; a row of a dataset below the province has no key, so it is added or removed whole.
Positions (sheet, row) are left out: moving a row in a workbook is no change.
"""

from __future__ import annotations

import pandas as pd

from moral_metrics.model import DATASETS, Tracker, plain
from moral_metrics.store.merge import RECORDS, empty_tracker, frames, period_column

KEY = ["province_code", "program_year", "indicator"]
COMPARED = ("fiscal_year", "target", "actual", "note")
KINDS = ("added", "changed", "unchanged", "removed", "kept")
Slices = set[tuple[str, str, int]]  # (dataset, province, period): the slices the files bring
CHANGE_COLUMNS = ["change", *KEY, "field", "old", "new"]
BLANK = "\x00"  # a blank cell's text when two columns are compared (a blank equals a blank)


def comparable(column: pd.Series) -> list[str | None]:
    """Each cell as text to compare, a blank as None; a list (a unit's nine scores) as one value."""
    values = column.astype(object)
    blank = values.isna().tolist()
    return [
        None if gap else str(list(v)) if isinstance(v, (list, tuple)) else str(v)
        for v, gap in zip(values.tolist(), blank, strict=True)
    ]


def _compared(dataset: str) -> list[str]:
    if dataset == RECORDS:
        return ["program_year", "indicator", *COMPARED]
    return [c for c in DATASETS[dataset].columns if c not in ("sheet", "row", "file_id")]  # where is no change


def in_period(frame: pd.DataFrame, province: str, fiscal_year: int) -> pd.Series:
    """Rows of ``frame`` for one province's fiscal year (a blank year is in none)."""
    year = pd.to_numeric(frame["fiscal_year"], errors="coerce")
    return (frame["province_code"] == province) & (year == fiscal_year).fillna(False).astype(bool)


def period_rows(tracker: Tracker, province: str, fiscal_year: int) -> list[tuple]:
    """Every row of one province's fiscal year, in every dataset, as comparable tuples."""
    found: list[tuple] = []
    for name, frame in frames(tracker).items():
        if not frame.empty:
            mine = frame[in_period(frame, province, fiscal_year)]
            found += [(name, *row) for row in zip(*(comparable(mine[c]) for c in _compared(name)), strict=True)]
    return found


def _texts(records: pd.DataFrame) -> pd.DataFrame:
    """The records' keys, each compared value as text (``<field>``) and as it is (``<field>_is``)."""
    out = pd.DataFrame({k: records[k].astype(object).to_numpy() for k in KEY})
    for field in COMPARED:
        out[field] = comparable(records[field])
        out[f"{field}_is"] = records[field].astype(object).to_numpy()
    return out


def _row(kind: str, r: dict, field: str, old: object, new: object) -> dict:
    return {"change": kind, **{k: r[k] for k in KEY}, "field": field, "old": plain(old), "new": plain(new)}


def record_changes(old: Tracker | None, new: Tracker) -> pd.DataFrame:
    """One row per record added or removed and per value changed (``CHANGE_COLUMNS``); values as
    they are, a blank as None."""
    old = old or empty_tracker()
    both = _texts(old.records).merge(
        _texts(new.records), on=KEY, how="outer", suffixes=("_old", "_new"), indicator=True
    )
    rows = [
        _row("added", r, "actual", None, r["actual_is_new"])
        for r in both[both["_merge"] == "right_only"].to_dict("records")
    ]
    rows += [
        _row("removed", r, "actual", r["actual_is_old"], None)
        for r in both[both["_merge"] == "left_only"].to_dict("records")
    ]
    common = both[both["_merge"] == "both"]
    for field in COMPARED:
        moved = common[common[f"{field}_old"].fillna(BLANK) != common[f"{field}_new"].fillna(BLANK)]
        rows += [
            _row("changed", r, field, r[f"{field}_is_old"], r[f"{field}_is_new"]) for r in moved.to_dict("records")
        ]
    frame = pd.DataFrame(rows, columns=CHANGE_COLUMNS, dtype=object)  # object: a blank stays None, never NaN
    return frame.sort_values(["change", *KEY], kind="stable").reset_index(drop=True)


def _dataset_counts(old: pd.DataFrame, new: pd.DataFrame, name: str, counts: dict) -> None:
    def rows(frame: pd.DataFrame) -> dict[str, set[tuple]]:
        out: dict[str, set[tuple]] = {}
        if not frame.empty:
            texts = zip(*(comparable(frame[c]) for c in _compared(name)), strict=True)
            for code, row in zip(frame["province_code"].tolist(), texts, strict=True):
                out.setdefault(code, set()).add(row)
        return out

    before, after = rows(old), rows(new)
    for code in set(before) | set(after):
        a, b = before.get(code, set()), after.get(code, set())
        entry = counts.setdefault(code, dict.fromkeys(KINDS, 0))
        entry["unchanged"] += len(a & b)
        entry["added"] += len(b - a)
        entry["removed"] += len(a - b)


def _inside(frame: pd.DataFrame, name: str, touched: Slices | None) -> pd.Series:
    """Which rows of ``frame`` lie in the slices ``touched`` (every row when None)."""
    if touched is None or frame.empty:
        return pd.Series(True, index=frame.index, dtype=bool)
    periods = pd.to_numeric(frame[period_column(name)], errors="coerce").tolist()
    keys = zip(frame["province_code"].tolist(), periods, strict=True)
    return pd.Series([p == p and (name, code, int(p)) in touched for code, p in keys], index=frame.index, dtype=bool)


def changes_by_province(old: Tracker | None, new: Tracker, touched: Slices | None = None) -> pd.DataFrame:
    """Per province: rows added, changed, unchanged and removed (records and every dataset).

    With ``touched`` (the slices the files bring), "unchanged" counts only rows of those slices,
    the rows a file holds, and "kept" the province's other rows, which the files leave alone
    (a 50-row file is not "724 unchanged", issue 24). Each count is of rows, not of values.
    """
    old = old or empty_tracker()
    changes = record_changes(old, new)
    counts: dict[str, dict[str, int]] = {}
    for kind in ("added", "removed", "changed"):
        rows = changes[changes["change"] == kind].drop_duplicates(KEY)
        for code, n in rows["province_code"].value_counts().items():
            counts.setdefault(code, dict.fromkeys(KINDS, 0))[kind] += int(n)
    inside = _inside(new.records, RECORDS, touched)
    for code, n in new.records[inside].groupby("province_code").size().items():
        entry = counts.setdefault(code, dict.fromkeys(KINDS, 0))
        entry["unchanged"] += int(n) - entry["added"] - entry["changed"]
    for name in DATASETS:
        before, after = old.dataset(name), new.dataset(name)
        _dataset_counts(before[_inside(before, name, touched)], after[_inside(after, name, touched)], name, counts)
    for name, frame in frames(new).items():
        for code, n in frame[~_inside(frame, name, touched)].groupby("province_code").size().items():
            counts.setdefault(code, dict.fromkeys(KINDS, 0))["kept"] += int(n)
    frame = pd.DataFrame([{"province_code": c, **v} for c, v in sorted(counts.items())])
    return frame if not frame.empty else pd.DataFrame(columns=["province_code", *KINDS])


def same_data(old: Tracker | None, new: Tracker) -> bool:
    """Nothing would change: no row added, changed or removed, and no province's details differ."""
    if old is None:
        return False
    changes = changes_by_province(old, new)
    if not changes.empty and int(changes[["added", "changed", "removed"]].to_numpy().sum()):
        return False
    return _plain_provinces(old).equals(_plain_provinces(new)) and old.catalogue.codes == new.catalogue.codes


def _plain_provinces(tracker: Tracker) -> pd.DataFrame:
    frame = tracker.provinces.astype(object)
    return frame.where(frame.notna(), None).sort_values("province_code").reset_index(drop=True)
