"""A published version's tables in and out of the database: records, provinces, indicators,
datasets below the province, the files it came from and the slices each province sent."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, insert, select

from moral_metrics.access.roles import Actor
from moral_metrics.metrics.records import finish_records
from moral_metrics.metrics.scores import summarise
from moral_metrics.model import (
    DATASETS,
    PROVINCE_COLUMNS,
    STORED_PROVINCE_FIELDS,
    STORED_RECORD_FIELDS,
    Tracker,
    plain_rows,
)
from moral_metrics.reference.catalogue import Catalogue, Indicator
from moral_metrics.reference.messages import Message
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.settings import settings
from moral_metrics.reference.vocabulary import split_aliases
from moral_metrics.store import consent, schema
from moral_metrics.store.merge import Slice


@dataclass(frozen=True)
class Upload:
    """One uploaded file of a publish and what it brought."""

    filename: str
    content: bytes
    slices: tuple[Slice, ...] = ()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def _rows(frame: pd.DataFrame, fields: tuple[str, ...], version_id: int) -> list[dict]:
    return [{"version_id": version_id, **row} for row in plain_rows(frame, fields)]


def insert_version(
    db: Connection,
    tracker: Tracker,
    uploads: list[Upload],
    actor: Actor,
    note: str,
    now: datetime,
    sample: bool = False,
    received: datetime | None = None,
) -> int:
    """Store a whole version (its merged tables) and the files and slices that made it; the
    slices count as submitted when ``received`` says (a back-filled file), else ``now``."""
    names = ", ".join(u.filename for u in uploads)
    first = uploads[0] if uploads else Upload("", b"")
    version_id = db.execute(
        insert(schema.versions).values(
            created_at=now,
            uploader=actor.name,
            filename=names[:300],
            note=note,
            sha256=first.sha256,
            size=sum(len(u.content) for u in uploads),
            content=b"",  # the files are in `files`
            record_count=len(tracker.records),
            province_count=len(tracker.provinces),
            warning_count=len(tracker.warnings),
            warnings_json=json.dumps([m.stored() for m in tracker.warnings], ensure_ascii=False),
            is_sample=sample,
        )
    ).inserted_primary_key[0]
    file_ids = [_insert_upload(db, upload, version_id, actor, received or now) for upload in uploads]
    _insert_tables(db, with_sources(tracker, {placeholder(n): f for n, f in enumerate(file_ids)}), version_id)
    return int(version_id)


def placeholder(n: int) -> int:
    """The ``file_id`` rows of a publish's n-th file carry until that file is stored."""
    return -(n + 1)


def with_sources(tracker: Tracker, found: dict[int, int]) -> Tracker:
    """``tracker`` with every placeholder ``file_id`` replaced by the stored upload's id."""

    def mapped(frame: pd.DataFrame) -> pd.DataFrame:
        if frame.empty or "file_id" not in frame:
            return frame
        ids = [found.get(f, f) if isinstance(f, int) else f for f in frame["file_id"].tolist()]
        return frame.assign(file_id=pd.Series(ids, index=frame.index, dtype=object))

    datasets = {name: mapped(frame) for name, frame in tracker.datasets.items()}
    return dataclasses.replace(tracker, records=mapped(tracker.records), datasets=datasets)


def tagged(tracker: Tracker, n: int) -> Tracker:
    """A checked file's rows marked as coming from the publish's n-th file (``placeholder``)."""
    mark = placeholder(n)

    def marked(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(file_id=pd.Series([mark] * len(frame), index=frame.index, dtype=object))

    datasets = {name: marked(frame) for name, frame in tracker.datasets.items()}
    return dataclasses.replace(tracker, records=marked(tracker.records), datasets=datasets)


def _insert_upload(db: Connection, upload: Upload, version_id: int, actor: Actor, now: datetime) -> int:
    file_id = db.execute(
        insert(schema.files).values(
            version_id=version_id,
            filename=upload.filename,
            sha256=upload.sha256,
            size=len(upload.content),
            content=upload.content,
        )
    ).inserted_primary_key[0]
    rows = [
        {
            "version_id": version_id,
            "file_id": file_id,
            "dataset": s.dataset,
            "province_code": s.province_code,
            "period": s.period,
            "fiscal_year": s.fiscal_year,
            "rows": s.rows,
            "submitted_at": now,
            "submitted_by": actor.name,
        }
        for s in upload.slices
    ]
    if rows:
        db.execute(insert(schema.slices), rows)
    return int(file_id)


def _insert_tables(db: Connection, tracker: Tracker, version_id: int) -> None:
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


def _insert_datasets(db: Connection, tracker: Tracker, version_id: int) -> None:
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


def read_tracker(db: Connection, version_id: int) -> Tracker:
    """A published version as a Tracker, from its stored tables (no workbook is re-read)."""
    version = db.execute(select(schema.versions).where(schema.versions.c.id == version_id)).mappings().one()
    where = schema.records.c.version_id == version_id
    base = pd.read_sql(select(*[schema.records.c[f] for f in STORED_RECORD_FIELDS]).where(where), db)
    places = pd.read_sql(select(schema.provinces).where(schema.provinces.c.version_id == version_id), db)
    catalogue = _catalogue(db, version_id)
    records = finish_records(base, catalogue)
    warnings = [Message.from_stored(m) for m in json.loads(version["warnings_json"])]
    summary = summarise(records, catalogue, settings().status)
    datasets = _read_datasets(db, version_id)
    if "events" in datasets:  # stored before events had a public column: public
        datasets["events"]["public"] = datasets["events"]["public"].map(lambda v: v is None or v is True or v == 1)
    tracker = Tracker(_province_frame(places), records, summary, catalogue, warnings, datasets, version=version_id)
    tracker = dataclasses.replace(tracker, consent=consent.revision(db))
    return consent.apply(tracker, consent.register(db))  # every person as the latest publish decided


def _catalogue(db: Connection, version_id: int) -> Catalogue:
    defs = db.execute(select(schema.indicators).where(schema.indicators.c.version_id == version_id)).mappings()
    return Catalogue(
        [
            Indicator(d["code"], d["area"], d["kind"], d["name_th"], d["name_en"], split_aliases(d["aliases"]))
            for d in defs
        ]
    )


def _read_datasets(db: Connection, version_id: int) -> dict[str, pd.DataFrame]:
    found: dict[str, list[dict]] = {}
    query = select(schema.entries.c.dataset, schema.entries.c.data).where(schema.entries.c.version_id == version_id)
    for name, data in db.execute(query.order_by(schema.entries.c.id)):
        found.setdefault(name, []).append(json.loads(data))
    known = {name: rows for name, rows in found.items() if name in DATASETS}
    return {
        name: _typed(pd.DataFrame(rows, columns=list(DATASETS[name].columns), dtype=object))
        for name, rows in known.items()
    }


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """A dataset read back with the types a fresh load gives it: whole numbers as integers (with
    pandas' NA where blank), flags as booleans, and text as objects whose blank stays None (pandas'
    own text type would turn None into NaN)."""
    out = frame.copy()
    for name in out.columns:
        given = [v for v in out[name] if v is not None]
        if given and all(isinstance(v, bool) for v in given):
            out[name] = out[name].astype(bool) if len(given) == len(out) else out[name]
        elif given and all(isinstance(v, int) and not isinstance(v, bool) for v in given):
            out[name] = out[name].astype("int64" if len(given) == len(out) else "Int64")
    return out


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
