"""Build data/sample_tracker.xlsx: the three provinces in the news, years 1-3.

Values that come from the news items in ../shared/domain/news/ are in scripts/sample_facts.csv,
with their source in the note. Every other value is illustrative, made up to show how the
dashboard looks, and its note says so ("ค่าสมมติเพื่อสาธิต / illustrative").

    python scripts/make_sample.py [OUT.xlsx]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moral_metrics.briefing.template import ProvinceRow, write_tracker  # noqa: E402
from moral_metrics.reference.catalogue import default_catalogue  # noqa: E402
from scripts.sample_recognition import events, honourees  # noqa: E402
from scripts.sample_units import province_units  # noqa: E402

ILLUSTRATIVE = "ค่าสมมติเพื่อสาธิต / illustrative"
# Illustrative targets per programme year 1, 2, 3 (a province raises its sights each year).
TARGETS = {
    "networks": (5, 10, 12),
    "organizations": (60, 150, 200),
    "model_units": (10, 30, 50),
    "strategy_stage": (1, 2, 3),
    "drive_mechanisms": (1, 2, 3),
    "monitoring_mechanism": (1, 1, 1),
    "knowledge_tools": (2, 4, 6),
    "lessons_learned": (1, 2, 3),
    "exchange_events": (1, 2, 2),
    "participants": (100, 150, 200),
}
# How far each province got, as a share of the target, per programme year (illustrative).
PACE = {"เชียงราย": (1.0, 1.1, 0.8), "สุราษฎร์ธานี": (0.7, 0.9, 0.85), "อุดรธานี": (0.9, 1.0, 1.05)}


def _facts() -> list[dict[str, str]]:
    with (ROOT / "scripts" / "sample_facts.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _illustrative(province: str, year: int, code: str, kind: str) -> float:
    target = TARGETS[code][year - 1]
    pace = PACE[province][year - 1] - 0.05 * (len(code) % 3)  # vary indicators a little
    if kind == "yesno":
        return 1.0 if pace >= 0.85 else 0.0
    if kind == "stage":
        return float(min(3, max(0, round(target * pace))))
    return float(round(target * pace))


def rows() -> list[dict]:
    facts = {(f["province"], int(f["program_year"]), f["indicator"]): f for f in _facts()}
    out = []
    catalogue = default_catalogue()
    years = sorted({y for _, y, _ in facts} | {1, 2, 3})
    for province in PACE:
        for year in years:
            for ind in catalogue.indicators:
                fact = facts.get((province, year, ind.code))
                if year > 3 and fact is None:
                    continue
                # past year 3 only the news facts are shown, each against its own level
                target = TARGETS[ind.code][year - 1] if year <= 3 else float(fact["actual"])
                actual = float(fact["actual"]) if fact else _illustrative(province, year, ind.code, ind.kind)
                note = fact["note"] + "; เป้าหมายเป็นค่าสมมติ / illustrative target" if fact else ILLUSTRATIVE
                out.append(
                    {
                        "province": province,
                        "program_year": year,
                        "indicator": ind.name_th,
                        "target": target if ind.kind != "yesno" else "มี",
                        "actual": actual if ind.kind != "yesno" else ("มี" if actual else "ไม่มี"),
                        "note": note,
                    }
                )
    return out


def units(progress: list[dict], starts: dict[str, int]) -> list[dict]:
    """Illustrative assessments (issue 10), agreeing with each province-year's model_units."""
    name = default_catalogue().get("model_units").name_th
    out = []
    for province in PACE:
        model = {
            r["program_year"]: r["actual"] for r in progress if r["province"] == province and r["indicator"] == name
        }
        out += province_units(province, starts[province], model)
    return out


def main(out: Path) -> None:
    starts = {f["province"]: int(f["start_year"]) for f in _facts()}
    networks = {f["province"]: float(f["actual"]) for f in _facts() if f["indicator"] == "networks"}
    provinces = [ProvinceRow(p, starts[p], networks.get(p)) for p in PACE]
    progress = rows()
    names = {i.code: i.name_th for i in default_catalogue().indicators}
    recognition = {"honourees": honourees(starts), "events": events(starts, progress, names)}  # issue 11
    write_tracker(out, provinces, progress, units=units(progress, starts), **recognition)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data" / "sample_tracker.xlsx")
