"""Published trackers, kept for good: every publish's files, who, when, and the merged tables.

A publish merges (``store.merge``): each province's file replaces only that province's periods.
SQLite under ``data/`` by default; a database URL (``MORAL_METRICS_DATABASE_URL``) points the
same code at PostgreSQL. Every action is one transaction: it lands whole or not at all, and
roles, scopes and locks are checked here, on the server, whatever the page showed. Every action
and refusal is written to the audit log (``access.audit``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import DateTime, func, select

from moral_metrics.access.audit import record
from moral_metrics.access.roles import Actor, require_central, require_editor, require_scope
from moral_metrics.model import LoadResult, Tracker
from moral_metrics.reference.calendar import TIME_ZONE
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.settings import DATA_DIR, settings
from moral_metrics.store import central, consent, erasure, photos, schema
from moral_metrics.store.central import Preview
from moral_metrics.store.database import compact, is_sqlite, make_engine, migrate, writing
from moral_metrics.store.erasure import Erasure
from moral_metrics.store.merge import slices
from moral_metrics.store.publishing import Checked, Plan, make_current, make_plan, record_event
from moral_metrics.store.snapshots import Upload, insert_version, read_tracker, tagged

DEFAULT_URL = f"sqlite:///{DATA_DIR / 'moral_metrics.db'}"
SYSTEM = Actor.central("system")
__all__ = ["Checked", "Plan", "Preview", "Published", "Store", "database_url"]


def database_url() -> str:
    """The environment variable, else ``storage.database_url`` in settings, else SQLite in data/."""
    return os.environ.get("MORAL_METRICS_DATABASE_URL") or settings().storage.database_url or DEFAULT_URL


def received_moment(day: date) -> datetime:
    """A day a submission came in, as a moment: noon in Thailand (within that day in any zone near)."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(TIME_ZONE)).astimezone(UTC)


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


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)

    def current_id(self) -> int | None:
        with self.engine.connect() as db:
            return db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))

    def consent_revision(self) -> int:
        """Moves whenever a person's consent may have changed (a publish, an erasure): what a
        cache of trackers and figures must be keyed by, besides the version."""
        with self.engine.connect() as db:
            return consent.revision(db)

    def stamp(self, version_id: int) -> str:
        """A version's id, time and file hash: names it uniquely even in a database made anew."""
        with self.engine.connect() as db:
            row = db.execute(
                select(schema.versions.c.created_at, schema.versions.c.sha256).where(schema.versions.c.id == version_id)
            ).one()
        return f"v{version_id}-{row.created_at:%Y%m%d%H%M%S%f}-{row.sha256[:12]}"

    def revision(self) -> tuple[int | None, int | None]:
        """The current version and the last recorded event: every change to the store moves one."""
        with self.engine.connect() as db:
            current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
            return current, db.scalar(select(func.max(schema.history.c.id)))

    def plan(self, checked: list[Checked], actor: Actor) -> Plan:
        """What publishing ``checked`` would change, and every reason it would be refused."""
        with self.engine.connect() as db:
            return make_plan(db, checked, actor)

    def publish_checked(
        self, checked: list[Checked], actor: Actor, note: str = "", received: date | None = None
    ) -> Published:
        """Publish checked files as one version, or none (any file with errors, any refusal).
        ``received``: the day a back-filled submission really came in (central editors only);
        on-time reporting counts from it rather than from today."""
        require_editor(actor)
        if received is not None:
            require_central(actor)
        if not all(c.result.ok for c in checked):
            codes = sorted({m.code for c in checked for m in c.result.errors})
            record("upload_refused", actor, files=[c.filename for c in checked], codes=codes)
            return Published(None, checked)
        with writing(self.engine) as db:  # decided and written in one turn, so a double click adds nothing
            plan = make_plan(db, checked, actor)
            if plan.refused:
                codes = sorted({m.code for m in plan.refused})
                record("publish_refused", actor, files=[c.filename for c in checked], codes=codes)
                raise Refusal.of(plan.refused)
            if plan.unchanged:
                return Published(None, checked, unchanged=True)
            now = datetime.now(UTC)
            arrived = received_moment(received) if received is not None else None
            version = insert_version(db, plan.merged, [c.upload for c in checked], actor, note, now, received=arrived)
            consented = consent.record(db, [c.result.tracker for c in checked], version, now)
            photos.keep(db, [c.result.tracker for c in checked])
            make_current(db, version)
            codes = plan.changed_provinces
            detail = {"files": [c.filename for c in checked], "replaced_sample": plan.replaces_sample}
            detail |= {"note": note, "fields": plan.fields(), "indicators_added": plan.indicators_added}
            detail |= {"consent_changed": consented} | ({"received_on": received.isoformat()} if received else {})
            record_event(db, actor, "publish", version, now, codes, detail)
        record("publish", actor, version=version, provinces=codes, files=detail["files"])
        return Published(version, checked, codes)

    def removal(self, province: str, years: set[int] | None) -> Preview:
        """What removing ``province`` (``years`` None: all of it) would change, for its confirmation."""
        with self.engine.connect() as db:
            return central.removal(db, province, years)[2]

    def remove(self, province: str, years: set[int] | None, actor: Actor, note: str = "") -> int | None:
        """A new version without one province (``years`` None) or some of its programme years;
        None when there was nothing to remove. Refused where a locked fiscal year would change."""
        require_scope(actor, {province})
        with writing(self.engine) as db:
            version = central.remove(db, province, years, actor, note)
        record("remove", actor, provinces=[province], years=sorted(years) if years else "all", version=version)
        return version

    def restoring(self, version_id: int) -> Preview:
        with self.engine.connect() as db:
            return central.restoring(db, version_id)[1]

    def restore(self, version_id: int, actor: Actor, note: str = "", over_locks: bool = False) -> int | None:
        """Make an earlier version current again (nothing is deleted); the version it replaced, or
        None when it was current already. A restore that changes a locked year needs ``over_locks``."""
        require_central(actor)
        with writing(self.engine) as db:
            before = central.restore(db, version_id, actor, note, over_locks)
        record("restore", actor, version=version_id, replaced=before)
        return before

    def unlocking(self, province: str, fiscal_year: int) -> int:
        with self.engine.connect() as db:
            return central.unlocking(db, province, fiscal_year)

    def set_lock(self, province: str, fiscal_year: int, locked: bool, actor: Actor, note: str = "") -> bool:
        """Accept and lock a province's fiscal year, or unlock it; False when it already was so."""
        require_central(actor)
        with writing(self.engine) as db:
            done = central.set_lock(db, province, fiscal_year, locked, actor, note)
        record("lock" if locked else "unlock", actor, provinces=[province], fiscal_year=fiscal_year, changed=done)
        return done

    def erasing(self, province: str, name: str) -> Erasure:
        """What erasing a person would touch, for its confirmation (nothing is changed)."""
        with self.engine.connect() as db:
            return erasure.preview(db, province, name)

    def erase_person(self, province: str, name: str, actor: Actor, note: str = "") -> Erasure:
        """Erase a person from every stored version and upload (central editors); recorded with a
        random reference, never the name. Nothing found: nothing recorded."""
        require_central(actor)
        with writing(self.engine) as db:
            done = erasure.erase(db, province, name, datetime.now(UTC))
            if done.found:
                current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
                record_event(
                    db, actor, "erase", current, datetime.now(UTC), [province], done.summary() | {"note": note}
                )
        if done.found and is_sqlite(self.engine):
            compact(self.engine)  # no page of the old rows left in the log or the free list
        record("erase", actor, provinces=[province], **(done.summary() if done.found else {"found": False}))
        return done

    def seed(self, sample: Checked) -> None:
        """On first start, the sample tracker becomes version 1 (once, even with several servers)."""
        result, data, filename = sample.result, sample.content, sample.filename
        if result.tracker is None:  # a broken build, not something a user can cause
            raise RuntimeError(f"the bundled sample tracker does not load: {[m.code for m in result.errors]}")
        with writing(self.engine) as db:
            if db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1)) is None:
                now, upload = datetime.now(UTC), Upload(filename, data, tuple(slices(result.tracker)))
                version = insert_version(db, tagged(result.tracker, 0), [upload], SYSTEM, "", now, sample=True)
                consent.record(db, [result.tracker], version, now)
                photos.keep(db, [result.tracker])
                make_current(db, version)
                record_event(db, SYSTEM, "publish", version, now, result.tracker.province_codes)

    def versions(self) -> pd.DataFrame:
        names = ("id", "created_at", "uploader", "filename", "note", "sha256", "size", "record_count")
        names += ("province_count", "warning_count", "is_sample")
        columns = [schema.versions.c[c] for c in names]
        with self.engine.connect() as db:
            rows = db.execute(select(*columns).order_by(schema.versions.c.id.desc())).mappings().all()
        frame = pd.DataFrame([dict(r) for r in rows], columns=list(names))
        frame["current"] = frame["id"] == self.current_id()
        return frame

    def history(self) -> pd.DataFrame:
        """Every action, newest first: when, who (name and role), what, which provinces, details."""
        names = ["id", "at", "actor", "role", "action", "version_id", "provinces", "detail"]
        with self.engine.connect() as db:
            rows = db.execute(select(schema.history).order_by(schema.history.c.id.desc())).mappings().all()
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

    def photos(self, refs: list[str]) -> dict[str, bytes]:
        """The stored photos of these references (small JPEGs)."""
        with self.engine.connect() as db:
            return photos.read(db, refs)

    def uploads(self, file_ids: list[int]) -> dict[int, dict]:
        """Where rows came from (issue 23): each upload's file name, the version it was published
        in, who published it and when, read from the store (no workbook is opened)."""
        f, v = schema.files, schema.versions
        query = (
            select(f.c.id, f.c.filename, f.c.version_id, v.c.uploader, v.c.created_at)
            .join(v, v.c.id == f.c.version_id)
            .where(f.c.id.in_([int(i) for i in file_ids]))
        )
        with self.engine.connect() as db:
            return {row.id: dict(row._mapping) for row in db.execute(query)}

    def files(self, version_id: int) -> list[tuple[str, bytes]]:
        """Every file a version was published from, as stored (central editors only, in the app)."""
        query = select(schema.files.c.filename, schema.files.c.content).where(schema.files.c.version_id == version_id)
        with self.engine.connect() as db:
            return [(name, bytes(content)) for name, content in db.execute(query.order_by(schema.files.c.id))]

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
