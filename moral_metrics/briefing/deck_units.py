"""The deck's slide per province for the units dataset (issue 10): level counts, district coverage.

The units kind's ``deck`` part (``reference.parts``); drawn with the deck's shared slide helpers.
"""

from __future__ import annotations

from pptx import Presentation
from pptx.util import Inches

from moral_metrics.briefing.plan import Coverage
from moral_metrics.briefing.slides import cell, slide, text
from moral_metrics.figures.style import ink
from moral_metrics.figures.units import level_color
from moral_metrics.figures.units_tables import BELOW, coverage, level_counts, own_levels, units_of
from moral_metrics.model import Tracker
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.parts import provides
from moral_metrics.reference.units import LEVELS

HEAD_FILL = ink("head_fill")
MISSING_NAMES = 12  # districts named on the slide; the rest counted ("and N more")


def _counts_table(page, counts, lang: str) -> None:
    heads = [t("units.col_type", lang), *(t(f"level.{v}", lang) for v in LEVELS), t("units.deck_total", lang)]
    table = page.shapes.add_table(len(BELOW) + 2, len(heads), Inches(0.5), Inches(1.5), Inches(8.0), Inches(2.4)).table
    for col, head in enumerate(heads):
        fill = level_color(LEVELS[col - 1]) if 0 < col <= len(LEVELS) else HEAD_FILL
        cell(table.cell(0, col), head, 16, fill=fill, bold=True)  # its text dark or white by the fill
    for row, unit in enumerate([*BELOW, None], start=1):
        values = counts.sum() if unit is None else (counts.loc[unit] if unit in counts.index else counts.sum() * 0)
        label = t("units.deck_total", lang) if unit is None else t(f"unit_type.{unit}", lang)
        cell(table.cell(row, 0), label, 16, bold=unit is None)
        for col, level in enumerate(LEVELS, start=1):
            cell(table.cell(row, col), str(int(values.get(level, 0))), 16)
        cell(table.cell(row, len(heads) - 1), str(int(values.sum())), 16, bold=True)


def _coverage_lines(tracker: Tracker, code: str, year: int, lang: str) -> list[str]:
    units = units_of(tracker, code, year)
    assessed, total = coverage(units, code)
    own = own_levels(tracker)
    own = own[(own["province_code"] == code) & (own["fiscal_year"] == year)]
    lines = [t("units.coverage", lang, assessed=assessed, total=total)]
    if not own.empty:
        lines.append(t("units.deck_own", lang, level=t(f"level.{int(own['level'].iloc[-1])}", lang)))
    seen = set(units["district_code"].dropna())
    missing = [d.name(lang) for d in district_index().of_province(code) if d.code not in seen]
    if missing:
        named = missing[:MISSING_NAMES]
        if len(missing) > len(named):
            named.append(t("deck.more", lang, count=number_text(len(missing) - len(named))))
        lines.append(t("units.deck_missing", lang, names=", ".join(named)))
    return lines


@provides("deck", "units")
def units_slide(
    prs: Presentation, tracker: Tracker, code: str, lang: str, *, years: range, coverage: Coverage, **_: object
) -> None:
    """A slide for the province's latest fiscal year of assessments among those the chosen
    programme ``years`` cover; none when it has none there."""
    year = coverage.units_year(code, years)
    if year is None:
        return
    name = tracker.province_names(lang).get(code, code)
    page = slide(prs, t("units.deck_title", lang, province=name, year=year))
    _counts_table(page, level_counts(units_of(tracker, code, year)), lang)
    box = page.shapes.add_textbox(Inches(0.5), Inches(4.3), Inches(12.3), Inches(2.8))
    text(box.text_frame, _coverage_lines(tracker, code, year, lang), 18)
