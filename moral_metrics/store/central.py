"""Actions on what is already published: remove a province (or some of its years), restore an
earlier version, accept and lock a fiscal year or unlock it. Each is previewed first (what it
would change, row by row), refused where a locked year would change, and recorded with who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, func, insert, select, update

from moral_metrics.access.roles import Actor
from moral_metrics.model import Tracker
from moral_metrics.reference.messages import Message, Refusal
from moral_metrics.reference.settings import settings
from moral_metrics.store import schema
from moral_metrics.store.changes import changes_by_province, in_period, same_data
from moral_metrics.store.guard import detail_changes, lock_problems
from moral_metrics.store.merge import without
from moral_metrics.store.publishing import base_of, locks_of, make_current, record_event
from moral_metrics.store.snapshots import insert_version, read_tracker


@dataclass(frozen=True)
class Preview:
    """What an action would do, for its confirmation: provinces, rows, locked years it changes."""

    provinces: list[str]
    rows: int  # rows added, changed or removed
    fiscal_years: list[int]  # fiscal years whose rows change (removal, unlock)
    locked: list[Message]  # a message per locked fiscal year it would change

    @property
    def nothing(self) -> bool:
        return self.rows == 0 and not self.provinces


def _changed(before: Tracker | None, after: Tracker) -> tuple[list[str], int]:
    counts = changes_by_province(before, after)
    moved = counts[["added", "changed", "removed"]].sum(axis=1)
    details = detail_changes(before, after)
    codes = sorted(set(counts.loc[moved > 0, "province_code"]) | set(details))
    return codes, int(moved.sum())


def _fiscal_years(tracker: Tracker, province: str, years: set[int] | None) -> list[int]:
    records = tracker.records[tracker.records["province_code"] == province]
    if years is not None:
        records = records[records["program_year"].isin(years)]
    found = set(records["fiscal_year"].dropna().astype(int))
    if years is None:
        for frame in tracker.datasets.values():
            found |= set(frame.loc[frame["province_code"] == province, "fiscal_year"].dropna().astype(int))
    return sorted(found)


def removal(db: Connection, province: str, years: set[int] | None) -> tuple[Tracker | None, Tracker | None, Preview]:
    """The published data, the data without the province's years (None: nothing to remove), and
    what that would change. ``years`` None is the whole province; an empty set removes nothing."""
    base, _ = base_of(db)
    if base is None or province not in base.province_codes or (years is not None and not years):
        return base, None, Preview([], 0, [], [])
    reduced = without(base, province, years, settings().status)
    if same_data(base, reduced):
        return base, None, Preview([], 0, [], [])
    codes, rows = _changed(base, reduced)
    locked = lock_problems(base, reduced, locks_of(db), [])
    return base, reduced, Preview(codes, rows, _fiscal_years(base, province, years), locked)


def remove(db: Connection, province: str, years: set[int] | None, actor: Actor, note: str) -> int | None:
    _, reduced, preview = removal(db, province, years)
    if reduced is None:
        return None
    if preview.locked:
        raise Refusal.of(preview.locked)
    now = datetime.now(UTC)
    version = insert_version(db, reduced, [], actor, note, now)
    make_current(db, version)
    detail = {"years": sorted(years) if years else None, "rows": preview.rows, "note": note}
    record_event(db, actor, "remove", version, now, [province], detail)
    return version


def restoring(db: Connection, version_id: int) -> tuple[Tracker, Preview]:
    """The version to restore and what restoring it would change against the current data."""
    if db.scalar(select(func.count()).where(schema.versions.c.id == version_id)) != 1:
        raise Refusal("version_not_found", version=version_id)
    current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
    before = read_tracker(db, current) if current is not None else None
    target = read_tracker(db, version_id)
    codes, rows = _changed(before, target)
    return target, Preview(codes, rows, [], lock_problems(before, target, locks_of(db), []))


def restore(db: Connection, version_id: int, actor: Actor, note: str, over_locks: bool) -> int | None:
    """Make an earlier version current again (nothing is deleted); the version it replaced."""
    _, preview = restoring(db, version_id)
    if preview.locked and not over_locks:
        raise Refusal.of(preview.locked)
    now = datetime.now(UTC)
    before = make_current(db, version_id)
    if before == version_id:
        return None
    detail = {"from": before, "rows": preview.rows, "note": note, "locked_changed": len(preview.locked)}
    record_event(db, actor, "restore", version_id, now, preview.provinces, detail)
    return before


def unlocking(db: Connection, province: str, fiscal_year: int) -> int:
    """How many published rows an unlock would open to change again."""
    base, _ = base_of(db)
    if base is None:
        return 0
    frames = [base.records, *base.datasets.values()]
    return int(sum(in_period(frame, province, fiscal_year).sum() for frame in frames))


def set_lock(db: Connection, province: str, fiscal_year: int, locked: bool, actor: Actor, note: str) -> bool:
    """Accept and lock, or unlock; False when it already was so (nothing recorded)."""
    key = (schema.locks.c.province_code == province) & (schema.locks.c.fiscal_year == fiscal_year)
    state = db.scalar(select(schema.locks.c.locked).where(key))
    if bool(state) == locked:
        return False
    now = datetime.now(UTC)
    values = {"locked": locked, "by": actor.name, "at": now}
    if db.execute(update(schema.locks).where(key).values(**values)).rowcount == 0:
        db.execute(insert(schema.locks).values(province_code=province, fiscal_year=fiscal_year, **values))
    current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
    rows = unlocking(db, province, fiscal_year)
    detail = {"fiscal_year": fiscal_year, "rows": rows, "note": note}
    record_event(db, actor, "lock" if locked else "unlock", current, now, [province], detail)
    return True
