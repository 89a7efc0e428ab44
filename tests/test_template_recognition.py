"""The template's honourees and events sheets: headers the loader recognises, drop-down lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from moral_metrics.briefing.template import write_tracker
from moral_metrics.pipeline import load_tracker_file
from moral_metrics.reference.i18n import t

HONOUREE = {
    "province": "สุราษฎร์ธานี",
    "district": "ไชยา (8406)",
    "honoured_on": "15/1/2566",
    "honouree_kind": "บุคคล",
    "honouree_name": "นายเอ",
    "virtues": "พอเพียง, จิตอาสา",
    "public": "ไม่เผยแพร่",
}
EVENT = {
    "event_start": "15/1/2566",
    "province": "สุราษฎร์ธานี",
    "event_kind": "ประชุม",
    "event_title": "ประชุม",
    "participants": 30,
}


@pytest.mark.parametrize("lang", ["th", "en"])
def test_filled_template_sheets_load_into_the_datasets(tmp_path: Path, lang: str) -> None:
    out = tmp_path / "t.xlsx"
    write_tracker(out, lang=lang, honourees=[HONOUREE], events=[EVENT], blank_rows=20)
    result = load_tracker_file(out)
    assert result.ok and result.messages == []
    people, events = result.tracker.dataset("honourees"), result.tracker.dataset("events")
    assert people[["district_code", "public", "virtues"]].to_dict("records") == [
        {"district_code": "8406", "public": False, "virtues": ["sufficiency", "volunteering"]}
    ]
    assert events[["kind", "participants", "date"]].to_dict("records") == [
        {"kind": "meeting", "participants": 30, "date": "2023-01-15"}
    ]


def test_the_sheets_have_drop_downs_for_place_kind_virtues_and_public(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    write_tracker(out, lang="th", blank_rows=20)
    book = load_workbook(out)
    honourees, events = book[t("template.sheet_honourees", "th")], book[t("template.sheet_events", "th")]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in honourees.data_validations.dataValidation}
    assert set(lists) == {"A2", "B2", "D2", "F2", "I2"}
    assert "บุคคล" in lists["D2"] and "กตัญญู" in lists["F2"] and "ไม่เผยแพร่" in lists["I2"]
    kinds = [dv.formula1 for dv in events.data_validations.dataValidation if "E2" in str(dv.sqref)]
    assert kinds and "สมัชชาคุณธรรม" in kinds[0]


def test_the_sample_has_honourees_and_events_with_quiet_cross_checks() -> None:
    from moral_metrics.reference.sample import SAMPLE_PATH

    result = load_tracker_file(SAMPLE_PATH)
    people, events = result.tracker.dataset("honourees"), result.tracker.dataset("events")
    assert result.messages == [] and set(people["province_code"]) == {"TH-57", "TH-84", "TH-41"}
    assert (~people["public"]).any() and people["public"].any()
    surat = people[(people["province_code"] == "TH-84") & (people["fiscal_year"] == 2565)]
    assert surat["district_code"].nunique() == 19  # one honoured per district each month, some months quiet
    assert {"assembly", "exchange", "moral_market"} <= set(events["kind"])
