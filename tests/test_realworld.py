"""Real Thai public-sector spreadsheets (none is a tracker): each is refused clearly, never crashes.

The files live in ``shared/realworld/`` beside the repository (see its README.md); they are not
copied into the project. A missing folder is a failure, not a skip.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from moral_metrics.model import LoadResult
from moral_metrics.pipeline import load_tracker

REPO = Path(__file__).resolve().parents[1]
REALWORLD = REPO.parent / "shared" / "realworld"
CLEAR_REFUSALS = {"no_progress_sheet", "unreadable_file", "missing_column", "unknown_province"}


def _files() -> list[str]:
    if not REALWORLD.is_dir():
        return []
    return sorted(p.name for p in REALWORLD.iterdir() if p.is_file() and p.name != "README.md")


MISSING = "(shared/realworld is missing)"
FILES = _files() or [MISSING]  # a missing folder fails each test instead of skipping them


@cache
def load(name: str) -> LoadResult:
    assert name != MISSING, f"{REALWORLD} is missing"
    result = load_tracker((REALWORLD / name).read_bytes())
    assert isinstance(result, LoadResult)
    return result


def sheet_names(name: str) -> list[str]:
    book = CalamineWorkbook.from_filelike(io.BytesIO((REALWORLD / name).read_bytes()))
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def test_realworld_folder_is_there() -> None:
    assert REALWORLD.is_dir(), f"{REALWORLD} is missing: the real-world test files sit in shared/ beside the repo"
    assert MISSING not in FILES and len(FILES) >= 10, FILES


@pytest.mark.parametrize("name", FILES)
def test_realworld_file_is_refused_clearly(name: str) -> None:
    result = load(name)
    assert not result.ok
    assert result.tracker is None
    codes = {m.code for m in result.errors}
    assert codes & CLEAR_REFUSALS, sorted(codes)
    for message in result.messages:
        assert message.message_th.strip()
        assert message.message_en.strip()
        assert message.message_th != message.message_en
        assert message.severity in ("error", "warning")


def test_no_progress_sheet_names_the_sheets_it_looked_at() -> None:
    checked = 0
    for name in FILES:
        found = [m for m in load(name).errors if m.code == "no_progress_sheet"]
        if not found:
            continue
        checked += 1
        names = [s for s in sheet_names(name) if s.strip()]
        named = [s for s in names if f'"{s}"' in found[0].message_en]
        assert named, f"{name}: none of its sheets {names} is named in {found[0].message_en!r}"
        assert all(f'"{s}"' in found[0].message_th for s in named)
    assert checked >= 5, "expected several real-world files to have no progress sheet"
