"""Whether a name may be shown to everyone, and how long a name or a text may be.

A person's name is personal data (Thailand's PDPA): only an explicit yes in the public column
(เผยแพร่, ใช่, ยินยอม, yes, ✓ ...) makes it public. An explicit no (ไม่, ไม่ยินยอม, ห้ามเผยแพร่,
ปกปิด ...) hides it, and so does anything else for a person: a blank, a word that is not read as
either, or no such column, counted in one warning per sheet that says how many and why.
Organisations, communities and events are not personal data: a blank leaves them public.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.checks.common import Column, cells
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import per_value
from moral_metrics.parse.normalise import is_blank, parse_yes_no
from moral_metrics.reference.messages import Position, Problems
from moral_metrics.reference.recognition import word

YES, NO, UNKNOWN, BLANK = 1, 0, -1, -2


def _said(value: object) -> int:
    if is_blank(value):
        return BLANK
    found = word("public", value)
    if found is not None:
        return YES if found == "yes" else NO
    parsed = parse_yes_no(value)
    return (YES if parsed.value else NO) if parsed.ok else UNKNOWN


def public_flags(frame: pd.DataFrame, problems: Problems, personal: np.ndarray | None = None) -> Column:
    """Whether each row's name is public; ``personal`` marks the rows that name a person. Never an
    error: what is not a clear yes for a person is "not public", and the warning says so."""
    written = cells(frame, "public")
    said = per_value(written, _said, np.int8)
    person = personal if personal is not None else np.zeros(len(frame), dtype=bool)
    public = (said == YES) | ((said == BLANK) & ~person)
    unclear = person & (said < 0)
    for sheet in pd.unique(frame.loc[unclear, "sheet"]):
        mine = unclear & (frame["sheet"] == sheet).to_numpy()
        words = sorted({str(v).strip() for v in written[mine & (said == UNKNOWN)]})
        first = frame.iloc[int(np.flatnonzero(mine)[0])]
        where = at(first, "public") if "public_col" in frame else Position(str(sheet))
        blank, unknown = int((mine & (said == BLANK)).sum()), int((mine & (said == UNKNOWN)).sum())
        column_missing = "public" not in frame
        detail = "no_column" if column_missing else None
        problems.add(
            "names_not_public",
            detail=detail,
            at=where,
            count=blank + unknown,
            blank=blank,
            unknown=unknown,
            words=words[:5],
        )
    return Column.of(public, frame.index)


def private_names_in_events(honourees: pd.DataFrame, events: pd.DataFrame, problems: Problems) -> None:
    """Warn where a public event's title holds the name of a person who is not public in its
    province (a ceremony named after them would identify them). The message names the honouree's
    cell, never the name: messages are stored with a version."""
    if honourees.empty or events.empty:
        return
    hidden = honourees[(honourees["kind"] == "person") & ~honourees["public"].astype(bool)]
    for province, people in hidden.groupby("province_code"):
        names = [(str(r["name"]), Position(r["sheet"], int(r["row"]))) for r in people.to_dict("records")]
        names = [(n, where) for n, where in names if len(n) >= 3]
        mine = events[(events["province_code"] == province) & events["public"].astype(bool)]
        for event in mine.to_dict("records"):
            found = next((where for n, where in names if n in str(event["title"])), None)
            if found is not None:
                problems.add(
                    "private_name_in_event", at=Position(event["sheet"], int(event["row"])), honouree=found.ref
                )
