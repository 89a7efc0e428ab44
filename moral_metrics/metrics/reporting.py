"""Who has reported: all 77 provinces x programme years, with rates as DHIS2 counts them.

expected = the catalogue's indicators for every province whose programme has reached that
year by the current fiscal year; reported = those with a result; on time = first published
within ``submissions.due_days`` after that fiscal year ended (30 September).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd

from moral_metrics.model import Tracker
from moral_metrics.reference.calendar import fiscal_end, fiscal_year, thai_today
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import settings

REPORT_STATUSES = ("reported", "late", "partial", "not_reported", "not_due", "not_in_programme")
COLUMNS = [
    "province_code",
    "program_year",
    "fiscal_year",
    "status",
    "expected",
    "reported",
    "on_time",
    "locked",
    "first_submitted_at",
]


def due_date(year: int) -> datetime:
    """When a fiscal year's data is due: ``submissions.due_days`` after it ends (30 September)."""
    ends = datetime.combine(fiscal_end(year), time(23, 59), tzinfo=UTC)
    return ends + timedelta(days=settings().submissions.due_days)


def _first_submitted(slices: pd.DataFrame) -> dict[tuple[str, int], datetime]:
    progress = slices[slices["dataset"] == "records"]
    first = progress.groupby(["province_code", "period"])["submitted_at"].min()
    return {key: pd.Timestamp(value).to_pydatetime() for key, value in first.items()}


def _status(expected: int, reported: int, fiscal: int | None, today_fy: int, on_time: bool | None) -> str:
    if fiscal is None:
        return "not_in_programme" if reported == 0 else ("reported" if reported >= expected else "partial")
    if fiscal > today_fy:
        return "not_due"
    if reported == 0:
        return "not_reported"
    if reported < expected:
        return "partial"
    return "reported" if on_time is not False else "late"


def completeness(
    tracker: Tracker, slices: pd.DataFrame, locks: pd.DataFrame, today: date | None = None
) -> pd.DataFrame:
    """One row per province (all 77) and programme year 1 to the highest year in the data (3 at least)."""
    today_fy = fiscal_year(today or thai_today())
    expected = len(tracker.catalogue.codes)
    records = tracker.records[tracker.records["actual"].notna()]
    counts = records.groupby(["province_code", "program_year"]).size().to_dict()
    starts = tracker.provinces.set_index("province_code")["start_year"].dropna().astype(int).to_dict()
    first = _first_submitted(slices) if not slices.empty else {}
    locked = {(r.province_code, int(r.fiscal_year)) for r in locks.itertuples() if r.locked} if len(locks) else set()
    last_year = max([3, *(int(y) for y in tracker.records["program_year"].dropna())])
    rows = []
    for province in province_index().provinces:
        for year in range(1, last_year + 1):
            fiscal = starts[province.code] + year - 1 if province.code in starts else None
            reported = int(counts.get((province.code, year), 0))
            submitted = first.get((province.code, year))
            on_time = None if submitted is None or fiscal is None else submitted <= due_date(fiscal)
            status = _status(expected, reported, fiscal, today_fy, on_time)
            rows.append([province.code, year, fiscal, status, expected, reported, on_time,
                         (province.code, fiscal) in locked, submitted])  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def rates(table: pd.DataFrame) -> pd.DataFrame:
    """Per programme year: provinces expected, values expected and reported, reporting and on-time rates."""
    due = table[~table["status"].isin(["not_due", "not_in_programme"])]
    grouped = due.groupby("program_year")
    out = pd.DataFrame(
        {
            "provinces": grouped.size(),
            "expected": grouped["expected"].sum(),
            "reported": grouped["reported"].sum(),
            "on_time": grouped["on_time"].apply(lambda s: int((s == True).sum())),  # noqa: E712 - None is not False
        }
    )
    out["rate"] = out["reported"] / out["expected"].where(out["expected"] > 0)
    out["on_time_rate"] = out["on_time"] / out["provinces"].where(out["provinces"] > 0)
    return out.reset_index()


def last_submissions(slices: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per province: the last version that brought its data, when, by whom, from which file."""
    if slices.empty:
        return pd.DataFrame(columns=["province_code", "last_version", "last_published_at", "last_published_by"])
    last = slices.sort_values("submitted_at").groupby("province_code").tail(1)
    return last.rename(
        columns={"version_id": "last_version", "submitted_at": "last_published_at", "submitted_by": "last_published_by"}
    )[["province_code", "last_version", "last_published_at", "last_published_by", "file_id"]].reset_index(drop=True)


def overdue(table: pd.DataFrame, today: date | None = None) -> pd.DataFrame:
    """Per province whose data is overdue (a fiscal year's due date has passed and not every
    indicator has a result): which programme and fiscal years, and the first due date missed.
    A fiscal year that is under way, or whose due date is still ahead, is nobody's fault yet."""
    today = today or thai_today()
    late = table[table["fiscal_year"].notna() & table["status"].isin(["not_reported", "partial"])]
    late = late[[due_date(int(y)).date() < today for y in late["fiscal_year"]]]
    rows = [
        {
            "province_code": code,
            "program_years": [int(y) for y in group["program_year"]],
            "fiscal_years": [int(y) for y in group["fiscal_year"]],
            "due_since": due_date(int(group["fiscal_year"].min())).date(),
        }
        for code, group in late.sort_values("program_year").groupby("province_code", sort=False)
    ]
    frame = pd.DataFrame(rows, columns=["province_code", "program_years", "fiscal_years", "due_since"])
    return frame.sort_values(["due_since", "province_code"]).reset_index(drop=True)


def silent_this_year(table: pd.DataFrame, tracker: Tracker, today: date | None = None) -> list[str]:
    """Provinces with no result at all for the current fiscal year."""
    fy = fiscal_year(today or thai_today())
    reported = set(tracker.records.loc[tracker.records["fiscal_year"] == fy, "province_code"])
    return [p.code for p in province_index().provinces if p.code not in reported]
