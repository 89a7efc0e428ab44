"""Workbooks with honourees and events sheets, built in code (issue 11)."""

from __future__ import annotations

from collections.abc import Sequence

from builders import simple_long
from openpyxl import Workbook

SURAT = "สุราษฎร์ธานี"
HONOUREE_HEAD = {
    "th": ("จังหวัด", "อำเภอ", "วันที่", "ประเภท", "ชื่อ", "คุณธรรม", "ผลงาน/เหตุผล", "รูปภาพ", "เผยแพร่"),
    "en": ("Province", "District", "Date honoured", "Kind", "Name", "Virtues", "Citation", "Photo", "Public"),
}
EVENT_HEAD = {
    "th": (
        "วันที่เริ่ม",
        "วันที่สิ้นสุด",
        "จังหวัด",
        "อำเภอ",
        "ประเภทกิจกรรม",
        "ชื่อกิจกรรม",
        "เครือข่าย",
        "ผู้เข้าร่วม",
        "คุณธรรม",
        "เผยแพร่",
    ),
    "en": (
        "Start date",
        "End date",
        "Province",
        "District",
        "Kind",
        "Title",
        "Networks",
        "Participants",
        "Virtues",
        "Public",
    ),
}
# Surat Thani (started 2563): programme year 4 is fiscal 2566
PROGRESS = [[SURAT, 4, "exchange_events", 2, 2], [SURAT, 4, "participants", 120, 120]]


def honouree(name: str, district: object = "ไชยา", date: object = "15/1/2566", **cells: object) -> list[object]:
    """One honourees row in the Thai header's order."""
    row = {"province": SURAT, "district": district, "date": date, "kind": "บุคคล", "name": name}
    row |= {"virtues": "พอเพียง, จิตอาสา", "citation": "ช่วยเหลือชุมชน", "photo": None, "public": "ใช่"} | cells
    return [row[k] for k in ("province", "district", "date", "kind", "name", "virtues", "citation", "photo", "public")]


def event(title: str, date: object = "15/1/2566", kind: object = "สมัชชาคุณธรรม", **cells: object) -> list[object]:
    """One events row in the Thai header's order."""
    row = {"date": date, "end": None, "province": SURAT, "district": None, "kind": kind, "title": title}
    row |= {"networks": 8, "participants": 60, "virtues": None, "public": None} | cells
    order = ("date", "end", "province", "district", "kind", "title", "networks", "participants", "virtues", "public")
    return [row[k] for k in order]


def recognition_book(
    honourees: Sequence[Sequence[object]] = (),
    events: Sequence[Sequence[object]] = (),
    progress: Sequence[Sequence[object]] = PROGRESS,
    lang: str = "th",
) -> Workbook:
    """A long progress sheet for Surat Thani plus honourees and events sheets (when given)."""
    book = simple_long([list(r) for r in progress], {SURAT: 2563})
    for title, head, rows in (("ทำเนียบคนดี", HONOUREE_HEAD, honourees), ("ปฏิทินความดี", EVENT_HEAD, events)):
        if rows:
            sheet = book.create_sheet(title)
            sheet.append(list(head[lang]))
            for line in rows:
                sheet.append(list(line))
    return book
