"""Hall of Fame (ทำเนียบคนดี): people, organisations and communities honoured, with filters that
live in the URL so that a filtered view can be shared. A page of cards at a time ("24 of 10,000
shown", show more); counts and cards made once per version, language and filters."""

from __future__ import annotations

import streamlit as st

from moral_metrics.figures.honours import Filters, cards_page, choices, matching
from moral_metrics.figures.timeline import limits
from moral_metrics.reference.districts import district_index
from moral_metrics.reference.formats import number_text
from moral_metrics.reference.i18n import t
from moral_metrics.reference.recognition import HONOUREE_KINDS, VIRTUES
from ui.cache import made
from ui.recognition import page_head, show_cards, url_choice
from ui.shell import through_router
from ui.state import lang, param, set_param, tr
from ui.widgets import chart, picker_names

FILTERS = {"province": "fame_province", "district": "fame_district", "fy": "fame_year", "virtue": "fame_virtue"}
FILTERS |= {"kind": "fame_kind", "q": "fame_search"}


def clear_filters() -> None:
    """Every filter back to "all" and the search emptied, in the link too."""
    for name in FILTERS:
        set_param(name, None)
    st.session_state["fame_search"] = ""


through_router()

tracker, _ = page_head("fame", "honourees")

names = tracker.province_names(lang())
language = lang()
every = made(choices, tracker)
top = st.columns(3)
with top[0]:
    province = url_choice(tr("fame.province"), every.provinces, "province", "fame_province", picker_names(tracker).get)
with top[1]:
    districts = [d.code for d in district_index().of_province(province)] if province else []
    by_code = district_index().by_code
    district = url_choice(
        tr("fame.district"), districts, "district", "fame_district", lambda c: by_code[c].name(language)
    )
with top[2]:
    year = url_choice(tr("fame.fiscal_year"), every.years, "fy", "fame_year", lambda y: tr("fame.fy", year=y))
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

wanted = Filters(province, district, virtue, kind, year, search.strip())
typed = bool(wanted.search)  # whatever a reader types is kept in this process only, never on the shared disk
count, virtues = made(matching, tracker, wanted, bookkeeping=typed)
if not count:  # the data has honourees (page_head stops otherwise): these filters match none
    st.info(tr("fame.no_match"))
    st.button(tr("fame.clear"), key="fame_clear", on_click=clear_filters)
    st.stop()

step = limits()["fame_page"]
kept = st.session_state.get("fame_limit")
limit = kept[1] if isinstance(kept, tuple) and kept[0] == wanted else step  # a page again when filters change
shown = min(limit, count)
numbers = {"shown": number_text(shown), "count": number_text(count), "total": number_text(every.total)}
st.markdown(f"**{tr('fame.shown' if count == every.total else 'fame.shown_filtered', **numbers)}**")
st.caption(tr("fame.share"))
counts, listed = st.columns([1, 2])  # on a phone the counts come first, then the cards
with counts:
    chart(virtues, "hall-of-fame", "virtues")
with listed:
    show_cards(made(cards_page, tracker, wanted, shown, bookkeeping=typed), per_row=2)
    if count > shown and st.button(tr("fame.more", count=number_text(min(step, count - shown))), key="fame_more"):
        st.session_state["fame_limit"] = (wanted, limit + step)
        st.rerun()
