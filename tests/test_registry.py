"""Issue 25: every kind of sheet below the province is declared once (``model.DATASETS``) and each
stage registers its part for it (``reference.parts``). A kind that lacks a part, or its words in
the data files, fails here, on its own line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from moral_metrics.model import DATASETS
from moral_metrics.reference import parts
from moral_metrics.reference.i18n import has
from moral_metrics.reference.settings import DATA_DIR


@pytest.fixture(scope="module", autouse=True)
def registered() -> None:
    """What a running app has imported: the checks, the template and deck parts, the pages' sections."""
    parts.load("moral_metrics.checks")
    parts.load("moral_metrics.briefing", "template_")
    parts.load("moral_metrics.briefing", "deck_")
    import ui.recognition
    import ui.units  # noqa: F401


@pytest.mark.parametrize("kind", list(DATASETS))
@pytest.mark.parametrize("name", parts.PARTS)
def test_every_declared_kind_has_every_part(kind: str, name: str) -> None:
    found = parts.part(name, kind)
    assert found.provider is not None or found.meta.get("why"), (kind, name)


@pytest.mark.parametrize("kind", list(DATASETS))
def test_every_declared_kind_has_its_data_files(kind: str) -> None:
    declared = DATASETS[kind]
    with (DATA_DIR / "sheet_kinds.csv").open(encoding="utf-8") as fh:
        rows = {r["kind"]: r for r in csv.DictReader(fh)}
    assert declared.sheet_kind in rows  # detection words and required columns
    assert (DATA_DIR / rows[declared.sheet_kind]["aliases"]).is_file()  # header words
    assert has(f"part.{kind}")  # its name in messages, in both languages


def test_a_kind_without_parts_is_reported() -> None:
    """The check of the registry itself: a kind declared but never registered is named."""
    assert parts.missing(["a_new_kind"], ("check", "template")) == [("a_new_kind", "check"), ("a_new_kind", "template")]
    assert parts.missing(list(DATASETS)) == []


def test_the_readme_says_how_to_add_a_kind() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Adding a kind of sheet" in readme and "@provides" in readme
