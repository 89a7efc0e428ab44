"""Two or three sentences about a province, generated from its figures, in Thai or English."""

from __future__ import annotations

import pandas as pd

from moral_metrics.metrics.scores import OVERALL
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import areas
from moral_metrics.reference.formats import percent
from moral_metrics.reference.i18n import t

FLAT = 0.05  # a change of overall score smaller than this reads as "held steady"


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("summary.and", lang) + items[-1]


def _focus(summary: pd.DataFrame, years: range) -> int | None:
    """The latest year in range with any area score."""
    scored = summary[summary["program_year"].isin(years) & summary["score"].notna()]
    return int(scored["program_year"].max()) if not scored.empty else None


def province_summary(tracker: Tracker, province: str, years: range, lang: str = "th") -> str:
    mine = tracker.summary[tracker.summary["province_code"] == province]
    year = _focus(mine, years)
    if year is None:
        return t("summary.no_data", lang)
    now = mine[(mine["program_year"] == year) & (mine["area"] != OVERALL)].set_index("area")
    names = {a.code: a.name(lang) for a in areas()}
    scored = now[now["score"].notna()]
    met = int((scored["status"] == "achieved").sum())
    first = t("summary.achieved", lang, year=year, count=met, total=len(now))  # of all areas, reported or not
    below = scored[scored["status"] != "achieved"].sort_values("score")
    if below.empty:
        first += t("summary.joiner", lang) + t("summary.all_met", lang)
    else:
        weakest = below.index[0]
        first += t("summary.joiner", lang) + t(
            "summary.weakest", lang, area=names[weakest], score=percent(below.iloc[0]["score"])
        )
    sentences = [first]
    overall = mine[(mine["area"] == OVERALL) & mine["program_year"].isin(years)].dropna(subset=["score"])
    overall = overall[overall["status"] != "incomplete"]  # a partial year is no trend
    overall = overall.sort_values("program_year")
    if len(overall) >= 2:
        a, b = overall.iloc[0], overall.iloc[-1]
        change = b["score"] - a["score"]
        key = (
            "summary.trend_flat" if abs(change) < FLAT else ("summary.trend_up" if change > 0 else "summary.trend_down")
        )
        sentences.append(
            t(key, lang, first=percent(a["score"]), first_year=int(a["program_year"]), last=percent(b["score"]))
        )
    missing = now[now["score"].isna()].index.tolist()
    if missing:
        sentences.append(t("summary.missing", lang, areas=_join([names[m] for m in missing], lang)))
    end = "" if lang == "th" else "."
    return " ".join(s + end for s in sentences)
