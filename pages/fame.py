"""Hall of Fame (ทำเนียบคนดี): people, organisations and communities honoured, with filters that
live in the URL so that a filtered view can be shared."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.honours import Filters, cards, filtered, virtue_chart
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.i18n import t
from moral_metrics.reference.recognition import HONOUREE_KINDS, VIRTUES
from ui.recognition import page_head, show_cards, url_choice
from ui.shell import through_router
from ui.state import lang, param, set_param, tr
from ui.widgets import chart

PAGE_SIZE = 24

through_router()

tracker, people = page_head("fame", "honourees")

names = tracker.province_names(lang())
language = lang()
top = st.columns(3)
with top[0]:
    codes = [c for c in tracker.province_codes if c in set(people["province_code"])]
    province = url_choice(tr("fame.province"), codes, "province", "fame_province", names.get)
with top[1]:
    districts = [d.code for d in district_index().of_province(province)] if province else []
    by_code = district_index().by_code
    district = url_choice(
        tr("fame.district"), districts, "district", "fame_district", lambda c: by_code[c].name(language)
    )
with top[2]:
    years = sorted({int(y) for y in people["fiscal_year"]})
    year = url_choice(tr("fame.fiscal_year"), years, "fy", "fame_year", lambda y: tr("fame.fy", year=y))
low = st.columns(3)
with low[0]:
    virtue = url_choice(tr("fame.virtue"), VIRTUES, "virtue", "fame_virtue", lambda v: t(f"virtue.{v}", language))
with low[1]:
    kind = url_choice(tr("fame.kind"), HONOUREE_KINDS, "kind", "fame_kind", lambda k: t(f"honouree_kind.{k}", language))
with low[2]:
    st.session_state.setdefault("fame_search", param("q") or "")
    search = st.text_input(tr("fame.search"), key="fame_search", placeholder=tr("fame.search_hint"))
    if search != (param("q") or ""):
        set_param("q", search or None)

shown = filtered(people, Filters(province, district, virtue, kind, year, search))
st.markdown(f"**{tr('fame.count', count=len(shown), total=len(people))}**")
st.caption(tr("fame.share"))
counts, listed = st.columns([1, 2])  # on a phone the counts come first, then the cards
with counts:
    chart(virtue_chart(shown, tr("fame.by_virtue"), language), "hall-of-fame", "virtues")
with listed:
    limit = st.session_state.get("fame_limit", PAGE_SIZE)
    show_cards(cards(shown.head(limit), names, language), per_row=2)
    if len(shown) > limit and st.button(tr("fame.more", count=min(PAGE_SIZE, len(shown) - limit)), key="fame_more"):
        st.session_state["fame_limit"] = limit + PAGE_SIZE
        st.rerun()
