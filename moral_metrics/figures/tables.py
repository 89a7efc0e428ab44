"""Tables for pages and exports, with headers and labels in the reader's language."""

from __future__ import annotations

import re

import pandas as pd

from moral_metrics.figures.safety import display_text, markdown_text, neutralise
from moral_metrics.figures.text import unbroken
from moral_metrics.metrics.scores import OVERALL, status
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import MISSING, is_missing, number_text, percent, year_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.settings import settings


def aligned_scores(tracker: Tracker, lang: str = "th", provinces: list[str] | None = None) -> pd.DataFrame:
    """One row per province and programme year, one column per area plus overall (0-1 or empty)."""
    summary = tracker.summary
    if provinces is not None:
        summary = summary[summary["province_code"].isin(provinces)]
    fiscal = tracker.records.groupby(["province_code", "program_year"])["fiscal_year"].first()
    wide = summary.pivot(index=["province_code", "program_year"], columns="area", values="score")
    wide = wide.reindex(columns=[a.code for a in areas()] + [OVERALL])
    labels = {a.code: a.short(lang) for a in areas()} | {OVERALL: t("area.overall", lang)}
    out = wide.rename(columns=labels).reset_index()
    out.columns.name = None
    out.insert(0, t("col.province", lang), out["province_code"].map(tracker.province_names(lang)))
    keys = zip(out["province_code"], out["program_year"], strict=True)
    out.insert(3, t("col.fiscal_year", lang), [fiscal.get(k) for k in keys])
    overall = summary[summary["area"] == OVERALL].set_index(["province_code", "program_year"])
    keys = list(zip(out["province_code"], out["program_year"], strict=True))
    out[t("col.areas_reported", lang)] = [
        f"{int(overall.at[k, 'areas_reported'])}/{int(overall.at[k, 'areas_total'])}" for k in keys
    ]
    out = out.rename(columns={"program_year": t("col.year", lang)})
    return out.drop(columns="province_code")


def shown_scores(table: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """``aligned_scores`` as people read it: "82%", fiscal years as digits, "–" where missing."""
    out = table.copy()
    labels = [a.short(lang) for a in areas()] + [t("area.overall", lang)]
    for column in labels:
        out[column] = out[column].map(percent)
    fiscal = t("col.fiscal_year", lang)
    out[fiscal] = out[fiscal].map(lambda v: year_text(v, missing=MISSING))
    return out


def compare_table(tracker: Tracker, provinces: tuple[str, ...], lang: str = "th") -> pd.DataFrame:
    """The Compare page's table: the chosen provinces' aligned scores as people read them."""
    return shown_scores(aligned_scores(tracker, lang, list(provinces)), lang)


def program_fiscal_years(tracker: Tracker, province: str, lang: str = "th") -> pd.DataFrame:
    """Programme year -> fiscal year (B.E.) of one province, as a one-row table."""
    mine = tracker.records[tracker.records["province_code"] == province]
    pairs = mine.groupby("program_year")["fiscal_year"].first().sort_index()
    row = {t("chart.year_n", lang, year=int(y)): ("–" if pd.isna(f) else str(int(f))) for y, f in pairs.items()}
    return pd.DataFrame([{t("col.year", lang): t("col.fiscal_year", lang), **row}])


def indicator_table(tracker: Tracker, province: str, year: int, lang: str = "th") -> pd.DataFrame:
    """Target, actual, achievement (per cent), status, area and note of every indicator of one
    province and year: what a phone must show beside the pinned name comes first. The source of a
    row is shown when it is selected, not in a column that took the names' room (issue 24)."""
    mine = tracker.records[(tracker.records["province_code"] == province) & (tracker.records["program_year"] == year)]
    area_names = {a.code: a.short(lang) for a in areas()}
    bands = status(mine["achievement"].clip(upper=1.0), settings().status)
    return pd.DataFrame(
        {
            t("col.indicator", lang): [display_text(tracker.catalogue.get(c).name(lang)) for c in mine["indicator"]],
            t("col.target", lang): mine["target"].to_numpy(),
            t("col.actual", lang): mine["actual"].to_numpy(),
            t("col.achievement", lang): (mine["achievement"] * 100).round(0).to_numpy(),
            t("col.status", lang): [t(f"status.{s}", lang) for s in bands],
            t("col.area", lang): mine["area"].map(area_names).to_numpy(),
            t("col.note", lang): [neutralise(display_text(n)) for n in mine["note"].fillna("")],
        }
    )


def source_ref(record: dict, lang: str = "th") -> str:
    """Where a record was read: "ผลการดำเนินงาน แถว 12" (its sheet and Excel row)."""
    if is_missing(record.get("sheet")) or is_missing(record.get("row")):
        return MISSING
    return t("col.source_ref", lang, sheet=neutralise(str(record["sheet"])), row=str(int(record["row"])))


def fiscal_of_years(tracker: Tracker) -> dict[int, str]:
    """Programme year -> the fiscal year(s) (B.E.) it fell in across provinces: "2565" or "2565-2567"."""
    pairs = tracker.records.dropna(subset=["fiscal_year"]).groupby("program_year")["fiscal_year"]
    out = {}
    for year, fiscal in pairs:
        low, high = int(fiscal.min()), int(fiscal.max())
        out[int(year)] = str(low) if low == high else f"{low}-{high}"
    return out


_NUMBER_LIKE = re.compile(r"^(?:[-+]?[\d,]+(?:\.\d+)?%?|\d+/\d+|–)?$")  # "1,250", "82%", "5/5", "–", blank


def markdown_table(frame: pd.DataFrame) -> str:
    """A small table in Markdown, shown by the page's own Markdown element.

    The plain table element pulls about 1 MB of Arrow code into the browser, which then delays the
    first chart of a page (issue 14); a few rows need none of it. Every cell shows exactly what
    it holds; a column of numbers (or "82%", "5/5", "–") aligns right. Headers break between
    words only (``text.unbroken``).
    """
    cells = [[_markdown_cell(v) for v in frame[c]] for c in frame.columns]
    right = [bool(column) and all(_NUMBER_LIKE.match(v.replace("\\", "")) for v in column) for column in cells]
    lines = [
        "| " + " | ".join(unbroken(_markdown_cell(c)) for c in frame.columns) + " |",
        "|" + "|".join("---:" if r else "---" for r in right) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in zip(*cells, strict=True)]
    return "\n".join(lines)


def _markdown_cell(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if is_missing(value) else markdown_text(str(value)).replace("\n", " ")
    return number_text(value, missing="")
