"""Slides the deck's parts share: a titled slide, text and table cells set in the deck's font.

Thai text needs the complex-script font (``<a:cs>``) set as well as the Latin one, or PowerPoint
substitutes Angsana/Cordia; every run and table cell here sets all three.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches

from moral_metrics.briefing.fonts import DECK_FONT
from moral_metrics.figures.style import ink, text_color

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
TITLE_ONLY = 5


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#"))


def set_font(
    rpr: etree._Element, size: float | None = None, bold: bool | None = None, color: str | None = None
) -> None:
    """Latin, East Asian and complex-script typefaces on one run's properties, and its look."""
    for tag in ("a:latin", "a:ea", "a:cs"):
        found = rpr.find(qn(tag))
        if found is None:
            found = etree.SubElement(rpr, qn(tag))
        found.set("typeface", DECK_FONT)
    # the schema wants solidFill before the typefaces
    if color is not None:
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = etree.Element(qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", color.lstrip("#"))
        rpr.insert(0, fill)
    if size is not None:
        rpr.set("sz", str(int(size * 100)))
    if bold is not None:
        rpr.set("b", "1" if bold else "0")


def text(frame, lines: Sequence[str], size: float, bold: bool = False, color: str | None = None) -> None:
    """``lines`` as the frame's paragraphs, wrapped, in the deck's font."""
    frame.clear()
    frame.word_wrap = True
    for n, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        set_font(run.font._rPr, size, bold, color or ink("text"))


def fit_layouts(prs: Presentation) -> None:
    """Stretch the default 4:3 master and layouts to 16:9 so every placeholder fits the slide."""
    factor = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.shapes:
            shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def slide(prs: Presentation, title: str):
    page = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    holder = page.shapes.title
    holder.left, holder.top, holder.width, holder.height = Inches(0.5), Inches(0.3), Inches(12.33), Inches(1.0)
    text(holder.text_frame, [title], 32, bold=True)
    return page


def cell(
    box, value: str, size: float = 16, fill: str | None = None, bold: bool = False, color: str | None = None
) -> None:
    """A table cell: its text (dark or white by the fill), margins and fill."""
    color = text_color(fill) if fill is not None else color
    text(box.text_frame, [value], size, bold=bold, color=color)
    box.margin_top = box.margin_bottom = Inches(0.03)
    if fill is not None:
        box.fill.solid()
        box.fill.fore_color.rgb = rgb(fill)
