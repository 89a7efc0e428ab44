"""Illustrative assessment rows for data/sample_tracker.xlsx (issue 10).

Every row is made up to show the pages and its note says so, except that each province-year's
count of model (level 3) organisations and communities equals the progress indicator
``model_units`` of the sample, so the cross-check stays quiet (Surat Thani's 50 model
organisations over its 19 districts in programme year 3 are the news fact). A few districts are
left without any assessed unit, so the district table shows what "not assessed" looks like.
"""

from __future__ import annotations

from moral_metrics.reference.districts import District, district_index
from moral_metrics.reference.provinces import province_index

ILLUSTRATIVE = "ค่าสมมติเพื่อสาธิต / illustrative"
LEFT_OUT = 3  # the last districts of each province have no assessed unit
OWN_LEVEL = (1, 2, 3)  # the province's own level in programme years 1, 2, 3 (illustrative)


def _unit(province: str, district: District | None, kind: str, name: str, fiscal: int, level: int) -> dict:
    return {
        "province": province,
        "district": district.name_th if district else "ระดับจังหวัด",
        "unit_type": kind,
        "unit_name": name,
        "fiscal_year": fiscal,
        "level": level,
        "unit_note": ILLUSTRATIVE,
    }


def _scores(n: int, level: int) -> dict:
    """Nine activity scores for some rows only (illustrative; never used to set the level)."""
    if n % 4:
        return {}
    return {f"score_{a}": min(2, max(0, level - (a + n) % 2)) for a in range(1, 10)}


def province_units(province: str, start: int, model_units: dict[int, float]) -> list[dict]:
    """One province's rows: model units matching ``model_units`` (programme year -> count)."""
    code = province_index().resolve(province).code
    districts = district_index().of_province(code)
    used = districts[: max(1, len(districts) - LEFT_OUT)]
    rows: list[dict] = []
    for year in (1, 2, 3):
        fiscal = start + year - 1
        model = int(model_units.get(year, 0))
        for n in range(model + 2 * year + 4):  # the model units, then a few promoting and moral ones
            level = 3 if n < model else 1 + n % 2
            kind = "ชุมชน" if n >= model and n % 3 == 2 else "องค์กร"  # the news counts model organisations
            d = used[n % len(used)]
            rows.append(
                _unit(province, d, kind, f"{kind}ตัวอย่าง {d.name_th} {n + 1}", fiscal, level) | _scores(n, level)
            )
        for n, d in enumerate(used[: 2 + year]):
            rows.append(_unit(province, d, "อำเภอ", "", fiscal, min(3, 1 + (n + year) % 3)))
        rows.append(_unit(province, None, "จังหวัด", "", fiscal, OWN_LEVEL[year - 1]) | {"district": ""})
    return rows
