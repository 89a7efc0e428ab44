"""The events as an iCalendar file (RFC 5545) that calendar apps import.

Every event is a whole-day VEVENT: ``DTSTART;VALUE=DATE`` and an exclusive ``DTEND`` (the day after
its last day). Text values escape backslash, semicolon, comma and line breaks; lines are folded at
75 octets without splitting a UTF-8 character; lines end in CRLF. A UID is made from the event's
province, start and title, so that importing a newer file updates an event instead of adding it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from moral_metrics.figures.calendar import last_day, title_of
from moral_metrics.figures.honours import place_text
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t

PRODID = "-//Moral Metrics//Calendar of good deeds//TH"
LIMIT = 75  # octets per line, before folding


def escape(text: object) -> str:
    value = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """A content line folded into pieces of at most 75 octets, continuation lines led by a space."""
    pieces, current = [], ""
    for char in line:
        room = LIMIT - (1 if pieces else 0)
        if len((current + char).encode("utf-8")) > room:
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def _uid(row: dict) -> str:
    digest = hashlib.sha1(f"{row['province_code']}|{row['date']}|{row['title']}".encode()).hexdigest()[:20]
    return f"{digest}@moral-metrics"


def _event(row: dict, names: dict[str, str], lang: str, stamp: str) -> list[str]:
    start, end = dt.date.fromisoformat(row["date"]), last_day(row) + dt.timedelta(days=1)
    kind = t(f"event_kind.{row['kind']}", lang)
    notes = [t("calendar.ics_kind", lang, kind=kind)]
    if row.get("participants") is not None and not pd.isna(row["participants"]):
        notes.append(t("calendar.ics_participants", lang, count=number_text(row["participants"])))
    if isinstance(row.get("networks"), str):
        notes.append(t("calendar.ics_networks", lang, networks=row["networks"]))
    return [
        "BEGIN:VEVENT",
        f"UID:{_uid(row)}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{escape(title_of(row, lang))}",
        f"LOCATION:{escape(place_text(row['district_code'], row['province_code'], names, lang))}",
        f"DESCRIPTION:{escape(chr(10).join(notes))}",
        f"CATEGORIES:{escape(kind)}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def to_ics(events: pd.DataFrame, names: dict[str, str], lang: str, now: dt.datetime | None = None) -> bytes:
    """The events as an .ics file (UTF-8)."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME:{escape(t('page.calendar', lang))}")
    for row in events.to_dict("records"):
        lines += _event(row, names, lang, stamp)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
