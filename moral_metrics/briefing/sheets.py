"""How the workbooks the app writes look: a bold, shaded header row with set widths, frozen."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)


def header(ws: Worksheet, labels: list[str], widths: list[int]) -> None:
    """The first row: ``labels``, bold on a light fill, wrapped; the columns ``widths`` wide."""
    ws.append(labels)
    for cell, width in zip(ws[1], widths, strict=True):
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
