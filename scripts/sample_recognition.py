"""Illustrative honourees and events for data/sample_tracker.xlsx (issue 11).

Made up to show the pages (names say ตัวอย่าง, the citation says it is illustrative), except for the
events in the news (Chiang Rai's assembly and moral market of 6-8 July 2564, Surat Thani's meeting
1/2565 of 26 Oct 2564, Udon Thani's forum of 8 Dec 2564; their participants are shares). Each
province-year's assemblies and exchanges, and their participants, equal the progress indicators
``exchange_events`` and ``participants`` of the sample, so the cross-checks stay quiet. Surat
Thani honours one person or organisation per district each month (news 002); a few districts miss
a few months so that the coverage grid shows gaps. Every seventh honouree is not public.
"""

from __future__ import annotations

import datetime as dt

from moral_metrics.reference.districts import district_index
from moral_metrics.reference.provinces import province_index

ILLUSTRATIVE = "ค่าสมมติเพื่อสาธิต / illustrative"
VIRTUES = ("พอเพียง", "วินัย", "สุจริต", "จิตอาสา", "กตัญญู")
KINDS = ("บุคคล", "องค์กร", "ชุมชน")
# (province, programme year) -> the news event: start, end, title
NEWS = {
    ("เชียงราย", 2): (dt.date(2021, 7, 6), dt.date(2021, 7, 8), "สมัชชาคุณธรรมและตลาดนัดคุณธรรมจังหวัดเชียงราย (ข่าว 003)"),
    ("สุราษฎร์ธานี", 3): (dt.date(2021, 10, 26), None, "ประชุมขับเคลื่อนจังหวัดคุณธรรม ครั้งที่ 1/2565 (ข่าว 002)"),
    ("อุดรธานี", 3): (dt.date(2021, 12, 8), None, "เวทีเตรียมความพร้อมจังหวัดคุณธรรมปีที่ 3 (ข่าว 004)"),
}


def _month_day(fiscal: int, month_index: int, day: int) -> dt.date:
    """Day ``day`` of the ``month_index``-th month (0 = October) of fiscal year ``fiscal`` (BE)."""
    month = (9 + month_index) % 12 + 1
    year = fiscal - 543 - (1 if month >= 10 else 0)
    return dt.date(year, month, day)


def _thai(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year + 543}"


def _honouree(province: str, district: str, day: dt.date, n: int) -> dict:
    mix = n + day.month  # kinds and virtues vary within a district as well as across
    kind = KINDS[mix % 3] if mix % 4 else "บุคคล"
    return {
        "province": province,
        "district": district,
        "honoured_on": _thai(day),
        "honouree_kind": kind,
        "honouree_name": f"{kind}ตัวอย่าง {district} {n + 1}",
        "virtues": ", ".join(dict.fromkeys((VIRTUES[mix % 5], VIRTUES[(mix * 3 + 1) % 5]))),
        "citation": f"ผลงานตัวอย่างด้านคุณธรรม ({ILLUSTRATIVE})",
        "public": "ไม่เผยแพร่" if n % 7 == 6 else "เผยแพร่",
    }


def honourees(starts: dict[str, int]) -> list[dict]:
    """Surat Thani: one per district per month in programme year 3; the others: a few a year."""
    rows: list[dict] = []
    for province, start in starts.items():
        code = province_index().resolve(province).code
        districts = [d.name_th for d in district_index().of_province(code)]
        if province == "สุราษฎร์ธานี":
            fiscal = start + 2
            for m in range(12):
                for k, district in enumerate(districts):
                    if k >= len(districts) - 3 and (m + k) % 3 == 0:
                        continue  # a quiet district-month
                    rows.append(_honouree(province, district, _month_day(fiscal, m, 15), len(rows)))
            continue
        for year in (1, 2, 3):
            for k in range(4 + 2 * year):
                day = _month_day(start + year - 1, (k * 5) % 12, 10 + k % 15)
                rows.append(_honouree(province, districts[(k * 7) % len(districts)], day, len(rows)))
    return rows


def _event(province: str, start: dt.date, kind: str, title: str, people: int | None, end: dt.date | None = None):
    return {
        "event_start": _thai(start),
        "event_end": _thai(end) if end else None,
        "province": province,
        "event_kind": kind,
        "event_title": title,
        "event_networks": None,
        "participants": people,
        "virtues": None,
    }


def _exchanges(province: str, year: int, fiscal: int, count: int, people: int | None) -> list[dict]:
    """``count`` assemblies and exchanges sharing ``people`` participants; the news one first."""
    rows = []
    for n in range(count):
        share = None if people is None else people // count + (people % count if n == count - 1 else 0)
        start, end, title = NEWS.get((province, year), (None, None, None)) if n == 0 else (None, None, None)
        kind = "สมัชชาคุณธรรม" if n % 2 == 0 and (title is None or "ประชุม" not in title) else "แลกเปลี่ยนเรียนรู้"
        if start is None:
            start, title = _month_day(fiscal, 3 + 4 * n, 20), f"{kind}ตัวอย่าง ครั้งที่ {n + 1}"
        rows.append(_event(province, start, kind, title, share, end))
    return rows


def events(starts: dict[str, int], progress: list[dict], names: dict[str, str]) -> list[dict]:
    """Assemblies and exchanges agreeing with the progress rows; moral markets, volunteering and
    honouring events around them (not counted by the indicators)."""
    actual = {(r["province"], r["program_year"], r["indicator"]): r["actual"] for r in progress}
    rows: list[dict] = []
    for province, start in starts.items():
        for year in sorted({y for p, y, _ in actual if p == province}):
            fiscal = start + year - 1
            count = int(actual.get((province, year, names["exchange_events"])) or 0)
            people = actual.get((province, year, names["participants"]))
            if count:
                rows += _exchanges(province, year, fiscal, count, None if people is None else int(people))
            for m, kind in ((1, "ตลาดนัดคุณธรรม"), (5, "จิตอาสา"), (9, "ยกย่อง")):
                title = f"{kind}ตัวอย่าง ปีงบประมาณ {fiscal}"
                rows.append(_event(province, _month_day(fiscal, m, 5), kind, title, 30 + 10 * m))
    return rows + upcoming(starts)


def upcoming(starts: dict[str, int]) -> list[dict]:
    """A moral market and a volunteering day per province in fiscal 2570, to show upcoming events."""
    rows = []
    for n, province in enumerate(starts):
        rows.append(
            _event(province, dt.date(2027, 1, 16 + n), "ตลาดนัดคุณธรรม", f"ตลาดนัดคุณธรรม{province} 2570 (ตัวอย่าง)", None)
        )
        rows.append(_event(province, dt.date(2027, 3, 5 + n), "จิตอาสา", f"จิตอาสาพัฒนา{province} 2570 (ตัวอย่าง)", None))
    return rows
