"""Published trackers, kept for good: every publish's files, who, when, and the merged tables.

A publish merges (``store.merge``): each province's file replaces only that province's periods.
SQLite under ``data/`` by default; a database URL (``MORAL_METRICS_DATABASE_URL``) points the
same code at PostgreSQL. Every action is one transaction: it lands whole or not at all, and
the roles and scopes are checked here, on the server, whatever the page showed.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, DateTime, func, insert, select, update

from moral_metrics.access import Actor, require_central, require_editor, require_scope
from moral_metrics.model import LoadResult, Tracker
from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.settings import DATA_DIR, settings
from moral_metrics.store import schema
from moral_metrics.store.database import make_engine, migrate, writing
from moral_metrics.store.merge import changes_by_province, merge, same_data, slices, without
from moral_metrics.store.snapshots import Upload, insert_version, read_tracker

audit = logging.getLogger("moral_metrics.audit")
DEFAULT_URL = f"sqlite:///{DATA_DIR / 'moral_metrics.db'}"
SYSTEM = Actor("system", "editor")


def database_url() -> str:
    """The environment variable, else ``storage.database_url`` in settings, else SQLite in data/."""
    return os.environ.get("MORAL_METRICS_DATABASE_URL") or settings().storage.database_url or DEFAULT_URL


@dataclass(frozen=True)
class Checked:
    """One uploaded file after its check."""

    filename: str
    content: bytes
    result: LoadResult

    @property
    def upload(self) -> Upload:
        return Upload(self.filename, self.content, tuple(slices(self.result.tracker)) if self.result.ok else ())


@dataclass(frozen=True)
class Plan:
    """What publishing these files would do, before anything is stored."""

    checked: list[Checked]
    merged: Tracker | None  # None when a file has errors
    changes: pd.DataFrame  # per province: added, changed, unchanged, removed
    untouched: list[str]  # provinces in the published data that stay as they are
    replaces_sample: bool
    unchanged: bool
    base: Tracker | None = None  # the published data it merges into (None: nothing, or the sample)


@dataclass(frozen=True)
class Published:
    """What a publish did: the new version (None when nothing was stored) and why."""

    version_id: int | None
    checked: list[Checked]
    provinces: list[str] = field(default_factory=list)  # whose data changed
    unchanged: bool = False  # the same data was already published

    @property
    def ok(self) -> bool:
        return self.version_id is not None

    @property
    def result(self) -> LoadResult:
        return self.checked[0].result


def check_files(files: list[tuple[str, bytes]]) -> list[Checked]:
    return [Checked(name, data, load_tracker(data)) for name, data in files]


def _conflicts(checked: list[Checked]) -> None:
    """Two files that both carry one province's period: refuse until the user drops one."""
    owner: dict[tuple[str, str, int], str] = {}
    for item in checked:
        for piece in item.upload.slices:
            key = (piece.dataset, piece.province_code, piece.period)
            if key in owner and owner[key] != item.filename:
                raise Refusal(
                    "conflict", file=item.filename, other=owner[key], province=piece.province_code, year=piece.period
                )
            owner[key] = item.filename


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)

    def current_id(self) -> int | None:
        with self.engine.connect() as db:
            return db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))

    def revision(self) -> tuple[int | None, int | None]:
        """The current version and the last recorded event: every change to the store moves one."""
        with self.engine.connect() as db:
            current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
            return current, db.scalar(select(func.max(schema.events.c.id)))

    def _base(self, db: Connection) -> tuple[Tracker | None, bool]:
        """The current version's tracker (None when it is the sample, which a real file replaces)."""
        current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
        if current is None:
            return None, False
        sample = bool(db.scalar(select(schema.versions.c.is_sample).where(schema.versions.c.id == current)))
        return (None, True) if sample else (read_tracker(db, current), False)

    def plan(self, checked: list[Checked], actor: Actor) -> Plan:
        """Check scope, conflicts and locks, and work out the merge; raises ``Refusal`` if refused."""
        with self.engine.connect() as db:
            return self._plan(db, checked, actor)

    def _plan(self, db: Connection, checked: list[Checked], actor: Actor) -> Plan:
        require_editor(actor)
        if not all(c.result.ok for c in checked):
            return Plan(checked, None, pd.DataFrame(), [], False, False)
        for item in checked:
            require_scope(actor, {s.province_code for s in item.upload.slices}, item.filename)
        _conflicts(checked)
        self._check_locks(db, checked)
        base, sample = self._base(db)
        merged = merge(base, [c.result.tracker for c in checked], settings().status)
        touched = {s.province_code for c in checked for s in c.upload.slices}
        changes = changes_by_province(base, merged)
        changes = changes[changes["province_code"].isin(touched)].reset_index(drop=True)
        untouched = sorted(set(base.province_codes) - touched) if base is not None else []
        return Plan(checked, merged, changes, untouched, sample, same_data(base, merged), base)

    def _check_locks(self, db: Connection, checked: list[Checked]) -> None:
        locked = {
            (r.province_code, r.fiscal_year): r.by
            for r in db.execute(select(schema.locks).where(schema.locks.c.locked.is_(True)))
        }
        for item in checked:
            for piece in item.upload.slices:
                if (piece.province_code, piece.fiscal_year) in locked:
                    by = locked[(piece.province_code, piece.fiscal_year)]
                    raise Refusal(
                        "locked", file=item.filename, province=piece.province_code, year=piece.fiscal_year, by=by
                    )

    def publish_files(self, files: list[tuple[str, bytes]], actor: Actor, note: str = "") -> Published:
        """Check every file; publish all of them as one version, or none (any error, any refusal)."""
        require_editor(actor)
        checked = check_files(files)
        if not all(c.result.ok for c in checked):
            audit.info("refused upload by %s: %s", actor.name, [(c.filename, c.result.ok) for c in checked])
            return Published(None, checked)
        with writing(self.engine) as db:  # decided and written in one turn, so a double click adds nothing
            plan = self._plan(db, checked, actor)
            if plan.unchanged:
                return Published(None, checked, unchanged=True)
            now = datetime.now(UTC)
            uploads = [c.upload for c in checked]
            version = insert_version(db, plan.merged, uploads, actor, note, now)
            provinces = plan.changes.loc[plan.changes[["added", "changed", "removed"]].sum(axis=1) > 0]
            codes = provinces["province_code"].tolist()
            detail = {"files": [c.filename for c in checked], "replaced_sample": plan.replaces_sample}
            self._make_current(db, version, actor, "publish", now, codes, detail)
        audit.info("publish by %s (%s): version %d, %s", actor.name, actor.role, version, detail["files"])
        return Published(version, checked, codes)

    def publish(self, data: bytes, filename: str, actor: Actor, note: str = "") -> Published:
        return self.publish_files([(filename, data)], actor, note)

    def remove(self, province: str, years: set[int] | None, actor: Actor, note: str = "") -> int | None:
        """A new version without one province (or some of its programme years); None if it had none."""
        require_scope(actor, {province})
        with writing(self.engine) as db:
            base, _ = self._base(db)
            if base is None or province not in base.province_codes:
                return None
            reduced = without(base, province, years, settings().status)
            if same_data(base, reduced):
                return None
            now = datetime.now(UTC)
            version = insert_version(db, reduced, [], actor, note, now)
            detail = {"years": sorted(years) if years else None}
            self._make_current(db, version, actor, "remove", now, [province], detail)
        audit.info("remove by %s: %s %s, version %d", actor.name, province, years or "all", version)
        return version

    def _make_current(
        self, db: Connection, version_id: int, actor: Actor, action: str, now: datetime, codes=(), detail=None
    ) -> None:
        moved = db.execute(update(schema.current).where(schema.current.c.id == 1).values(version_id=version_id))
        if moved.rowcount == 0:  # a database adopted from the first build, before its first publish
            db.execute(insert(schema.current).values(id=1, version_id=version_id))
        self._event(db, actor, action, version_id, now, codes, detail)

    def _event(self, db: Connection, actor: Actor, action: str, version: int, now, codes=(), detail=None) -> None:
        values = {"at": now, "actor": actor.name, "role": actor.role, "action": action, "version_id": version}
        extra = {"provinces": ",".join(codes), "detail": json.dumps(detail or {}, ensure_ascii=False)}
        db.execute(insert(schema.events).values(**values, **extra))

    def restore(self, version_id: int, actor: Actor) -> None:
        """Make an earlier version the current one again; nothing is deleted."""
        require_central(actor)
        with writing(self.engine) as db:
            if db.scalar(select(func.count()).where(schema.versions.c.id == version_id)) != 1:
                raise Refusal("version_not_found", version=version_id)
            self._make_current(db, version_id, actor, "restore", datetime.now(UTC))
        audit.info("restore by %s (%s): version %d", actor.name, actor.role, version_id)

    def set_lock(self, province: str, fiscal_year: int, locked: bool, actor: Actor) -> None:
        """Accept and lock a province's fiscal year, or unlock it; recorded with who and when."""
        require_central(actor)
        now = datetime.now(UTC)
        with writing(self.engine) as db:
            key = (schema.locks.c.province_code == province) & (schema.locks.c.fiscal_year == fiscal_year)
            values = {"locked": locked, "by": actor.name, "at": now}
            if db.execute(update(schema.locks).where(key).values(**values)).rowcount == 0:
                db.execute(insert(schema.locks).values(province_code=province, fiscal_year=fiscal_year, **values))
            current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
            self._event(
                db, actor, "lock" if locked else "unlock", current, now, [province], {"fiscal_year": fiscal_year}
            )
        audit.info("%s by %s: %s %d", "lock" if locked else "unlock", actor.name, province, fiscal_year)

    def seed(self, data: bytes, filename: str) -> None:
        """On first start, the sample tracker becomes version 1 (once, even with several servers)."""
        result = load_tracker(data)
        if result.tracker is None:  # a broken build, not something a user can cause
            raise RuntimeError(f"the bundled sample tracker does not load: {[m.code for m in result.errors]}")
        with writing(self.engine) as db:
            if db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1)) is None:
                now, upload = datetime.now(UTC), Upload(filename, data, tuple(slices(result.tracker)))
                version = insert_version(db, result.tracker, [upload], SYSTEM, "", now, sample=True)
                self._make_current(db, version, SYSTEM, "publish", now, result.tracker.province_codes)

    def versions(self) -> pd.DataFrame:
        names = ("id", "created_at", "uploader", "filename", "note", "sha256", "size", "record_count")
        names += ("province_count", "warning_count", "is_sample")
        columns = [schema.versions.c[c] for c in names]
        with self.engine.connect() as db:
            rows = db.execute(select(*columns).order_by(schema.versions.c.id.desc())).mappings().all()
        frame = pd.DataFrame([dict(r) for r in rows], columns=list(names))
        frame["current"] = frame["id"] == self.current_id()
        return frame

    def events(self) -> pd.DataFrame:
        names = ["id", "at", "actor", "role", "action", "version_id", "provinces", "detail"]
        with self.engine.connect() as db:
            rows = db.execute(select(schema.events).order_by(schema.events.c.id.desc())).mappings().all()
        return pd.DataFrame([dict(r) for r in rows], columns=names)

    def table(self, name: str) -> pd.DataFrame:
        """A bookkeeping table as it is: ``slices`` or ``locks``."""
        table = schema.metadata.tables[name]
        with self.engine.connect() as db:
            frame = pd.read_sql(select(table), db)
        for column in table.columns:  # SQLite hands back naive times; they were stored in UTC
            if isinstance(column.type, DateTime):
                frame[column.name] = pd.to_datetime(frame[column.name], utc=True)
        return frame

    def content(self, version_id: int) -> tuple[str, bytes]:
        """The first file a version was published from (a removal has none: empty bytes)."""
        with self.engine.connect() as db:
            row = db.execute(
                select(schema.files.c.filename, schema.files.c.content)
                .where(schema.files.c.version_id == version_id)
                .order_by(schema.files.c.id)
            ).first()
            if row is None:
                row = db.execute(
                    select(schema.versions.c.filename, schema.versions.c.content).where(
                        schema.versions.c.id == version_id
                    )
                ).one()
        return row.filename, bytes(row.content)

    def tracker(self, version_id: int) -> Tracker:
        """A published version as a Tracker, from its stored tables (no workbook is re-read)."""
        with self.engine.connect() as db:
            return read_tracker(db, version_id)
