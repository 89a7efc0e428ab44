"""Tables whose rows can be traced: select a row to see the file, sheet, row and version it came from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from moral_metrics.figures.safety import markdown_text
from moral_metrics.figures.tables import indicator_table
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import cell_text, number_text
from moral_metrics.reference.i18n import date_text
from ui.cache import made
from ui.state import lang, service, tr, viewed_version
from ui.widgets import data_table


def _columns() -> dict:
    """Narrow columns, the ones a phone needs first; numbers as people write them."""
    number = st.column_config.NumberColumn
    return {
        tr("col.indicator"): st.column_config.TextColumn(width=150, pinned=True),
        tr("col.achievement"): st.column_config.ProgressColumn(
            min_value=0.0, max_value=1.0, format="percent", width="small"
        ),
        tr("col.status"): st.column_config.TextColumn(width=100),
        tr("col.target"): number(format="localized", width="small"),
        tr("col.actual"): number(format="localized", width="small"),
    }


def indicator_table_with_source(tracker: Tracker, province: str, year: int) -> None:
    mine = tracker.records[(tracker.records["province_code"] == province) & (tracker.records["program_year"] == year)]
    table = made(indicator_table, tracker, province, year)
    event = data_table(
        table,
        column_config=_columns(),
        on_select="rerun",
        selection_mode="single-row",
        key=f"indicators_{province}_{year}",
    )
    rows = event.selection.rows if event else []
    if not rows:
        st.caption(tr("source.pick"))
        return
    show_source(tracker, mine.iloc[rows[0]].to_dict())


@st.cache_resource(show_spinner=False, max_entries=4)
def cells_of(version: int) -> pd.DataFrame:
    """The published workbook's cells behind each target and actual (read once per version)."""
    return service().source_cells(version)


def _cell(version: int, record: dict) -> dict | None:
    """The workbook row a record was read from: its sheet and row (and indicator, in wide layouts)."""
    cells = cells_of(version)
    if cells.empty:  # a version whose file cannot be read back (a removal, or a dropped file)
        return None
    found = cells[(cells["sheet"] == record.get("sheet")) & (cells["row"] == record.get("row"))]
    if len(found) > 1:
        found = found[found["indicator_code"] == record["indicator"]]
    return found.iloc[0].to_dict() if len(found) else None


def _measure(record: dict, cell: dict | None, measure: str) -> str:
    """ "5 (ผลการดำเนินงาน!E12, typed: 5)" or, without the cell, the stored value and the row."""
    stored = number_text(record[measure])
    if cell is None or not cell.get(f"{measure}_ref"):
        return tr("source.stored", value=stored, sheet=markdown_text(record.get("sheet") or "–"))
    raw = cell_text(cell.get(f"{measure}_raw")) or "–"
    return tr("source.cell", value=stored, ref=markdown_text(cell[f"{measure}_ref"]), raw=markdown_text(raw))


def show_source(tracker: Tracker, record: dict) -> None:
    """The file, cells (reference and text as typed), version and publisher of one record."""
    version, _ = viewed_version()
    row = service().versions().set_index("id").loc[version]
    cell = _cell(version, record)
    text = tr(
        "source.detail",
        indicator=tracker.catalogue.get(record["indicator"]).name(lang()),
        file=markdown_text(row["filename"]),
        target=_measure(record, cell, "target"),
        actual=_measure(record, cell, "actual"),
        version=version,
        who=markdown_text(row["uploader"]),
        when=date_text(row["created_at"], lang(), with_time=True),
    )
    with st.container(border=True, key="source_view"):
        st.markdown(f"**{tr('source.title')}**")
        st.markdown(text)
