"""Tables for pages and exports, with labels in the reader's language."""

from __future__ import annotations

import pandas as pd

from moral_metrics.catalogue import areas
from moral_metrics.i18n import t
from moral_metrics.metrics import OVERALL
from moral_metrics.tracker import Tracker


def area_scores(tracker: Tracker, lang: str = "th") -> pd.DataFrame:
    """One row per province and programme year, one column per area plus overall (0-1 or empty)."""
    names = tracker.provinces.set_index("province_code")["province_en" if lang == "en" else "province_th"]
    fiscal = tracker.records.groupby(["province_code", "program_year"])["fiscal_year"].first()
    wide = tracker.summary.pivot(index=["province_code", "program_year"], columns="area", values="score")
    order = [a.code for a in areas()] + [OVERALL]
    wide = wide.reindex(columns=order)
    labels = {a.code: a.short(lang) for a in areas()} | {OVERALL: t("area.overall", lang)}
    out = wide.rename(columns=labels).reset_index()
    out.insert(0, t("app.province", lang), out["province_code"].map(names))
    out.columns.name = None
    out.insert(
        3,
        t("app.fiscal_year", lang),
        [fiscal.get(k) for k in zip(out["province_code"], out["program_year"], strict=True)],
    )
    out = out.rename(columns={"program_year": t("app.program_year", lang)})
    return out.drop(columns="province_code")
