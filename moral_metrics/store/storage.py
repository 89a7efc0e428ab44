"""Published trackers, kept for good: every upload's bytes, hash, who, when and its tables.

SQLite under ``data/`` by default; a database URL (``MORAL_METRICS_DATABASE_URL``) points the
same code at PostgreSQL. A publish is one transaction: it lands whole, or the version that was
current stays current.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import func, insert, select, update

from moral_metrics.access import Actor, require_editor
from moral_metrics.metrics import summarise
from moral_metrics.model import (
    DATASETS,
    PROVINCE_COLUMNS,
    STORED_PROVINCE_FIELDS,
    STORED_RECORD_FIELDS,
    LoadResult,
    Tracker,
    plain_rows,
)
from moral_metrics.pipeline import finish_records, load_tracker
from moral_metrics.reference.catalogue import Catalogue, Indicator
from moral_metrics.reference.messages import Message, Refusal
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import DATA_DIR, settings
from moral_metrics.reference.vocabulary import split_aliases
from moral_metrics.store import schema
from moral_metrics.store.database import make_engine, migrate, writing

audit = logging.getLogger("moral_metrics.audit")
DEFAULT_URL = f"sqlite:///{DATA_DIR / 'moral_metrics.db'}"
SYSTEM = Actor("system", "editor")


def database_url() -> str:
    """The environment variable, else ``storage.database_url`` in settings, else SQLite in data/."""
    return os.environ.get("MORAL_METRICS_DATABASE_URL") or settings().storage.database_url or DEFAULT_URL


@dataclass(frozen=True)
class Published:
    """What a publish did: the new version, or None when the workbook had errors."""

    version_id: int | None
    result: LoadResult

    @property
    def ok(self) -> bool:
        return self.version_id is not None


def _rows(frame: pd.DataFrame, fields: tuple[str, ...], version_id: int) -> list[dict]:
    return [{"version_id": version_id, **row} for row in plain_rows(frame, fields)]


class Store:
    def __init__(self, url: str | None = None) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        migrate(self.engine)

    def current_id(self) -> int | None:
        with self.engine.connect() as db:
            return db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))

    def publish(self, data: bytes, filename: str, actor: Actor, note: str = "") -> Published:
        """Validate and publish; a workbook with errors is not stored and its result is returned.

        The role is checked here, on the server, whatever the page showed.
        """
        require_editor(actor)
        digest = hashlib.sha256(data).hexdigest()[:16]
        result = load_tracker(data)
        if result.tracker is None:
            codes = sorted({m.code for m in result.errors})
            audit.info("refused upload by %s (%s): %s, sha256 %s: %s", actor.name, actor.role, filename, digest, codes)
            return Published(None, result)
        with writing(self.engine) as db:  # one transaction: all of it, or none
            version = self._insert(db, data, filename, actor, note, result.tracker)
        audit.info("publish by %s (%s): version %d, %s, sha256 %s", actor.name, actor.role, version, filename, digest)
        return Published(version, result)

    def _insert(self, db, data: bytes, filename: str, actor: Actor, note: str, tracker: Tracker) -> int:
        now, uploader = datetime.now(UTC), actor.name
        version_id = db.execute(
            insert(schema.versions).values(
                created_at=now,
                uploader=uploader,
                filename=filename,
                note=note,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                content=data,
                record_count=len(tracker.records),
                province_count=len(tracker.provinces),
                warning_count=len(tracker.warnings),
                warnings_json=json.dumps([m.stored() for m in tracker.warnings], ensure_ascii=False),
            )
        ).inserted_primary_key[0]
        if len(tracker.records):
            db.execute(insert(schema.records), _rows(tracker.records, STORED_RECORD_FIELDS, version_id))
        if len(tracker.provinces):
            db.execute(insert(schema.provinces), _rows(tracker.provinces, STORED_PROVINCE_FIELDS, version_id))
        _insert_datasets(db, tracker, version_id)
        db.execute(
            insert(schema.indicators),
            [
                {
                    "version_id": version_id,
                    "code": i.code,
                    "area": i.area,
                    "kind": i.kind,
                    "name_th": i.name_th,
                    "name_en": i.name_en,
                    "aliases": "|".join(i.aliases),
                }
                for i in tracker.catalogue.indicators
            ],
        )
        self._make_current(db, version_id, actor, "publish", now)
        return int(version_id)

    def _make_current(self, db, version_id: int, actor: Actor, action: str, now: datetime) -> None:
        moved = db.execute(update(schema.current).where(schema.current.c.id == 1).values(version_id=version_id))
        if moved.rowcount == 0:  # a database adopted from the first build, before its first publish
            db.execute(insert(schema.current).values(id=1, version_id=version_id))
        db.execute(
            insert(schema.events).values(
                at=now, actor=actor.name, role=actor.role, action=action, version_id=version_id
            )
        )

    def restore(self, version_id: int, actor: Actor) -> None:
        """Make an earlier version the current one again; nothing is deleted."""
        require_editor(actor)
        with writing(self.engine) as db:
            if db.scalar(select(func.count()).where(schema.versions.c.id == version_id)) != 1:
                raise Refusal("version_not_found", version=version_id)
            self._make_current(db, version_id, actor, "restore", datetime.now(UTC))
        audit.info("restore by %s (%s): version %d", actor.name, actor.role, version_id)

    def seed(self, data: bytes, filename: str) -> None:
        """On first start, the sample tracker becomes version 1 (once, even with several servers)."""
        result = load_tracker(data)
        if result.tracker is None:  # a broken build, not something a user can cause
            raise RuntimeError(f"the bundled sample tracker does not load: {[m.code for m in result.errors]}")
        with writing(self.engine) as db:
            if db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1)) is None:
                self._insert(db, data, filename, SYSTEM, "sample / ตัวอย่าง", result.tracker)

    def versions(self) -> pd.DataFrame:
        columns = [
            schema.versions.c[c]
            for c in (
                "id",
                "created_at",
                "uploader",
                "filename",
                "note",
                "sha256",
                "size",
                "record_count",
                "province_count",
                "warning_count",
            )
        ]
        with self.engine.connect() as db:
            rows = db.execute(select(*columns).order_by(schema.versions.c.id.desc())).mappings().all()
        frame = pd.DataFrame([dict(r) for r in rows], columns=[c.name for c in columns])
        frame["current"] = frame["id"] == self.current_id()
        return frame

    def events(self) -> pd.DataFrame:
        with self.engine.connect() as db:
            rows = db.execute(select(schema.events).order_by(schema.events.c.id.desc())).mappings().all()
        return pd.DataFrame([dict(r) for r in rows], columns=["id", "at", "actor", "role", "action", "version_id"])

    def content(self, version_id: int) -> tuple[str, bytes]:
        with self.engine.connect() as db:
            row = db.execute(
                select(schema.versions.c.filename, schema.versions.c.content).where(schema.versions.c.id == version_id)
            ).one()
        return row.filename, bytes(row.content)

    def tracker(self, version_id: int) -> Tracker:
        """A published version as a Tracker, from its stored tables (no workbook is re-read)."""
        with self.engine.connect() as db:
            version = db.execute(select(schema.versions).where(schema.versions.c.id == version_id)).mappings().one()
            where = schema.records.c.version_id == version_id
            base = pd.read_sql(select(*[schema.records.c[f] for f in STORED_RECORD_FIELDS]).where(where), db)
            places = pd.read_sql(select(schema.provinces).where(schema.provinces.c.version_id == version_id), db)
            defs = db.execute(select(schema.indicators).where(schema.indicators.c.version_id == version_id)).mappings()
            catalogue = Catalogue(
                [
                    Indicator(
                        d["code"],
                        d["area"],
                        d["kind"],
                        d["name_th"],
                        d["name_en"],
                        split_aliases(d["aliases"]),
                    )
                    for d in defs
                ]
            )
            datasets = _read_datasets(db, version_id)
        records = finish_records(base, catalogue)
        warnings = [Message.from_stored(m) for m in json.loads(version["warnings_json"])]
        summary = summarise(records, catalogue, settings().status)
        return Tracker(_province_frame(places), records, summary, catalogue, warnings, datasets)


def _insert_datasets(db, tracker: Tracker, version_id: int) -> None:
    """Every dataset below the province, one JSON row each (its declared columns)."""
    rows = [
        {
            "version_id": version_id,
            "dataset": name,
            "province_code": row["province_code"],
            "period": row.get(DATASETS[name].period),
            "data": json.dumps(row, ensure_ascii=False, default=str),
        }
        for name, frame in tracker.datasets.items()
        for row in plain_rows(frame, DATASETS[name].columns)
    ]
    if rows:
        db.execute(insert(schema.entries), rows)


def _read_datasets(db, version_id: int) -> dict[str, pd.DataFrame]:
    found: dict[str, list[dict]] = {}
    query = select(schema.entries.c.dataset, schema.entries.c.data).where(schema.entries.c.version_id == version_id)
    for name, data in db.execute(query.order_by(schema.entries.c.id)):
        found.setdefault(name, []).append(json.loads(data))
    return {
        name: pd.DataFrame(rows, columns=list(DATASETS[name].columns))
        for name, rows in found.items()
        if name in DATASETS
    }


def _province_frame(stored: pd.DataFrame) -> pd.DataFrame:
    index = province_index().by_code
    frame = stored.assign(
        province_th=stored["province_code"].map(lambda c: index[c].name_th),
        province_en=stored["province_code"].map(lambda c: index[c].name_en),
    )
    frame = frame.sort_values("id")[PROVINCE_COLUMNS].reset_index(drop=True)
    frame["start_year"] = frame["start_year"].astype("Float64").astype("Int64")
    frame["start_year_assumed"] = frame["start_year_assumed"].astype(bool)
    return frame
