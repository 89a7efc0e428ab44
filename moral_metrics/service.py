"""What the pages and the command line may ask of the published data, in one place.

The service layer between the screens and the stages: a version's tables (read from the store,
as the consent register allows), files checked (the pipeline) and what publishing them would
change (the store's plan), the history and bookkeeping, and the actions on what is published.
``ui/`` and ``pages/`` reach data only through here (``tests/test_architecture.py``); the store
itself never reads a workbook.
"""

from __future__ import annotations

import dataclasses
import functools

import pandas as pd
from sqlalchemy import Engine

from moral_metrics.access.roles import Actor
from moral_metrics.model import LoadResult, Tracker
from moral_metrics.pipeline import load_tracker
from moral_metrics.store.central import Preview
from moral_metrics.store.changes import record_changes
from moral_metrics.store.erasure import Erasure
from moral_metrics.store.photos import fetched
from moral_metrics.store.publishing import Checked, Plan
from moral_metrics.store.storage import Published, Store

__all__ = ["Checked", "Erasure", "Plan", "Preview", "Published", "Service", "check_files"]


@functools.lru_cache(maxsize=2)
def _read_once(data: bytes) -> LoadResult:
    """The bundled sample, read once per process however many stores a process seeds."""
    return load_tracker(data)


def check_files(files: list[tuple[str, bytes]]) -> list[Checked]:
    """Each file read and checked; photo links on allowed hosts fetched once, here (issue 22)."""
    checked = []
    for name, data in files:
        result = load_tracker(data)
        if result.ok:
            tracker = fetched(result.tracker)
            result = LoadResult(tracker, [*result.errors, *tracker.warnings])
        checked.append(Checked(name, data, result))
    return checked


class Service:
    """The published data, as the pages and the command line use it (one per server process)."""

    def __init__(self, url: str | None = None) -> None:
        self._store = Store(url)

    @property
    def url(self) -> str:
        return self._store.url

    @property
    def engine(self) -> Engine:  # for operators' checks and the tests of the schema
        return self._store.engine

    # --- reading: versions, their tables, the bookkeeping ------------------------------------
    def current_id(self) -> int | None:
        return self._store.current_id()

    def revision(self) -> tuple[int | None, int | None]:
        return self._store.revision()

    def consent_revision(self) -> int:
        return self._store.consent_revision()

    def tracker(self, version_id: int) -> Tracker:
        return self._store.tracker(version_id)

    def versions(self) -> pd.DataFrame:
        return self._store.versions()

    def history(self) -> pd.DataFrame:
        return self._store.history()

    def table(self, name: str) -> pd.DataFrame:
        return self._store.table(name)

    def photos(self, refs: list[str]) -> dict[str, bytes]:
        return self._store.photos(refs)

    def files(self, version_id: int) -> list[tuple[str, bytes]]:
        return self._store.files(version_id)

    def content(self, version_id: int) -> tuple[str, bytes]:
        return self._store.content(version_id)

    def uploads(self, file_ids: list[int]) -> dict[int, dict]:
        """Each upload's file name, version, publisher and time (provenance is stored, issue 23)."""
        return self._store.uploads(file_ids)

    # --- checking and publishing ------------------------------------------------------------
    def check(self, files: list[tuple[str, bytes]]) -> list[Checked]:
        return check_files(files)

    def plan(self, checked: list[Checked], actor: Actor) -> Plan:
        return self._store.plan(checked, actor)

    def record_changes(self, plan: Plan, province: str) -> pd.DataFrame:
        """One province's progress records added, removed or changed by a plan (field by field)."""

        def only(tracker: Tracker) -> Tracker:
            return dataclasses.replace(tracker, records=tracker.records[tracker.records["province_code"] == province])

        return record_changes(only(plan.base), only(plan.merged)) if plan.base is not None else pd.DataFrame()

    def publish_files(self, files: list[tuple[str, bytes]], actor: Actor, note: str = "") -> Published:
        """Check every file, then publish them all as one version, or none."""
        return self._store.publish_checked(check_files(files), actor, note)

    def publish(self, data: bytes, filename: str, actor: Actor, note: str = "") -> Published:
        return self.publish_files([(filename, data)], actor, note)

    def seed(self, data: bytes, filename: str) -> None:
        """The bundled sample as version 1 on first start (read once per process)."""
        self._store.seed(Checked(filename, data, _read_once(data)))

    # --- actions on what is published (each previewed first) -------------------------------
    def removal(self, province: str, years: set[int] | None) -> Preview:
        return self._store.removal(province, years)

    def remove(self, province: str, years: set[int] | None, actor: Actor, note: str = "") -> int | None:
        return self._store.remove(province, years, actor, note)

    def restoring(self, version_id: int) -> Preview:
        return self._store.restoring(version_id)

    def restore(self, version_id: int, actor: Actor, note: str = "", over_locks: bool = False) -> int | None:
        return self._store.restore(version_id, actor, note, over_locks)

    def unlocking(self, province: str, fiscal_year: int) -> int:
        return self._store.unlocking(province, fiscal_year)

    def set_lock(self, province: str, fiscal_year: int, locked: bool, actor: Actor, note: str = "") -> bool:
        return self._store.set_lock(province, fiscal_year, locked, actor, note)

    def erasing(self, province: str, name: str) -> Erasure:
        return self._store.erasing(province, name)

    def erase_person(self, province: str, name: str, actor: Actor, note: str = "") -> Erasure:
        return self._store.erase_person(province, name, actor, note)
