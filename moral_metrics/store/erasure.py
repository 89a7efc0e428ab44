"""Erasing a person (PDPA section 33): their name, citation and photo leave every stored version,
every stored upload, every note and message, and the consent register. Counts stay: the rows
remain, without what identifies the person. The history keeps who erased and when, with a
random reference instead of the name, which the office can keep with the request.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, delete, select, update

from moral_metrics.reference.vocabulary import name_key
from moral_metrics.store import schema
from moral_metrics.store.rewrite import scrubbed_file, sha256


@dataclass
class Erasure:
    """What an erasure finds (a preview) or did."""

    reference: str = ""
    rows: int = 0  # honouree rows of the person, over every version
    versions: set[int] = field(default_factory=set)
    texts: int = 0  # other texts that held the name (event titles, notes, messages)
    files_rewritten: int = 0
    files_dropped: int = 0
    strings: dict[str, str | None] = field(default_factory=dict)  # what to remove -> what replaces it

    @property
    def found(self) -> bool:
        return self.rows > 0

    def summary(self) -> dict:
        return {
            "reference": self.reference,
            "rows": self.rows,
            "versions": len(self.versions),
            "texts": self.texts,
            "files_rewritten": self.files_rewritten,
            "files_dropped": self.files_dropped,
        }


def _people(db: Connection, province: str, name: str) -> tuple[list[tuple[int, int, dict]], Erasure]:
    """The person's honouree rows in every version: (entry id, version, row), and what to scrub."""
    wanted, found, erasure = name_key(name), [], Erasure()
    query = select(schema.entries.c.id, schema.entries.c.version_id, schema.entries.c.data).where(
        schema.entries.c.dataset == "honourees", schema.entries.c.province_code == province
    )
    for entry, version, data in db.execute(query):
        row = json.loads(data)
        if row.get("kind") == "person" and isinstance(row.get("name"), str) and name_key(row["name"]) == wanted:
            found.append((entry, version, row))
            erasure.versions.add(version)
            erasure.strings[row["name"]] = ""
            for extra in ("citation", "photo"):
                if isinstance(row.get(extra), str) and row[extra]:
                    erasure.strings.setdefault(row[extra], None)
    erasure.rows = len(found)
    return found, erasure


def _scrub(text: str, strings: dict[str, str | None]) -> str:
    """A name becomes "…"; a citation or photo link goes."""
    for old in sorted(strings, key=len, reverse=True):
        text = text.replace(old, "…" if strings[old] == "" else "")
    return text


def _texts(db: Connection, erasure: Erasure, apply: bool) -> None:
    """Every other stored text that holds a name, citation or photo: entries of any dataset,
    notes of records and versions, stored messages, the history's details, file names."""
    places = [
        (schema.entries, schema.entries.c.data),
        (schema.records, schema.records.c.note),
        (schema.versions, schema.versions.c.note),
        (schema.versions, schema.versions.c.warnings_json),
        (schema.versions, schema.versions.c.filename),
        (schema.files, schema.files.c.filename),
        (schema.history, schema.history.c.detail),
    ]
    for table, column in places:
        for old in erasure.strings:
            where = column.contains(old, autoescape=True)
            rows = db.execute(select(table.c.id, column).where(where)).all()
            erasure.texts += len(rows)
            for key, value in rows if apply else ():
                db.execute(update(table).where(table.c.id == key).values({column.name: _scrub(value, erasure.strings)}))


def preview(db: Connection, province: str, name: str) -> Erasure:
    """What erasing this person would touch (nothing is changed)."""
    found, erasure = _people(db, province, name)
    if found:
        _texts(db, erasure, apply=False)
    return erasure


def erase(db: Connection, province: str, name: str, now: datetime) -> Erasure:
    """Erase the person everywhere in one transaction; nothing of them is left to read."""
    found, erasure = _people(db, province, name)
    if not found:
        return erasure
    erasure.reference = uuid.uuid4().hex[:12]
    for entry, _, row in found:
        row.update(name=None, citation=None, photo=None, public=False)
        db.execute(update(schema.entries).where(schema.entries.c.id == entry).values(data=json.dumps(row)))
    _texts(db, erasure, apply=True)
    positions = {(row["sheet"], row["row"]) for _, _, row in found}
    files = select(schema.files.c.id, schema.files.c.content, schema.files.c.filename)
    for file_id, content, filename in db.execute(files).all():
        rewritten = scrubbed_file(bytes(content), filename, erasure.strings, positions)
        if rewritten is not None:
            dropped = rewritten == b""
            erasure.files_dropped += dropped
            erasure.files_rewritten += not dropped
            values = {"content": rewritten, "size": len(rewritten), "sha256": sha256(rewritten)}
            db.execute(update(schema.files).where(schema.files.c.id == file_id).values(**values))
    registered = (schema.consent.c.province_code == province) & (schema.consent.c.person_key == name_key(name))
    db.execute(delete(schema.consent).where(registered))
    refs = [s for s in erasure.strings if s.startswith("image:")]
    if refs:  # their photos, kept once for every version
        db.execute(delete(schema.photos).where(schema.photos.c.ref.in_(refs)))
    return erasure
