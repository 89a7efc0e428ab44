"""The deck's slides per province for honourees and events (issue 11): honourees by virtue and the
year's events, and (when asked) a Hall of Fame slide of the public honourees.

The honourees kind's ``deck`` part (``reference.parts``; events share its slide). The deck gets the
tracker as its audience may see it (``figures.privacy``): the Hall of Fame slide lists the names
that audience may see.
"""

from __future__ import annotations

import pandas as pd
from pptx import Presentation
from pptx.util import Inches

from moral_metrics.briefing.plan import Coverage
from moral_metrics.briefing.slides import cell, slide, text
from moral_metrics.figures.calendar import table as event_table
from moral_metrics.figures.honours import cards, virtue_counts
from moral_metrics.figures.style import ink
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.parts import none, provides
from moral_metrics.reference.recognition import HONOUREE_KINDS

HEAD_FILL = ink("head_fill")
EVENT_ROWS = 8  # events listed on the slide, the year's first ones
FAME_ROWS = 10


def _of(frame: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    return frame[(frame["province_code"] == code) & (frame["fiscal_year"] == year)]


def _virtue_table(page, people: pd.DataFrame, lang: str) -> None:
    """Virtues down, kinds across: how many honourees of each kind carry each virtue."""
    heads = [t("deck_fame.col_virtue", lang), *(t(f"honouree_kind.{k}", lang) for k in HONOUREE_KINDS)]
    counts = {k: virtue_counts(people[people["kind"] == k]) for k in HONOUREE_KINDS}
    rows = list(virtue_counts(people).index)
    shape = page.shapes.add_table(len(rows) + 1, len(heads), Inches(0.5), Inches(1.4), Inches(5.6), Inches(2.6))
    grid = shape.table
    for col, head in enumerate(heads):
        cell(grid.cell(0, col), head, 14, fill=HEAD_FILL, bold=True)
    for r, virtue in enumerate(rows, start=1):
        cell(grid.cell(r, 0), t(f"virtue.{virtue}", lang), 14)
        for col, kind in enumerate(HONOUREE_KINDS, start=1):
            cell(grid.cell(r, col), str(int(counts[kind][virtue])), 14)


def _event_table(page, events: pd.DataFrame, names: dict[str, str], lang: str) -> None:
    shown = event_table(events.sort_values("date").head(EVENT_ROWS), names, lang)
    columns = [*shown.columns[:3], shown.columns[-1]]  # when, title, kind, participants
    left_out = len(events) - len(shown)
    rows = len(shown) + 1 + int(left_out > 0)
    shape = page.shapes.add_table(rows, 4, Inches(6.4), Inches(1.4), Inches(6.5), Inches(0.4))
    grid = shape.table
    for col, head in enumerate(columns):
        cell(grid.cell(0, col), head, 12, fill=HEAD_FILL, bold=True)
    for r, row in enumerate(shown[columns].itertuples(index=False), start=1):
        for col, value in enumerate(row):
            cell(grid.cell(r, col), str(value), 11)
    if left_out > 0:  # the table's last row says how many it leaves out
        last = grid.cell(rows - 1, 0)
        last.merge(grid.cell(rows - 1, 3))
        cell(last, t("deck.more", lang, count=number_text(left_out)), 11, bold=True)


@provides("deck", "honourees")
def recognition_slide(
    prs: Presentation,
    tracker: Tracker,
    code: str,
    lang: str,
    *,
    years: range,
    coverage: Coverage,
    fame: bool = False,
    **_: object,
) -> None:
    """Honourees by virtue and the events of the province's latest fiscal year with honourees (else
    with events) among those the chosen programme ``years`` cover; with ``fame``, a Hall of Fame
    slide of that year after it."""
    year = coverage.honours_year(code, years)
    if year is None:
        return
    names = tracker.province_names(lang)
    people, events = _of(tracker.dataset("honourees"), code, year), _of(tracker.dataset("events"), code, year)
    page = slide(prs, t("deck_fame.title", lang, province=names.get(code, code), year=year))
    _virtue_table(page, people, lang)
    people_count = number_text(events["participants"].dropna().sum())
    lines = [t("deck_fame.totals", lang, honourees=len(people), events=len(events), participants=people_count)]
    box = page.shapes.add_textbox(Inches(0.5), Inches(4.3), Inches(5.6), Inches(1.5))
    text(box.text_frame, lines, 16)
    if not events.empty:
        _event_table(page, events, names, lang)
    if fame:
        fame_slide(prs, tracker, code, year, lang)


none("deck", "events", "the year's events are on the honourees slide (recognition_slide)")


def fame_slide(prs: Presentation, tracker: Tracker, code: str, year: int, lang: str) -> None:
    """The province's honourees of the year whose names the deck's audience may see (the tracker
    comes masked, ``figures.privacy``)."""
    people = _of(tracker.dataset("honourees"), code, year)
    listed = people[people["name"].notna()]
    names = tracker.province_names(lang)
    page = slide(prs, t("deck_fame.fame_title", lang, province=names.get(code, code), year=year))
    lines = [
        f"{c.name} · {c.kind} · {c.place} · {', '.join(c.virtues)}"
        for c in cards(listed.head(FAME_ROWS), names, lang)
        if c.name
    ]
    if len(listed) > FAME_ROWS:
        lines.append(t("deck_fame.more", lang, count=len(listed) - FAME_ROWS))
    box = page.shapes.add_textbox(Inches(0.5), Inches(1.4), Inches(12.3), Inches(5.6))
    text(box.text_frame, lines or [t("deck_fame.no_public", lang)], 16)
