"""Photos kept with the published versions: small JPEGs keyed by ``image:<sha256>``.

A photo link on a host the office allows (``privacy.photo_hosts``) is fetched here by the server,
once, when its file is checked: the answer must be an image of sane size (no redirect followed,
so a listed host cannot send the server elsewhere), and it is then kept like an embedded photo.
A viewer's browser never fetches a photo from anywhere but the app.
"""

from __future__ import annotations

import dataclasses
import urllib.error
import urllib.request

from sqlalchemy import Connection, insert, select

from moral_metrics.ingest.images import MAX_IMAGE_BYTES, small
from moral_metrics.model import Tracker
from moral_metrics.reference.messages import Position, make
from moral_metrics.store import schema

TIMEOUT = 10  # seconds for one photo


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:  # a listed host may not send us elsewhere
        return None


def fetch(url: str) -> bytes | None:
    """The bytes at ``url`` when it answers an image of at most ``MAX_IMAGE_BYTES``; else None."""
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(url, headers={"User-Agent": "MoralMetrics/1 (photo check)"})
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            if answer.status != 200 or not answer.headers.get("Content-Type", "").startswith("image/"):
                return None
            content = answer.read(MAX_IMAGE_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError):
        return None
    return content if len(content) <= MAX_IMAGE_BYTES else None


def fetched(tracker: Tracker) -> Tracker:
    """The tracker with every photo link (already limited to allowed hosts) fetched and kept as a
    photo of its own; a link that gives no image is dropped with a warning at its row."""
    honourees = tracker.dataset("honourees")
    links = [p for p in honourees["photo"] if isinstance(p, str) and p.startswith(("http://", "https://"))]
    if not links:
        return tracker
    photos, refs, warnings = dict(tracker.photos), {}, list(tracker.warnings)
    for link in dict.fromkeys(links):
        made = small(content) if (content := fetch(link)) is not None else None
        if made is not None:
            refs[link], photos[made[0]] = made[0], made[1]
    for row in honourees[honourees["photo"].isin(set(links) - set(refs))].to_dict("records"):
        warnings.append(make("photo_unavailable", at=_row(row), value=row["photo"]))
    updated = honourees.assign(photo=[refs.get(p, None if p in links else p) for p in honourees["photo"]])
    return dataclasses.replace(
        tracker, datasets={**tracker.datasets, "honourees": updated}, photos=photos, warnings=warnings
    )


def _row(row: dict) -> Position:
    return Position(row["sheet"], int(row["row"]))


def keep(db: Connection, trackers: list[Tracker]) -> None:
    """Store the photos these trackers bring (each once, whatever version brings it again)."""
    wanted = {ref: content for t in trackers for ref, content in t.photos.items()}
    if not wanted:
        return
    have = set(db.scalars(select(schema.photos.c.ref).where(schema.photos.c.ref.in_(list(wanted)))))
    rows = [{"ref": r, "content": c} for r, c in wanted.items() if r not in have]
    if rows:
        db.execute(insert(schema.photos), rows)


def read(db: Connection, refs: list[str]) -> dict[str, bytes]:
    query = select(schema.photos.c.ref, schema.photos.c.content).where(schema.photos.c.ref.in_(refs))
    return {ref: bytes(content) for ref, content in db.execute(query)}
