"""Issue 10: the assessments sheet, the district reference and the units dataset.

Workbooks are built in code (``builders.units_book``): Thai digits, district names with and
without prefixes, English names and codes, level words in each form. The message codes
themselves are provoked one by one in ``test_message_codes.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from builders import UNIT_HEAD, to_bytes, units_book

from moral_metrics.briefing.report import to_json
from moral_metrics.model import DATASETS, UNIT_COLUMNS
from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.districts import district_index, is_province_level
from moral_metrics.reference.units import level, unit_type

ROOT = Path(__file__).resolve().parent.parent
SURAT = "สุราษฎร์ธานี"


def test_the_928_districts_match_the_shared_reference() -> None:
    index = district_index()
    assert len(index.districts) == 928 == len(index.by_code)
    assert len(index.of_province("TH-84")) == 19
    reference = ROOT.parent / "shared" / "reference" / "th_districts.csv"
    assert reference.exists(), "the shared reference lies beside the repository (as in CI)"
    with reference.open(encoding="utf-8") as fh:
        expected = {r["district_code"]: (r["province_iso"], r["name_th"], r["name_en"]) for r in csv.DictReader(fh)}
    assert {d.code: (d.province, d.name_th, d.name_en) for d in index.districts} == expected


@pytest.mark.parametrize(
    ("written", "province", "code"),
    [
        ("ไชยา", "TH-84", "8406"),
        ("อ.ไชยา", "TH-84", "8406"),
        ("อำเภอ ไชยา", "TH-84", "8406"),
        ("Chaiya", "TH-84", "8406"),
        ("Chaiya District", "TH-84", "8406"),
        ("Amphoe Chaiya", "TH-84", "8406"),
        ("๘๔๐๖", "TH-84", "8406"),
        ("8406", "TH-84", "8406"),
        ("อ.เมือง", "TH-84", "8401"),
        ("Mueang", "TH-84", "8401"),
        ("อำเภอเมืองสุราษฎร์ธานี", "TH-84", "8401"),
        ("เขตบางรัก", "TH-10", "1004"),
        ("Bang Rak District", "TH-10", "1004"),
        ("บางไทร", "TH-14", "1404"),
        ("อ.บางซ้าย", "TH-14", "1413"),
        ("Wiphawadi", "TH-84", "8419"),  # one of the six corrected English names
        ("อุทัย", "TH-14", "1414"),  # a name that starts like the prefix อ.
        ("\u200bไชยา ", "TH-84", "8406"),
    ],
)
def test_district_names_codes_and_prefixes_resolve(written: str, province: str, code: str) -> None:
    found = district_index().resolve(written, province)
    assert found.problem is None and found.district is not None and found.district.code == code


def test_district_problems_say_why() -> None:
    index = district_index()
    assert index.resolve("Bang Sai", "TH-14").choices == ("1404", "1413")
    elsewhere = index.resolve("เชียงแสน", "TH-84")
    assert (elsewhere.problem, elsewhere.other) == ("other_province", "TH-57")
    assert index.resolve("5708", "TH-84").other == "TH-57"
    unknown = index.resolve("อ.พุนพินน์", "TH-84")
    assert (unknown.problem, unknown.suggestion) == ("unknown", "พุนพิน")
    assert index.resolve("9999", "TH-84").problem == "unknown"
    assert index.province_of("8401") == "TH-84" and index.province_of("0000") is None
    assert is_province_level("ระดับจังหวัด") and not is_province_level("ไชยา")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("องค์กรคุณธรรมต้นแบบ", 3),
        ("ชุมชนส่งเสริมคุณธรรม", 1),
        ("อำเภอคุณธรรม", 2),
        ("จังหวัดคุณธรรมต้นแบบ", 3),
        ("พัฒนาคุณธรรม", 2),
        ("ระดับ 2", 2),
        ("ระดับ ๓", 3),
        ("ต้นแบบ", 3),
        ("Model", 3),
        ("Promoting", 1),
        ("Model organisation", 3),
        ("Level 1", 1),
        (2, 2),
        (3.0, 3),
        ("๑", 1),
        (4, None),
        ("ดีมาก", None),
        (None, None),
    ],
)
def test_level_words_in_each_form(written: object, expected: int | None) -> None:
    assert level(written) == expected


def test_unit_type_words() -> None:
    assert [unit_type(w) for w in ("องค์กร", "ชุมชน", "อำเภอ", "จังหวัด", "Organization", "community")] == [
        "organisation",
        "community",
        "district",
        "province",
        "organisation",
        "community",
    ]
    assert unit_type("บริษัท") is None


ROWS = [
    [SURAT, "อ.เมือง", "องค์กร", "โรงเรียนบ้านดอน", "๒๕๖๖", "องค์กรคุณธรรมต้นแบบ"],
    [SURAT, "Chaiya District", "community", "Ban Pho", "FY2023", "Model"],
    [SURAT, "๘๔๐๖", "ชุมชน", "ชุมชนพุมเรียง", "ปีงบประมาณ ๒๕๖๖", "ชุมชนส่งเสริมคุณธรรม"],
    [SURAT, "ไชยา", "อำเภอ", None, "พ.ศ. 2566", "ระดับ 2"],
    [SURAT, "ระดับจังหวัด", "องค์กร", "สำนักงานวัฒนธรรมจังหวัด", 2566, "ต้นแบบ"],
    [SURAT, None, "จังหวัด", None, "ปีที่ 4", "จังหวัดคุณธรรม"],
    ["รวม", None, None, None, None, None],
]


def _loaded(rows: list = ROWS, **kwargs):
    result = load_tracker(to_bytes(units_book(rows, **kwargs)))
    assert result.ok, [m.to_dict() for m in result.errors]
    return result


def test_a_sheet_of_units_loads_in_thai_words_and_digits() -> None:
    units = _loaded().tracker.dataset("units")
    assert list(units.columns) == list(UNIT_COLUMNS)
    assert units["district_code"].tolist() == ["8401", "8406", "8406", "8406", None, None]
    kinds = ["organisation", "community", "community", "district", "organisation", "province"]
    assert units["unit_type"].tolist() == kinds
    assert units["level"].tolist() == [3, 3, 1, 2, 3, 2]
    assert set(units["fiscal_year"]) == {2566}  # ปีที่ 4 of a province that started in 2563
    assert units["name"].tolist()[3:] == ["ไชยา", "สำนักงานวัฒนธรรมจังหวัด", "สุราษฎร์ธานี"]


def test_an_english_header_and_only_assessments_load() -> None:
    rows = [["Surat Thani", "Phunphin", "Organisation", "Phunphin Hospital", 2566, "Level 3"]]
    units = _loaded(rows, head=UNIT_HEAD["en"], progress=False).tracker.dataset("units")
    assert units.iloc[0][["province_code", "district_code", "level"]].tolist() == ["TH-84", "8417", 3]


def test_scores_are_kept_as_nine_values_and_never_set_the_level() -> None:
    head = (*UNIT_HEAD["th"], *(f"กิจกรรมที่ {n}" for n in range(1, 10)), "ครั้งที่ประชุม", "หมายเหตุ")
    rows = [
        [SURAT, "ไชยา", "องค์กร", "วัดเวียง", 2566, 1, *([2] * 9), "2/2566", "ค่าสมมติ"],
        [SURAT, "ไชยา", "องค์กร", "วัดแก้ว", 2566, 3, "๑", None, 0, None, None, None, None, None, None, None, None],
        [SURAT, "ไชยา", "องค์กร", "วัดหลง", 2566, 2],
    ]
    units = _loaded(rows, head=head).tracker.dataset("units")
    assert units["scores"].tolist() == [[2] * 9, [1, None, 0, None, None, None, None, None, None], None]
    assert units["level"].tolist() == [1, 3, 2]  # the certified level, even against the scores


def test_every_problem_is_reported_with_its_cell_and_nothing_loads() -> None:
    rows = [
        [SURAT, "เชียงแสน", "องค์กร", "ก", 2566, 3],
        [SURAT, "ไชยาา", "องค์กร", "ข", 2566, 3],
        [SURAT, "ไชยา", "บริษัท", "ค", 2566, 3],
        [SURAT, "ไชยา", "องค์กร", "ง", 2566, "ดีเยี่ยม"],
        [SURAT, None, "องค์กร", "จ", 2566, 3],
        [SURAT, "ไชยา", "องค์กร", "ฉ", 2800, 3],
        [SURAT, "ไชยา", "องค์กร", "ช", "ปีไหน", 3],
        ["ภูเก็ตต", "ไชยา", "องค์กร", "ซ", 2566, 3],
    ]
    result = load_tracker(to_bytes(units_book(rows)))
    assert not result.ok
    found = [(m.code, m.detail, m.cell) for m in result.errors]
    assert found == [
        ("district_other_province", None, "B2"),
        ("unknown_district", None, "B3"),
        ("unknown_unit_type", None, "C4"),
        ("unknown_level", None, "F5"),
        ("missing_district", None, "B6"),
        ("bad_year", "fiscal", "E7"),
        ("bad_year", None, "E8"),
        ("unknown_province", None, "A9"),
    ]


def test_model_units_cross_check_agrees_silently() -> None:
    rows = [[SURAT, "ไชยา", "องค์กร", f"วัด {n}", 2563, 3] for n in range(50)]
    rows.append([SURAT, "ไชยา", "อำเภอ", None, 2563, 3])  # a district does not count as a model unit
    result = _loaded(rows)
    assert not [m for m in result.messages if m.code == "model_units_mismatch"]


def test_check_json_carries_units_in_the_contract_shape() -> None:
    data = json.loads(json.dumps(to_json(_loaded(), "units.xlsx")))
    assert DATASETS["units"].sheet_kind == "assessments"
    first = data["units"][0]
    assert first == {
        "province_code": "TH-84",
        "district_code": "8401",
        "unit_type": "organisation",
        "name": "โรงเรียนบ้านดอน",
        "fiscal_year": 2566,
        "level": 3,
        "scores": None,
        "source": {"file": "units.xlsx", "sheet": "ผลการประเมิน", "row": 2},  # issue 23
    }
    assert data["units"][5]["district_code"] is None
