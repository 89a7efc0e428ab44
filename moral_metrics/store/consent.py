"""The consent register: whether a person's name may be shown, as the latest publish decided.

A person is keyed by province, name as normalised and kind. Every publish records the decision
its files carry for each person they name (a person named twice with different answers is not
public); a version read back from the store takes each person's public flag from the register,
whatever that version said when it was published, so a withdrawn consent reaches every version,
page, search, count, export and download at once. Someone never registered is not public.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, delete, func, insert, select

from moral_metrics.model import Tracker
from moral_metrics.reference.vocabulary import name_key
from moral_metrics.store import schema

KEY = ["province_code", "person_key", "kind"]


def decisions(trackers: list[Tracker]) -> pd.DataFrame:
    """What the files decide for each person they name (the most private answer wins)."""
    frames = [t.dataset("honourees") for t in trackers]
    rows = pd.concat([f for f in frames if not f.empty] or [pd.DataFrame(columns=["kind"])], ignore_index=True)
    people = rows[rows["kind"] == "person"]
    if people.empty:
        return pd.DataFrame(columns=[*KEY, "public"])
    found = pd.DataFrame(
        {
            "province_code": people["province_code"],
            "person_key": [name_key(n) for n in people["name"]],
            "kind": people["kind"],
            "public": people["public"].astype(bool),
        }
    )
    return found.groupby(KEY, as_index=False)["public"].min()


def record(db: Connection, trackers: list[Tracker], version_id: int, now: datetime) -> int:
    """Write the files' decisions into the register; how many people's decision changed."""
    found = decisions(trackers)
    if found.empty:
        return 0
    before = register(db).set_index(KEY)["public"].to_dict()
    rows = [
        {**dict(zip(KEY, key, strict=True)), "public": bool(public), "version_id": version_id, "decided_at": now}
        for *key, public in found.itertuples(index=False)
    ]
    changed = sum(1 for r in rows if before.get((r["province_code"], r["person_key"], r["kind"])) != r["public"])
    for row in rows:
        match = [schema.consent.c[k] == row[k] for k in KEY]
        db.execute(delete(schema.consent).where(*match))
    db.execute(insert(schema.consent), rows)
    return changed


def revision(db: Connection) -> int:
    """Moves whenever a person's consent may have changed (a publish or an erasure is recorded)."""
    actions = schema.history.c.action.in_(("publish", "erase"))
    return int(db.scalar(select(func.max(schema.history.c.id)).where(actions)) or 0)


def register(db: Connection) -> pd.DataFrame:
    frame = pd.read_sql(select(schema.consent.c.province_code, schema.consent.c.person_key, schema.consent.c.kind,
                               schema.consent.c.public), db)  # fmt: skip
    return frame


def apply(tracker: Tracker, decided: pd.DataFrame) -> Tracker:
    """``tracker`` with every person's public flag as the register says (not registered: private)."""
    honourees = tracker.datasets.get("honourees")
    if honourees is None or honourees.empty:
        return tracker
    people = (honourees["kind"] == "person").to_numpy()
    lookup = {tuple(k): bool(p) for *k, p in decided[[*KEY, "public"]].itertuples(index=False)}
    flags = [
        lookup.get((p, name_key(n), k), False) if person and n is not None else bool(public) and not person
        for p, n, k, public, person in zip(
            honourees["province_code"], honourees["name"], honourees["kind"], honourees["public"], people, strict=True
        )
    ]
    updated = honourees.assign(public=flags)
    return dataclasses.replace(tracker, datasets={**tracker.datasets, "honourees": updated})
