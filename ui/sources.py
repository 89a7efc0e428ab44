"""Tables whose rows can be traced: select a row to see the file, sheet, row and version it came from."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.safety import markdown_text
from moral_metrics.figures.tables import indicator_table
from moral_metrics.model import Tracker
from moral_metrics.reference.formats import date_text, number_text
from ui.state import lang, store, tr, viewed_version


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
    table = indicator_table(tracker, province, year, lang())
    event = st.dataframe(
        table,
        hide_index=True,
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


def show_source(tracker: Tracker, record: dict) -> None:
    """The file, sheet, row, stored values, version and publisher of one record."""
    version, _ = viewed_version()
    row = store().versions().set_index("id").loc[version]
    text = tr(
        "source.detail",
        indicator=tracker.catalogue.get(record["indicator"]).name(lang()),
        file=markdown_text(row["filename"]),
        sheet=markdown_text(record.get("sheet") or "–"),
        row=str(int(record["row"])) if record.get("row") == record.get("row") and record.get("row") else "–",
        target=number_text(record["target"]),
        actual=number_text(record["actual"]),
        version=version,
        who=markdown_text(row["uploader"]),
        when=date_text(row["created_at"], lang(), with_time=True),
    )
    with st.container(border=True, key="source_view"):
        st.markdown(f"**{tr('source.title')}**")
        st.markdown(text)
        st.caption(tr("source.raw_note"))
