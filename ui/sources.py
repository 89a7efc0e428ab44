"""Tables whose rows can be traced: select a row to see the file, sheet, row and version it came from."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.safety import markdown_text
from moral_metrics.figures.tables import indicator_table
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import date_text
from ui.cache import made
from ui.state import lang, service, tr, viewed_version
from ui.widgets import data_table


def _columns() -> dict:
    """Narrow columns, the ones a phone needs first; numbers as people write them."""
    number = st.column_config.NumberColumn
    return {
        tr("col.indicator"): st.column_config.TextColumn(width="large", pinned=True),
        tr("col.target"): number(format="localized", width="small"),
        tr("col.actual"): number(format="localized", width="small"),
        # whole per cent, as on every other screen; the bar full from 100% on
        tr("col.achievement"): st.column_config.ProgressColumn(
            min_value=0.0, max_value=100.0, format="%d%%", width="small"
        ),
        tr("col.status"): st.column_config.TextColumn(width=110),
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


def _measure(record: dict, measure: str) -> str:
    """ "5 (cell E12, typed: 5)" as stored with the record; the row only for records stored before
    their cells were (issue 23)."""
    stored = number_text(record[measure])
    where = record.get(f"{measure}_cell")
    if not where:
        return tr("source.stored", value=stored, sheet=markdown_text(record.get("sheet") or "–"))
    ref = f"{record.get('sheet')}!{where}" if record.get("sheet") else where
    raw = record.get(f"{measure}_typed") or "–"
    return tr("source.cell", value=stored, ref=markdown_text(ref), raw=markdown_text(raw))


def show_source(tracker: Tracker, record: dict) -> None:
    """The file, cells (reference and text as typed), and the version and publisher that brought
    one record, all as stored with it at publish (nothing re-reads a workbook)."""
    version, _ = viewed_version()
    upload = service().uploads([record["file_id"]]).get(record["file_id"]) if record.get("file_id") else None
    if upload is None:  # stored before records kept their upload: the viewed version's own file(s)
        row = service().versions().set_index("id").loc[version]
        upload = {
            "filename": row["filename"],
            "version_id": version,
            "uploader": row["uploader"],
            "created_at": row["created_at"],
        }
    text = tr(
        "source.detail",
        indicator=tracker.catalogue.get(record["indicator"]).name(lang()),
        file=markdown_text(upload["filename"]),
        target=_measure(record, "target"),
        actual=_measure(record, "actual"),
        version=upload["version_id"],
        who=markdown_text(upload["uploader"]),
        when=date_text(upload["created_at"], lang(), with_time=True),
    )
    with st.container(border=True, key="source_view"):
        st.markdown(f"**{tr('source.title')}**")
        st.markdown(text)
