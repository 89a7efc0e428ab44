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

from moral_metrics.checks.assessments import _provinces
from moral_metrics.checks.consent import public_flags, too_long
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.recognition import dates, districts, kinds, participants, texts, virtue_lists
from moral_metrics.model import EVENT_COLUMNS
from moral_metrics.parse.cells import at
from moral_metrics.reference.messages import Position, Problems

EXCHANGE_KINDS = ("assembly", "exchange")  # what the indicator exchange_events counts
CROSS_CHECKS = (("exchange_events", "events", "events_mismatch"), ("participants", "people", "participants_mismatch"))


def _end_before_start(frame: pd.DataFrame, problems: Problems) -> np.ndarray:
    start, end = frame["date_value"].to_numpy(object), frame["end_date_value"].to_numpy(object)
    wrong = np.array([bool(s and e and e < s) for s, e in zip(start, end, strict=True)], dtype=bool)
    for n in np.flatnonzero(wrong):
        row = frame.iloc[n]
        problems.add("end_before_start", at=at(row, "end_date"), value=end[n], start=start[n], end=end[n])
    return wrong


def _events(good: pd.DataFrame) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "province_code": good["province_code"],
            "district_code": good["district_code"],
            "date": good["date_value"],
            "end_date": good["end_date_value"],
            "fiscal_year": good["date_fiscal"].astype("int64"),
            "kind": good["kind_code"],
            "title": good["title_text"],
            "participants": good["participant_count"].astype("Int64"),
            "virtues": good["virtue_codes"],
            "networks": good["networks_text"],
            "public": good["public_flag"].astype(bool),
            "sheet": good["sheet"],
            "row": good["row"].astype("int64"),
        }
    )
    return rows[list(EVENT_COLUMNS)].reset_index(drop=True)


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


def check_events(raw: pd.DataFrame, context: CheckContext, problems: Problems) -> pd.DataFrame:
    """Resolve, parse and check every event row; return the good ones (``EVENT_COLUMNS``)."""
    frame = raw.reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(EVENT_COLUMNS))
    bad = _provinces(frame, context, problems).copy()
    bad |= kinds(frame, "event_kind", problems)
    bad |= texts(frame, "title", problems)
    bad |= dates(frame, "date", context, problems, required=True)
    bad |= dates(frame, "end_date", context, problems, required=False)
    bad |= districts(frame, problems)
    bad |= participants(frame, problems)
    bad |= virtue_lists(frame, problems, required=False)
    bad |= _end_before_start(frame, problems)
    bad |= too_long(frame, "title", context.settings.limits.max_name_chars, problems)
    bad |= too_long(frame, "networks", context.settings.limits.max_text_chars, problems)
    bad |= public_flags(frame, problems)  # an event is not personal data: public unless it says no
    texts(frame, "networks")
    events = _events(frame.loc[~bad])
    cross_check(events, context.records, problems)
    return events
