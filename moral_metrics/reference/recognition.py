"""Words of honouring and events (``data/recognition.csv``): the five virtues, the kinds of
honouree and of event, and public / not public.

A virtues cell names one or more virtues, Thai or English, separated by commas, spaces, ``/``,
semicolons or line breaks; words written together (``พอเพียงวินัย``) are taken apart too.
"""

from __future__ import annotations

import csv
import difflib
import re
from functools import lru_cache

from moral_metrics.reference.settings import DATA_DIR
from moral_metrics.reference.vocabulary import key

VIRTUES = ("sufficiency", "discipline", "honesty", "volunteering", "gratitude")
HONOUREE_KINDS = ("person", "organisation", "community")
EVENT_KINDS = ("assembly", "moral_market", "exchange", "honouring", "volunteering", "meeting", "other")
_SEPARATORS = re.compile(r"[,/;|\n\r、]+")


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    with (DATA_DIR / "recognition.csv").open(encoding="utf-8") as fh:
        return tuple(csv.DictReader(fh))


@lru_cache(maxsize=8)
def _words(group: str) -> dict[str, str]:
    """word key -> code, longest first."""
    pairs = {key(r["word"]): r["code"] for r in _rows() if r["group"] == group}
    return dict(sorted(pairs.items(), key=lambda p: -len(p[0])))


def words_of(group: str, code: str) -> list[str]:
    """The written words of one code, first the preferred one (for drop-downs and documentation)."""
    return [r["word"] for r in _rows() if r["group"] == group and r["code"] == code]


def word(group: str, value: object) -> str | None:
    """The code a cell names in ``group`` (honouree_kind, event_kind, public), or None."""
    return _words(group).get(key(value))


def _segment(k: str) -> list[str] | None:
    """A key made of virtue words only, taken apart greedily (longest word first); else None."""
    found: list[str] = []
    while k:
        hit = next((w for w in _words("virtue") if k.startswith(w)), None)
        if hit is None:
            return None
        found.append(_words("virtue")[hit])
        k = k[len(hit) :]
    return found


def virtues(value: object) -> tuple[list[str], list[str]]:
    """(virtue codes in order, without repeats; the written pieces that name none)."""
    codes: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in _SEPARATORS.split(str(value))):
        if not part:
            continue
        pieces = [part] if _segment(key(part)) is not None else part.split()
        for piece in pieces:
            found = _segment(key(piece))
            if found is None:
                unknown.append(piece)
            codes += [c for c in dict.fromkeys(found or []) if c not in codes]
    return codes, unknown


def nearest_virtue(text: str) -> str | None:
    """The virtue word nearest a misspelt one (its preferred Thai or English word), or None."""
    near = difflib.get_close_matches(key(text), list(_words("virtue")), n=1, cutoff=0.5)
    if not near:
        return None
    code = _words("virtue")[near[0]]
    thai = not text.isascii()
    return next(w for w in words_of("virtue", code) if w.isascii() != thai)


@lru_cache(maxsize=1)
def title_prefixes() -> tuple[str, ...]:
    """Titles before a person's name, as written (lower case), longest first."""
    found = {r["word"].casefold() for r in _rows() if r["group"] == "title"}
    return tuple(sorted(found, key=len, reverse=True))
