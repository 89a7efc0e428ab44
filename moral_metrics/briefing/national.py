"""The deck's national slide (issue 24): every province's status on the map beside the ranking,
its ends only (who is furthest behind, who leads), at the latest chosen year with scores.

Both are the Overview's own figures drawn as pictures; without a renderer (no Chromium) the
slide lists the ranking's ends as text, so a deck is still made.
"""

from __future__ import annotations

import io
import struct

from pptx import Presentation
from pptx.util import Inches

from moral_metrics.briefing import images
from moral_metrics.briefing.slides import slide, text
from moral_metrics.figures.map import national_map
from moral_metrics.figures.overview import ranking, ranking_ends, statuses_at
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import percent
from moral_metrics.reference.i18n import t
from moral_metrics.reference.messages import Refusal

MAP_PX, RANKING_PX = 640, 900  # widths the figures are drawn at
TOP, ROOM = Inches(1.35), Inches(5.9)  # below the title: the height both pictures share


def national_year(tracker: Tracker, years: range) -> int:
    """The latest of ``years`` with any score, else the last chosen."""
    summary = tracker.summary
    scored = summary[summary["program_year"].isin(years) & summary["score"].notna()]
    return int(scored["program_year"].max()) if not scored.empty else years.stop - 1


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def _place(page, png: bytes, left: int, width: int) -> None:
    """The picture as large as fits ``width`` x ``ROOM`` at ``left``, its proportions kept."""
    w, h = _png_size(png)
    scale = min(width / w, ROOM / h)
    page.shapes.add_picture(io.BytesIO(png), left, TOP, int(w * scale), int(h * scale))


def _ranking_lines(tracker: Tracker, year: int, lang: str) -> list[str]:
    """The ranking's ends as text: the furthest behind first, then the leaders."""
    data = statuses_at(tracker, year).dropna(subset=["score"]).sort_values("score")
    names, ends = tracker.province_names(lang), ranking_ends()
    rows = [*data.head(ends).itertuples(), *data.tail(ends).itertuples()] if len(data) > 2 * ends else data.itertuples()
    lines = [f"{names.get(r.province_code, r.province_code)}: {percent(r.score)}" for r in rows]
    if len(data) > 2 * ends:
        lines.insert(ends, t("deck.more", lang, count=len(data) - 2 * ends))
    return lines


def national_slide(prs: Presentation, tracker: Tracker, years: range, lang: str) -> None:
    year = national_year(tracker, years)
    page = slide(prs, t("deck.national", lang, year=year))
    try:
        drawn = [
            images.render(national_map(tracker, year, lang), "png", width=MAP_PX, scale=1.5),
            images.render(ranking(tracker, year, lang, ranking_ends()), "png", width=RANKING_PX, scale=1.5),
        ]
    except (Refusal, RuntimeError, OSError):  # no renderer: the ranking's ends in words
        box = page.shapes.add_textbox(Inches(0.5), TOP, Inches(12.3), ROOM)
        text(box.text_frame, _ranking_lines(tracker, year, lang), 16)
        return
    _place(page, drawn[0], Inches(0.5), Inches(5.0))
    _place(page, drawn[1], Inches(5.7), Inches(7.1))
