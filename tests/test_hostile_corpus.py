"""Every case of the hostile corpus goes through a publish: clear refusal or plain data, the
process stays up, and what was published before is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CASES, Case

from moral_metrics.access.roles import Actor
from moral_metrics.reference.sample import sample_bytes
from moral_metrics.service import Service

EDITOR = Actor.central("ทดสอบ")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Service:
    seeded = Service(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.db'}")
    seeded.seed(sample_bytes(), "sample_tracker.xlsx")
    return seeded


def test_the_corpus_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "refused"], ids=lambda c: c.name)
def test_refused_with_a_clear_message_and_nothing_changed(case: Case, store: Service) -> None:
    before = (store.current_id(), len(store.versions()))
    published = store.publish(case.build(), f"{case.name}.xlsx", EDITOR)
    result = published.result
    assert published.version_id is None
    assert [m.code for m in result.errors] == [case.code], [(m.code, m.message_en) for m in result.errors]
    error = result.errors[0]
    assert error.message_th and error.message_en and error.message_th != error.message_en
    assert (store.current_id(), len(store.versions())) == before
    assert len(store.tracker(store.current_id()).records) == 92


@pytest.mark.parametrize("case", [c for c in CASES if c.expect == "loads"], ids=lambda c: c.name)
def test_odd_but_real_trackers_load_as_plain_data(case: Case, store: Service, tmp_path: Path) -> None:
    published = store.publish(case.build(), f"{case.name}.xlsx", EDITOR)
    assert published.ok, [(m.code, m.message_en) for m in published.result.errors]
    records = store.tracker(published.version_id).records
    assert "TH-57" in set(records["province_code"])
    store.restore(1, EDITOR)


def test_script_in_a_cell_is_kept_as_text_not_run() -> None:
    from corpus import cells_with_html_and_script

    from moral_metrics import load_tracker

    note = load_tracker(cells_with_html_and_script()).tracker.records.loc[0, "note"]
    assert note.startswith("<script>") and "=cmd" in note  # stored verbatim; escaped wherever shown
