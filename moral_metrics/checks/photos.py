"""Photos of honourees: an image embedded in the row, or a link on a host the office allows.

A link anywhere else is not kept (a viewer's browser would fetch it, and whoever runs that host
would see every viewer): one warning per sheet counts them. An allowed link is kept for the
server to fetch once at publish (``store.photos``); an embedded image arrives already checked and
made small (``ingest.images``); ``image:<sha256>``, a kept photo's reference, stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import pandas as pd

from moral_metrics.reference.messages import Position, Problems

KEPT = re.compile(r"image:[0-9a-f]{64}")  # a photo the app keeps, as its own workbooks write it (issue 24)


def allowed(link: str, hosts: tuple[str, ...]) -> bool:
    """A link on a host the office allows, or the reference of a photo the app already keeps
    (so that a workbook the app wrote reads back with its photos unchanged)."""
    if KEPT.fullmatch(link):
        return True
    parts = urlsplit(link)
    return parts.scheme in ("https", "http") and (parts.hostname or "").lower() in {h.lower() for h in hosts}


def attach(
    honourees: pd.DataFrame, images: Mapping[tuple[str, int], str], hosts: tuple[str, ...], problems: Problems
) -> pd.DataFrame:
    """Each row's photo: the embedded image's reference, an allowed link, or None."""
    if honourees.empty:
        return honourees
    photos, dropped = [], {}
    for sheet, row, cell in zip(honourees["sheet"], honourees["row"], honourees["photo"], strict=True):
        embedded = images.get((sheet, int(row)))
        if isinstance(cell, str) and cell.strip() and not allowed(cell.strip(), hosts):
            dropped.setdefault(sheet, []).append(int(row))
            cell = None
        photos.append(embedded or (cell.strip() if isinstance(cell, str) and cell.strip() else None))
    for sheet, rows in dropped.items():
        problems.add("photo_not_allowed", at=Position(sheet, rows[0]), count=len(rows), hosts=list(hosts))
    return honourees.assign(photo=photos)
