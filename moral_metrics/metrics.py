"""Achievement per indicator, score per goal area and overall, and status bands.

achievement = actual / target (yes/no: 1 or 0 against a target of 1). No target, a target of 0
or no actual means no achievement: "no data", never 0. An area's score is the mean of its
achievements each capped at 1.0; overall is the mean of the area scores.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.model import SUMMARY_COLUMNS
from moral_metrics.reference.catalogue import Catalogue, areas
from moral_metrics.reference.settings import StatusBands

STATUSES = ("achieved", "on_track", "at_risk", "behind", "no_data")
OVERALL = "overall"


def achievement(records: pd.DataFrame) -> pd.Series:
    target = records["target"].astype(float)
    if "kind" in records:
        target = target.where(~((records["kind"] == "yesno") & target.isna()), 1.0)
    actual = records["actual"].astype(float)
    usable = target.gt(0) & actual.notna()
    return (actual / target).where(usable)


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
    overall = per_area.groupby(["province_code", "program_year"], as_index=False)["score"].mean()
    overall["area"] = OVERALL
    out = pd.concat([per_area, overall[per_area.columns]], ignore_index=True)
    out["status"] = status(out["score"], bands).values
    order = {a.code: a.order for a in areas()} | {OVERALL: 99}
    out = out.sort_values(
        ["province_code", "program_year", "area"], key=lambda s: s.map(order) if s.name == "area" else s
    )
    return out[SUMMARY_COLUMNS].reset_index(drop=True)
