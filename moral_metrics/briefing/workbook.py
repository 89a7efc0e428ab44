"""The published data as a tracker workbook the app writes: every sheet kind in the template's
layout, so that the file reads back as the same data (a province's own workbook, issue 24), and
through the privacy mask (``figures.privacy``) for whoever may not see private names (issue 22)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pandas as pd
from openpyxl import Workbook

from moral_metrics.briefing.template import ProvinceRow, tracker_book
from moral_metrics.figures.privacy import Audience, for_audience
from moral_metrics.model import Tracker
from moral_metrics.reference.calendar import be_year
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.i18n import t
from moral_metrics.reference.provinces import province_name

KEPT_PHOTOS = ("https://", "image:")  # a link, or a kept photo's reference: read back as the same photo


def _plain(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _be(value: object) -> str | None:
    """An ISO (Common Era) date as a tracker writes it: day/month/Buddhist-Era year."""
    if not isinstance(value, str) or not value:
        return None
    day = dt.date.fromisoformat(value)
    return f"{day.day}/{day.month}/{be_year(day.year)}"


def _district(code: object, lang: str) -> str | None:
    found = district_index().by_code.get(code) if isinstance(code, str) else None
    return found.name(lang) if found else None


def _province(code: str, lang: str) -> str:
    return province_name(code, lang)


def _virtues(codes: object, lang: str) -> str | None:
    return ", ".join(t(f"virtue.{v}", lang) for v in codes) if isinstance(codes, (list, tuple)) and codes else None


def _progress(tracker: Tracker, lang: str) -> list[dict]:
    return [
        {
            "province": _province(r["province_code"], lang),
            "program_year": _plain(r["program_year"]),
            "fiscal_year": _plain(r["fiscal_year"]),
            "indicator": tracker.catalogue.get(r["indicator"]).name(lang),
            "target": _plain(r["target"]),
            "actual": _plain(r["actual"]),
            "note": _plain(r["note"]),
        }
        for r in tracker.records.to_dict("records")
    ]


def _units(tracker: Tracker, lang: str) -> list[dict]:
    rows = []
    for r in tracker.dataset("units").to_dict("records"):
        scores = r["scores"] if isinstance(r["scores"], (list, tuple)) else [None] * 9
        row = {
            "province": _province(r["province_code"], lang),
            "district": _district(r["district_code"], lang),
            "unit_type": t(f"unit_type.{r['unit_type']}", lang),
            "unit_name": r["name"],
            "fiscal_year": _plain(r["fiscal_year"]),
            "level": t(f"level.{int(r['level'])}", lang),
        }
        rows.append(row | {f"score_{n}": _plain(s) for n, s in enumerate(scores, start=1)})
    return rows


def _honourees(tracker: Tracker, lang: str) -> list[dict]:
    hidden = t("fame.private_name", lang)
    return [
        {
            "province": _province(r["province_code"], lang),
            "district": _district(r["district_code"], lang),
            "honoured_on": _be(r["date"]) or _plain(r["fiscal_year"]),
            "honouree_kind": t(f"honouree_kind.{r['kind']}", lang),
            "honouree_name": r["name"] if isinstance(r["name"], str) else hidden,
            "virtues": _virtues(r["virtues"], lang),
            "citation": r["citation"],
            "photo": r["photo"] if isinstance(r["photo"], str) and r["photo"].startswith(KEPT_PHOTOS) else None,
            "public": t(f"template.public_{'yes' if r['public'] else 'no'}", lang),
        }
        for r in tracker.dataset("honourees").to_dict("records")
    ]


def _events(tracker: Tracker, lang: str) -> list[dict]:
    return [
        {
            "event_start": _be(r["date"]),
            "event_end": _be(r["end_date"]),
            "province": _province(r["province_code"], lang),
            "district": _district(r["district_code"], lang),
            "event_kind": t(f"event_kind.{r['kind']}", lang),
            "event_title": r["title"] if isinstance(r["title"], str) else t("calendar.not_public", lang),
            "event_networks": r["networks"],
            "participants": _plain(r["participants"]),
            "virtues": _virtues(r["virtues"], lang),
            "public": t(f"template.public_{'no' if r.get('public') is False else 'yes'}", lang),
        }
        for r in tracker.dataset("events").to_dict("records")
    ]


def published_workbook(tracker: Tracker, lang: str, audience: Audience, provinces: list[str] | None = None) -> bytes:
    """The published data (of ``provinces``, default all) as a tracker workbook, as ``audience``
    may see it: private names of other provinces are written as "name not public"."""
    out = io.BytesIO()
    published_book(tracker, lang, audience, provinces).save(out)
    return out.getvalue()


def published_book(
    tracker: Tracker, lang: str, audience: Audience, provinces: list[str] | None = None, blank_rows: int = 0
) -> Workbook:
    """``published_workbook`` before it is saved; one province's book lists only its districts."""
    seen = for_audience(tracker, audience)
    if provinces is not None:
        keep = set(provinces)
        seen = replace(
            seen,
            provinces=seen.provinces[seen.provinces["province_code"].isin(keep)],
            records=seen.records[seen.records["province_code"].isin(keep)],
            datasets={n: f[f["province_code"].isin(keep)] for n, f in seen.datasets.items()},
        )
    rows = [
        ProvinceRow(_province(r["province_code"], lang), _plain(r["start_year"]), _plain(r["networks"]))
        for r in seen.provinces.to_dict("records")
    ]
    return tracker_book(
        rows,
        _progress(seen, lang),
        lang=lang,
        catalogue=seen.catalogue,
        blank_rows=blank_rows,
        districts_of=provinces[0] if provinces is not None and len(provinces) == 1 else None,
        units=_units(seen, lang),
        honourees=_honourees(seen, lang),
        events=_events(seen, lang),
    )
