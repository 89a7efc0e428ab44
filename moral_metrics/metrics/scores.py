"""Achievement per indicator, score per goal area and overall, and status bands.

achievement = actual / target (yes/no: 1 or 0 against a target of 1). No target, a target of 0
or no actual means no achievement: "no data", never 0. An area's score is the mean of its
achievements each capped at 1.0; overall is the mean of the area scores that were reported.

Partial years tell the truth: each row says how many areas it rests on (``areas_reported`` of
``areas_total``); an overall score resting on fewer than all areas is "incomplete", never
"achieved", and one resting on none is "no_data" (shown as "not reported").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.model import SUMMARY_COLUMNS
from moral_metrics.reference.catalogue import Catalogue, areas
from moral_metrics.reference.settings import StatusBands, settings

STATUSES = ("achieved", "on_track", "at_risk", "behind", "incomplete", "no_data")
SCORED = STATUSES[:4]  # the bands of a score resting on every area
# Where a province has no row for a year: its programme has not reached that year yet, or it
# is not in the tracker at all. Neither is a status of a score; both are told apart on the map.
NOT_STARTED = "not_started"
UNTRACKED = "untracked"
OVERALL = "overall"


def achievement(records: pd.DataFrame) -> pd.Series:
    target = records["target"].astype(float)
    if "kind" in records:
        target = target.where(~((records["kind"] == "yesno") & target.isna()), 1.0)
    actual = records["actual"].astype(float)
    usable = target.gt(0) & actual.notna()
    return (actual / target).where(usable)


def status_bounds() -> tuple[float, ...]:
    """The lower bounds of the bands, highest first (a shown score keeps to its band's side)."""
    bands = settings().status
    return (bands.achieved, bands.on_track, bands.at_risk)


def status(score: pd.Series | float, bands: StatusBands) -> pd.Series:
    values = pd.Series(score, dtype=float)
    choice = np.select(
        [values.isna(), values >= bands.achieved, values >= bands.on_track, values >= bands.at_risk],
        ["no_data", "achieved", "on_track", "at_risk"],
        default="behind",
    )
    return pd.Series(choice, index=values.index, dtype=object)


def summarise(records: pd.DataFrame, catalogue: Catalogue, bands: StatusBands) -> pd.DataFrame:
    """One row per province, programme year and area, plus ``overall`` per province and year."""
    if records.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    area_of = {i.code: i.area for i in catalogue.indicators}
    frame = records.assign(area=records["indicator"].map(area_of), capped=records["achievement"].clip(upper=1.0))
    keys = frame[["province_code", "program_year"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"area": [a.code for a in areas()]}), how="cross")
    scores = frame.groupby(["province_code", "program_year", "area"], as_index=False)["capped"].mean()
    per_area = grid.merge(scores, how="left", on=["province_code", "program_year", "area"])
    per_area = per_area.rename(columns={"capped": "score"})
    per_area["areas_reported"] = per_area["score"].notna().astype(int)
    per_area["areas_total"] = 1
    overall = per_area.groupby(["province_code", "program_year"], as_index=False).agg(
        score=("score", "mean"), areas_reported=("areas_reported", "sum"), areas_total=("areas_total", "sum")
    )
    overall["area"] = OVERALL
    out = pd.concat([per_area, overall[per_area.columns]], ignore_index=True)
    out["status"] = status(out["score"], bands).values
    partial = (out["areas_reported"] > 0) & (out["areas_reported"] < out["areas_total"])
    out.loc[partial, "status"] = "incomplete"
    order = {a.code: a.order for a in areas()} | {OVERALL: 99}
    out = out.sort_values(
        ["province_code", "program_year", "area"], key=lambda s: s.map(order) if s.name == "area" else s
    )
    return out[SUMMARY_COLUMNS].reset_index(drop=True)


def not_started(tracker_records: pd.DataFrame, provinces: pd.DataFrame, year: int) -> set[str]:
    """Provinces whose programme has not reached ``year`` by the latest fiscal year reported.

    A province in the tracker with no row for a year it has reached did not report it.
    """
    latest = pd.to_numeric(tracker_records["fiscal_year"], errors="coerce").max()
    starts = pd.to_numeric(provinces.set_index("province_code")["start_year"], errors="coerce")
    if pd.isna(latest):
        return set()
    return {str(code) for code, start in starts.items() if pd.notna(start) and start + year - 1 > latest}


def year_status(summary: pd.DataFrame, provinces: pd.DataFrame, records: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every province of the tracker at ``year``: its overall row, or "no_data" (not reported)
    when it reached that year without reporting it, or "not_started" when it has not reached it."""
    rows = summary[(summary["program_year"] == year) & (summary["area"] == OVERALL)]
    columns = ["province_code", "score", "status", "areas_reported", "areas_total"]
    missing = [c for c in provinces["province_code"] if c not in set(rows["province_code"])]
    later = not_started(records, provinces, year)
    extra = pd.DataFrame(
        {
            "province_code": missing,
            "score": [np.nan] * len(missing),
            "status": [NOT_STARTED if c in later else "no_data" for c in missing],
            "areas_reported": [0] * len(missing),
            "areas_total": [len(areas())] * len(missing),
        }
    )
    parts = [p for p in (rows[columns], extra) if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
