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
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from moral_metrics.access.roles import Actor
from moral_metrics.figures.first_screens import Builder, figure_key, first_screens
from moral_metrics.model import LoadResult, Tracker
from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.i18n import LANGS
from moral_metrics.reference.settings import DATA_DIR, settings
from moral_metrics.store.central import Preview
from moral_metrics.store.changes import record_changes
from moral_metrics.store.erasure import Erasure
from moral_metrics.store.photos import fetched
from moral_metrics.store.prebuilt import MISSING, Prebuilt
from moral_metrics.store.publishing import Checked, Plan
from moral_metrics.store.storage import Published, Store

__all__ = ["Checked", "Erasure", "Plan", "Preview", "Published", "Service", "check_files", "distinct_files"]


@functools.lru_cache(maxsize=2)
def _read_once(data: bytes) -> LoadResult:
    """The bundled sample, read once per process however many stores a process seeds."""
    return load_tracker(data)


def distinct_files(files: list[tuple[str, bytes]]) -> tuple[list[tuple[str, bytes]], list[tuple[str, str]]]:
    """The files with each content once (the first of its name), and each dropped duplicate as
    (its name, the name of the file it repeats): one file uploaded twice is no conflict."""
    seen: dict[bytes, str] = {}
    kept, dropped = [], []
    for name, data in files:
        if data in seen:
            dropped.append((name, seen[data]))
        else:
            seen[data] = name
            kept.append((name, data))
    return kept, dropped


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
        self._shelf = Prebuilt(Path(settings().storage.cache_dir or DATA_DIR / "cache"), self._store.url)
        self._stamps: dict[int, str] = {}
        self._consent_seen: int | None = None

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
        """A version's tables as the consent register allows now: read from the store once, then
        from the shared shelf (0.1 s instead of 0.8 s for the national data, issue 23)."""
        consent = self.consent_revision()
        if consent != self._consent_seen:  # a publish or an erasure: older shelves may hold withdrawn names
            self._shelf.prune(consent)
            self._consent_seen = consent
        kept = self._shelf.get(self._stamp(version_id), consent, ("tracker",))
        if kept is MISSING:
            kept = self._store.tracker(version_id)
            self._shelf.put(self._stamp(version_id), consent, ("tracker",), kept)
        return kept

    def _stamp(self, version_id: int) -> str:
        if version_id not in self._stamps:  # a version's stamp never changes but by an erasure
            self._stamps[version_id] = self._store.stamp(version_id)
        return self._stamps[version_id]

    # --- what pages show, made once per version for every process (issue 23) ----------------
    def made(self, build: Builder, tracker: Tracker, params: tuple, language: str) -> Any:
        """``build(tracker, *params, language)`` from the shelf, or made now and shelved."""
        if tracker.version is None:  # not published: nothing to file it under
            return build(tracker, *params, language)
        stamp, key = self._stamp(tracker.version), figure_key(build, params, language, tracker.view)
        kept = self._shelf.get(stamp, tracker.consent, key)
        if kept is MISSING:
            kept = build(tracker, *params, language)
            self._shelf.put(stamp, tracker.consent, key, kept)
        return kept

    def shelved(self, build: Builder, tracker: Tracker, params: tuple, language: str) -> bool:
        """Whether ``made`` would take this from the shelf rather than make it."""
        key = figure_key(build, params, language, tracker.view)
        return self._shelf.has(self._stamp(tracker.version), tracker.consent, key)

    def prebuild(self, version_id: int | None = None) -> int:
        """Make the first screens of a version (the current one) in every language, unless
        another process is at it; how many were made here."""
        version_id = version_id or self.current_id()
        if version_id is None:
            return 0
        stamp, consent = self._stamp(version_id), self.consent_revision()
        if not self._shelf.claim(stamp, consent):
            return 0
        tracker = self.tracker(version_id)
        jobs = [(build, params, language) for language in LANGS for build, params in first_screens(tracker)]
        self._shelf.set_progress(stamp, consent, 0, len(jobs))
        for n, (build, params, language) in enumerate(jobs, 1):
            self.made(build, tracker, params, language)
            self._shelf.set_progress(stamp, consent, n, len(jobs))
        return len(jobs)

    def start_prebuild(self) -> None:
        """Start a worker making the current version's first screens (``prebuild``), and forget
        what was made under an older consent revision."""
        consent, current = self.consent_revision(), self.current_id()
        self._shelf.prune(consent)
        if not settings().storage.prebuild or current is None:
            return
        if self._shelf.progress(self._stamp(current), consent).get("done"):
            return
        self._shelf.starting(self._stamp(current), consent)  # the Data page shows it at once
        command = [sys.executable, "-m", "moral_metrics", "prebuild", "--database", self.url]
        subprocess.Popen(  # its own session: it outlives a command-line publish
            command, cwd=Path(__file__).resolve().parents[1], start_new_session=True,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    def prebuilt(self) -> dict:
        """How far the current version's first screens are made: ``made``, ``total``, ``done``."""
        current = self.current_id()
        return {} if current is None else self._shelf.progress(self._stamp(current), self.consent_revision())

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

    def publish_files(
        self, files: list[tuple[str, bytes]], actor: Actor, note: str = "", received: date | None = None
    ) -> Published:
        """Check every file (a repeated one once), then publish them all as one version, or none;
        ``received``: when a back-filled submission really came in (central editors)."""
        published = self._store.publish_checked(check_files(distinct_files(files)[0]), actor, note, received)
        if published.ok:
            self.start_prebuild()
        return published

    def publish(self, data: bytes, filename: str, actor: Actor, note: str = "") -> Published:
        return self.publish_files([(filename, data)], actor, note)

    def seed(self, data: bytes, filename: str) -> None:
        """The bundled sample as version 1 on first start (read once per process)."""
        self._store.seed(Checked(filename, data, _read_once(data)))

    # --- actions on what is published (each previewed first) -------------------------------
    def removal(self, province: str, years: set[int] | None) -> Preview:
        return self._store.removal(province, years)

    def remove(self, province: str, years: set[int] | None, actor: Actor, note: str = "") -> int | None:
        version = self._store.remove(province, years, actor, note)
        self.start_prebuild()
        return version

    def restoring(self, version_id: int) -> Preview:
        return self._store.restoring(version_id)

    def restore(self, version_id: int, actor: Actor, note: str = "", over_locks: bool = False) -> int | None:
        replaced = self._store.restore(version_id, actor, note, over_locks)
        self.start_prebuild()
        return replaced

    def unlocking(self, province: str, fiscal_year: int) -> int:
        return self._store.unlocking(province, fiscal_year)

    def set_lock(self, province: str, fiscal_year: int, locked: bool, actor: Actor, note: str = "") -> bool:
        return self._store.set_lock(province, fiscal_year, locked, actor, note)

    def erasing(self, province: str, name: str) -> Erasure:
        return self._store.erasing(province, name)

    def erase_person(self, province: str, name: str, actor: Actor, note: str = "") -> Erasure:
        """Erase a person everywhere, the shelf of made figures included (it may hold the name)."""
        erased = self._store.erase_person(province, name, actor, note)
        self._shelf.clear()
        self._stamps.clear()  # the stored files were rewritten
        self.start_prebuild()
        return erased
