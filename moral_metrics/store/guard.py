"""What an editor's files may change, checked on everything a file holds before it is merged.

Scope covers every part of a file: the provinces sheet, progress records and every dataset
below the province. An indicator the published catalogue does not have changes the national
catalogue, which only a central editor may do. A locked fiscal year may arrive again unchanged;
only a change to it (a row added, changed or removed, a start year that moves it) is refused.
Every problem is collected with its cell, as the checks do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from moral_metrics.access.roles import Actor
from moral_metrics.model import Tracker
from moral_metrics.reference.catalogue import Catalogue
from moral_metrics.reference.messages import Message, Position, make
from moral_metrics.store.changes import in_period, period_rows

DETAIL_FIELDS = ("region", "start_year", "start_year_assumed", "networks")


@dataclass(frozen=True)
class Lock:
    by: str
    at: datetime


def _first_rows(frame: pd.DataFrame, outside: set[str]) -> list[tuple[str, Position, int]]:
    """Per province outside the scope: its first row's position and how many rows it has."""
    mine = frame[frame["province_code"].isin(outside)]
    found = []
    for code, group in mine.groupby("province_code", sort=True):
        first = group.iloc[0]
        row = None if pd.isna(first["row"]) else int(first["row"])
        found.append((str(code), Position(first["sheet"], row), len(group)))
    return found


def scope_problems(actor: Actor, file: str, tracker: Tracker, catalogue: Catalogue) -> list[Message]:
    """Every part of ``tracker`` that names a province outside the actor's scope, and every
    indicator it would add to the national catalogue without central rights."""
    found: list[Message] = []
    known = set(tracker.province_codes) | set(tracker.records["province_code"])
    for frame in tracker.datasets.values():
        known |= set(frame["province_code"].dropna())
    outside = set(actor.outside(known))
    common = {"name": actor.name, "file": file}
    for code, where in tracker.origins.get("provinces", {}).items():
        if code in outside:
            found.append(make("out_of_scope", detail="details", at=where, provinces=[code], **common))
    parts = {"records": tracker.records, **tracker.datasets}
    for part, frame in parts.items():
        for code, where, rows in _first_rows(frame, outside):
            found.append(
                make("out_of_scope", detail="rows", at=where, provinces=[code], rows=rows, part=part, **common)
            )
    if not actor.is_central:
        for code, where in tracker.origins.get("indicators", {}).items():
            if catalogue.find(code) is None:
                found.append(make("not_central", detail="indicator", at=where, value=code, **common))
    return found


def _first_position(incoming: list[tuple[str, Tracker]], province: str, year: int) -> tuple[str, Position]:
    """The first row of a file that brings ``province``'s fiscal ``year`` (or names the province)."""
    for file, tracker in incoming:
        for frame in (tracker.records, *tracker.datasets.values()):
            mine = frame[in_period(frame, province, year)]
            if len(mine):
                return file, Position(mine.iloc[0]["sheet"], int(mine.iloc[0]["row"]))
        where = tracker.origins.get("provinces", {}).get(province)
        if where is not None or province in tracker.province_codes:
            return file, where or Position()
    return "", Position()


def changed_rows(before: Tracker | None, after: Tracker, province: str, year: int) -> int:
    """Rows of ``province``'s fiscal ``year`` added, changed or removed between two trackers
    (a row whose value moved counts once)."""
    old = Counter(period_rows(before, province, year)) if before is not None else Counter()
    new = Counter(period_rows(after, province, year))
    return max(sum((old - new).values()), sum((new - old).values()))  # a changed row is one row, not two


def lock_problems(
    base: Tracker | None, merged: Tracker, locks: Mapping[tuple[str, int], Lock], incoming: list[tuple[str, Tracker]]
) -> list[Message]:
    """A ``locked`` message for each locked fiscal year that ``merged`` would change."""
    found = []
    for (province, year), lock in sorted(locks.items()):
        rows = changed_rows(base, merged, province, year)
        if rows:
            file, where = _first_position(incoming, province, year)
            when = lock.at.date().isoformat()
            found.append(
                make("locked", at=where, province=province, year=year, by=lock.by, when=when, rows=rows, file=file)
            )
    return found


def detail_changes(base: Tracker | None, merged: Tracker) -> dict[str, list[str]]:
    """Per province, which of its details (start year, region, networks) a merge changes;
    ``province`` when it is new to the published data or leaves it."""

    def rows(tracker: Tracker | None) -> dict[str, dict]:
        if tracker is None or tracker.provinces.empty:
            return {}
        frame = tracker.provinces.astype(object)
        frame = frame.where(frame.notna(), None)
        return {r["province_code"]: r for r in frame.to_dict("records")}

    old, new = rows(base), rows(merged)
    out: dict[str, list[str]] = {}
    for code in sorted(set(old) | set(new)):
        if code not in old or code not in new:
            out[code] = ["province"]
        elif moved := [f for f in DETAIL_FIELDS if old[code].get(f) != new[code].get(f)]:
            out[code] = moved
    return out


def catalogue_added(base: Tracker | None, merged: Tracker) -> list[str]:
    """Indicator codes a merge adds to the national catalogue."""
    known = set(base.catalogue.codes) if base is not None else set()
    return [c for c in merged.catalogue.codes if c not in known] if base is not None else []
