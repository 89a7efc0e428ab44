"""Check the events sheet (กิจกรรม / ปฏิทินความดี): what happened, when, where, with how many.

Contract: ``check_events`` takes the raw table (``parse.cells`` shape: date, end_date, province,
district, kind, title, networks, participants, virtues, each with ``_col``) and returns the good
rows with ``model.EVENT_COLUMNS``. Cross-checks (warnings with both numbers): the assemblies and
exchanges of a fiscal year against the indicator ``exchange_events``, their participants against
``participants``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.checks.common import provinces, texts, too_long, words
from moral_metrics.checks.consent import public_flags
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.recognition import dates, districts, participants, virtue_lists
from moral_metrics.model import EVENT_COLUMNS
from moral_metrics.parse.cells import at
from moral_metrics.reference.messages import Position, Problems
from moral_metrics.reference.parts import provides
from moral_metrics.reference.recognition import word

EXCHANGE_KINDS = ("assembly", "exchange")  # what the indicator exchange_events counts
CROSS_CHECKS = (("exchange_events", "events", "events_mismatch"), ("participants", "people", "participants_mismatch"))


def _end_before_start(raw: pd.DataFrame, start: pd.Series, end: pd.Series, problems: Problems) -> np.ndarray:
    wrong = np.array([bool(s and e and e < s) for s, e in zip(start, end, strict=True)], dtype=bool)
    for n in np.flatnonzero(wrong):
        problems.add(
            "end_before_start", at=at(raw.iloc[n], "end_date"), value=end.iloc[n], start=start.iloc[n], end=end.iloc[n]
        )
    return wrong


def exchange_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Per (province, fiscal year): assemblies and exchanges (``events``) and their participants (``people``)."""
    mine = events[events["kind"].isin(EXCHANGE_KINDS)]
    keys = [mine["province_code"], mine["fiscal_year"]]
    people = mine["participants"].astype("Float64").fillna(0)
    return pd.DataFrame({"events": mine.groupby(keys).size(), "people": people.groupby(keys).sum()})


def cross_check(events: pd.DataFrame, records: pd.DataFrame, problems: Problems) -> None:
    """Warn where a province-year's reported indicator differs from what the events sheet counts."""
    if events.empty or records.empty:
        return
    counts = exchange_counts(events)
    for indicator, measure, code in CROSS_CHECKS:
        reported = records[(records["indicator"] == indicator) & records["actual"].notna()]
        for row in reported.itertuples(index=False):
            found = (row.province_code, row.fiscal_year)
            if pd.isna(row.fiscal_year) or found not in counts.index:
                continue
            counted, actual = int(counts.loc[found, measure]), float(row.actual)
            if counted != actual:
                value = int(actual) if actual.is_integer() else actual
                where = Position(row.sheet, int(row.row))
                year = int(row.fiscal_year)
                problems.add(code, at=where, province=row.province_code, year=year, reported=value, counted=counted)


@provides("check", "events")
def check_events(raw: pd.DataFrame, context: CheckContext, problems: Problems) -> pd.DataFrame:
    """Resolve, parse and check every event row; return the good ones (``EVENT_COLUMNS``)."""
    frame = raw.reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    limits = context.settings.limits
    province = provinces(frame, context, problems)
    kind = words(frame, "kind", lambda v: word("event_kind", v), "unknown_kind", problems, sheet_kind="event_kind")
    title = texts(frame, "title", problems)
    start = dates(frame, "date", context, problems, required=True)
    end = dates(frame, "end_date", context, problems, required=False)
    district, people = districts(frame, province.values, problems), participants(frame, problems)
    virtues = virtue_lists(frame, problems, required=False)
    backwards = _end_before_start(frame, start.values, end.values, problems)
    long = too_long(frame, "title", limits.max_name_chars, problems) | too_long(
        frame, "networks", limits.max_text_chars, problems
    )
    public = public_flags(frame, problems)  # an event is not personal data: public unless it says no
    failed = [province, kind, title, district, people, virtues]
    bad = np.logical_or.reduce([c.failed for c in failed]) | start.failed | end.failed | backwards | long
    rows = pd.DataFrame(
        {
            "province_code": province.values,
            "district_code": district.values,
            "date": start.values,
            "end_date": end.values,
            "fiscal_year": start.fiscal,
            "kind": kind.values,
            "title": title.values,
            "participants": people.values,
            "virtues": virtues.values,
            "networks": texts(frame, "networks").values,
            "public": public.values.astype(bool),
            "sheet": frame["sheet"],
            "row": frame["row"].astype("int64"),
            "file_id": None,  # given when the upload is stored
        }
    )[list(EVENT_COLUMNS)]
    events = rows.loc[~bad].reset_index(drop=True)
    cross_check(events, context.records, problems)
    return events
