"""A publish, worked out before anything is stored: scope, conflicts, the merge, locks, and what
would change per province (rows and details), so that the user sees it first."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, insert, select, update

from moral_metrics.access.roles import Actor, NotAllowed
from moral_metrics.model import LoadResult, Tracker
from moral_metrics.reference.catalogue import default_catalogue
from moral_metrics.reference.messages import Message, make
from moral_metrics.reference.settings import settings
from moral_metrics.store import schema
from moral_metrics.store.changes import Slices, changes_by_province, same_data
from moral_metrics.store.guard import Lock, catalogue_added, detail_changes, lock_problems, scope_problems
from moral_metrics.store.merge import merge, slices
from moral_metrics.store.snapshots import Upload, read_tracker, tagged

CHANGE_KINDS = ("added", "changed", "removed")


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
    merged: Tracker | None  # None when a file has errors or is refused
    changes: pd.DataFrame  # per province: rows added, changed, unchanged, removed, kept; details (fields)
    untouched: list[str]  # provinces in the published data that stay exactly as they are
    replaces_sample: bool
    unchanged: bool
    base: Tracker | None = None  # the published data it merges into (None: nothing, or the sample)
    refused: list[Message] = field(default_factory=list)  # outside scope, not central, locked, conflict
    indicators_added: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return self.merged is not None and not self.refused and not self.unchanged

    @property
    def changed_provinces(self) -> list[str]:
        moved = self.changes[list(CHANGE_KINDS)].sum(axis=1) > 0
        return self.changes.loc[moved | self.changes["details"].map(bool), "province_code"].tolist()

    def fields(self) -> dict[str, list[str]]:
        return {r.province_code: r.details for r in self.changes.itertuples() if r.details}


def base_of(db: Connection) -> tuple[Tracker | None, bool]:
    """The current version's tracker (None when it is the sample, which a real file replaces)."""
    current = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
    if current is None:
        return None, False
    sample = bool(db.scalar(select(schema.versions.c.is_sample).where(schema.versions.c.id == current)))
    return (None, True) if sample else (read_tracker(db, current), False)


def locks_of(db: Connection) -> dict[tuple[str, int], Lock]:
    rows = db.execute(select(schema.locks).where(schema.locks.c.locked.is_(True)))
    return {(r.province_code, r.fiscal_year): Lock(r.by, r.at) for r in rows}


def conflicts(checked: list[Checked]) -> list[Message]:
    """Two files that both carry one province's period: refused until the user drops one."""
    owner: dict[tuple[str, str, int], str] = {}
    found = []
    for item in checked:
        for piece in item.upload.slices:
            key = (piece.dataset, piece.province_code, piece.period)
            if key in owner and owner[key] != item.filename:
                other = owner[key]
                found.append(make("conflict", file=item.filename, other=other, province=key[1], year=key[2]))
            owner.setdefault(key, item.filename)
    first: dict[tuple, Message] = {}
    for message in found:  # one message per pair of files and province, naming its first year
        first.setdefault((message.params["file"], message.params["other"], message.params["province"]), message)
    return list(first.values())


def _changes(base: Tracker | None, merged: Tracker, brought: set[str], touched: Slices) -> pd.DataFrame:
    """Rows added, changed, unchanged (of the files' slices), removed and kept (the rest), and the
    details that change, per province the files bring or change."""
    details = detail_changes(base, merged)
    changes = changes_by_province(base, merged, touched)
    shown = brought | set(details)
    changes = changes[changes["province_code"].isin(shown)]
    missing = sorted(shown - set(changes["province_code"]))
    extra = pd.DataFrame({"province_code": missing, **{k: 0 for k in (*CHANGE_KINDS, "unchanged", "kept")}})
    changes = pd.concat([changes, extra], ignore_index=True) if missing else changes
    changes = changes.sort_values("province_code").reset_index(drop=True)
    changes["details"] = [details.get(c, []) for c in changes["province_code"]]
    return changes


def make_plan(db: Connection, checked: list[Checked], actor: Actor) -> Plan:
    """What publishing would do, for any editor (a name is needed to publish, not to look)."""
    if not actor.editor:
        raise NotAllowed(actor)
    if not all(c.result.ok for c in checked):
        return Plan(checked, None, pd.DataFrame(), [], False, False)
    base, sample = base_of(db)
    catalogue = base.catalogue if base is not None else default_catalogue()
    refused = [m for c in checked for m in scope_problems(actor, c.filename, c.result.tracker, catalogue)]
    refused += conflicts(checked)
    if refused:
        return Plan(checked, None, pd.DataFrame(), [], sample, False, base, refused)
    incoming = [tagged(c.result.tracker, n) for n, c in enumerate(checked)]  # each row knows its file
    merged = merge(base, incoming, settings().status)
    files = [(c.filename, c.result.tracker) for c in checked]
    refused = lock_problems(base, merged, locks_of(db), files)
    brought = {s.province_code for c in checked for s in c.upload.slices} | {
        code for t in incoming for code in t.province_codes
    }
    touched = {(s.dataset, s.province_code, s.period) for c in checked for s in c.upload.slices}
    changes = _changes(base, merged, brought, touched)
    shown = set(changes["province_code"])
    untouched = sorted(set(base.province_codes) - shown) if base is not None else []
    added = catalogue_added(base, merged)
    unchanged = same_data(base, merged)
    return Plan(checked, merged, changes, untouched, sample, unchanged, base, refused, added)


def make_current(db: Connection, version_id: int) -> int | None:
    """Point ``current`` at ``version_id``; the version that was current before."""
    before = db.scalar(select(schema.current.c.version_id).where(schema.current.c.id == 1))
    moved = db.execute(update(schema.current).where(schema.current.c.id == 1).values(version_id=version_id))
    if moved.rowcount == 0:  # a database adopted from the first build, before its first publish
        db.execute(insert(schema.current).values(id=1, version_id=version_id))
    return before


def record_event(db: Connection, actor: Actor, action: str, version: int, now: datetime, codes=(), detail=None) -> None:
    """One line of the history: when, who (name and role), what, which provinces, the details."""
    values = {"at": now, "actor": actor.name, "role": actor.role, "action": action, "version_id": version}
    extra = {"provinces": ",".join(codes), "detail": json.dumps(detail or {}, ensure_ascii=False, default=str)}
    db.execute(insert(schema.history).values(**values, **extra))
