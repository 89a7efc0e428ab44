"""The Hall of Fame (ทำเนียบคนดี): who may see which honouree, filters, cards, counts by virtue.

Privacy: the tracker given here is already the one its reader may see (``figures.privacy``); a
card of a person whose name is not public shows their kind, province and fiscal year only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from moral_metrics.figures.style import apply, empty, series_color
from moral_metrics.model import Tracker
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import date_text, t
from moral_metrics.reference.recognition import VIRTUES, title_prefixes
from moral_metrics.reference.vocabulary import key


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    district: str | None = None
    virtue: str | None = None
    kind: str | None = None
    fiscal_year: int | None = None
    search: str = ""


def filtered(honourees: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Rows matching every filter given; the search matches names as shown (so never a hidden one)."""
    keep = pd.Series(True, index=honourees.index)
    for column, value in (("province_code", f.province), ("district_code", f.district), ("kind", f.kind)):
        if value:
            keep &= honourees[column] == value
    if f.fiscal_year:
        keep &= honourees["fiscal_year"] == f.fiscal_year
    if f.virtue:
        keep &= honourees["virtues"].map(lambda vs: f.virtue in (vs or []))
    if f.search.strip():
        wanted = key(f.search)
        keep &= honourees["name"].map(lambda n: isinstance(n, str) and wanted in key(n))
    rows = honourees[keep]
    order = rows["date"].fillna(rows["fiscal_year"].astype(str)).astype(str)
    return rows.assign(_order=order).sort_values("_order", ascending=False, kind="stable").drop(columns="_order")


def virtue_counts(honourees: pd.DataFrame) -> pd.Series:
    """Honourees per virtue (all five, zero where none); one honouree counts for each of its virtues."""
    counts = pd.Series(0, index=list(VIRTUES), dtype=int)
    for virtues in honourees["virtues"]:
        for v in virtues or []:
            counts[v] += 1
    return counts


def virtue_chart(honourees: pd.DataFrame, title: str, lang: str) -> go.Figure:
    """Horizontal bars: honourees per virtue."""
    if honourees.empty:
        return empty(title, t("fame.none", lang))
    counts = virtue_counts(honourees)
    labels = [t(f"virtue.{v}", lang) for v in counts.index]
    colors = [series_color(n) for n in range(len(counts))]
    shown = [number_text(c) for c in counts]
    fig = go.Figure(go.Bar(x=counts.to_list(), y=labels, orientation="h", marker={"color": colors}, text=shown))
    fig.update_traces(hovertemplate="%{y}: %{x:,}<extra></extra>", textposition="auto")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(title=t("fame.axis_count", lang), rangemode="tozero", tickformat=",d")  # 1,000
    return apply(fig, title, height=320, legend=False)


@dataclass(frozen=True)
class Card:
    name: str | None  # None when not public and the reader is no editor
    initials: str
    kind: str
    place: str  # district, province
    when: str
    virtues: tuple[str, ...]
    citation: str | None
    photo: str | None  # a stored photo's reference ("image:<sha256>"), never a link to elsewhere
    public: bool


def initials(name: str | None) -> str:
    """Up to two letters for an avatar: first letters of the first and last words, a title
    (นาย, นางสาว, Mr.; ``data/recognition.csv``) left out whether written apart or joined."""
    words = (name or "").split()
    if words and words[0].casefold() in title_prefixes() and len(words) > 1:
        words = words[1:]
    if not words:
        return "?"
    first = words[0]
    for prefix in title_prefixes():  # longest first
        if first.casefold().startswith(prefix) and len(first) - len(prefix) >= 2:
            first = first[len(prefix) :]
            break
    last = next((w for w in reversed(words[1:]) if w[:1].isalpha()), None)  # not a number such as "2"
    picked = [first] + ([last] if last else [])
    return "".join(_letter(w) for w in picked).upper()


def _letter(word: str) -> str:
    """A word's first letter; a Thai leading vowel (เ แ โ ใ ไ) takes the consonant after it along."""
    return word[:2] if word[:1] in "เแโใไ" else word[:1]


def when_text(date: object, fiscal_year: int, lang: str) -> str:
    if isinstance(date, str) and date:
        return date_text(dt.date.fromisoformat(date), lang)
    return t("fame.fiscal_only", lang, year=int(fiscal_year))


def place_text(district: object, province: str, names: dict[str, str], lang: str) -> str:
    found = district_index().by_code.get(district) if isinstance(district, str) else None
    where = names.get(province, province)
    return f"{found.name(lang)}, {where}" if found else where


def cards(honourees: pd.DataFrame, names: dict[str, str], lang: str) -> list[Card]:
    """A card per row, in the rows' order (names already masked for viewers)."""
    out = []
    for row in honourees.to_dict("records"):
        photo = row.get("photo")
        link = photo if isinstance(photo, str) and photo.startswith("image:") else None
        hidden = not row["public"] and not isinstance(row["name"], str)  # a person this reader may not know
        out.append(
            Card(
                name=row["name"] if isinstance(row["name"], str) else None,
                initials=initials(row["name"] if isinstance(row["name"], str) else None),
                kind=t(f"honouree_kind.{row['kind']}", lang),
                place=place_text(row["district_code"], row["province_code"], names, lang),
                when=when_text(row["date"], row["fiscal_year"], lang),
                virtues=() if hidden else tuple(t(f"virtue.{v}", lang) for v in row["virtues"] or []),
                citation=row["citation"] if isinstance(row["citation"], str) else None,
                photo=link,
                public=bool(row["public"]),
            )
        )
    return out


@dataclass(frozen=True)
class Choices:
    """The Hall of Fame's filter choices (every honouree's province, district and fiscal year)."""

    provinces: tuple[str, ...]
    years: tuple[int, ...]
    total: int


def choices(tracker: Tracker, lang: str) -> Choices:
    people = tracker.dataset("honourees")
    present = set(people["province_code"])
    years = tuple(sorted({int(y) for y in people["fiscal_year"]}))
    return Choices(tuple(c for c in tracker.province_codes if c in present), years, len(people))


def matching(tracker: Tracker, f: Filters, lang: str) -> tuple[int, go.Figure]:
    """How many honourees match the filters, and their counts by virtue."""
    shown = filtered(tracker.dataset("honourees"), f)
    return len(shown), virtue_chart(shown, t("fame.by_virtue", lang), lang)


def cards_page(tracker: Tracker, f: Filters, limit: int, lang: str) -> list[Card]:
    """The cards of the first ``limit`` matching honourees (a page sends no more)."""
    return cards(filtered(tracker.dataset("honourees"), f).head(limit), tracker.province_names(lang), lang)
