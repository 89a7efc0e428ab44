"""Overview (ภาพรวม): area scores of every tracked province."""

from __future__ import annotations

import streamlit as st

from moral_metrics.i18n import t
from moral_metrics.sample import sample_bytes
from moral_metrics.tables import area_scores
from moral_metrics.tracker import load_tracker

lang = st.query_params.get("lang", "th")


@st.cache_data(show_spinner=False)
def _load(data: bytes):
    return load_tracker(data)


st.title(t("app.title", lang))
st.caption(f"{t('app.subtitle', lang)} · {t('app.source_sample', lang)}")
result = _load(sample_bytes())
if not result.ok:
    st.error(t("app.load_failed", lang))
    st.dataframe([{"cell": m.cell, "message": m.text(lang)} for m in result.errors])
    st.stop()

st.subheader(t("app.area_scores", lang))
table = area_scores(result.tracker, lang)
score_columns = table.columns[3:]
st.dataframe(
    table,
    hide_index=True,
    column_config={
        c: st.column_config.ProgressColumn(c, min_value=0.0, max_value=1.0, format="percent") for c in score_columns
    },
)
