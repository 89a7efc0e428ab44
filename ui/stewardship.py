"""The Data page's actions on what is published: history, restore, remove, accept and lock.

Nothing here changes data on one click: remove, restore and unlock open a confirmation that
names the province, the years and how many rows change, and says when a locked year is among
them. The lock state is shown where it is set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from moral_metrics.access.roles import Actor
from moral_metrics.figures.problems import problem_list
from moral_metrics.figures.submissions import lock_state
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.provinces import province_index, province_name
from moral_metrics.service import Preview
from ui.auth import current_actor
from ui.cache import bookkeeping, history
from ui.publishing import done
from ui.state import lang, service, set_param, switch_to, tr, tracker_for
from ui.widgets import data_table, show_refusal

log = logging.getLogger(__name__)


def _run(action: Callable[[], object], message: str, nothing: str) -> None:
    """Run a store action; say what it did, or that it did nothing, or why it was refused."""
    _closed()
    try:
        result = action()
    except Refusal as refused:
        show_refusal(refused)
        return
    except (SQLAlchemyError, OSError):
        log.exception("data action failed")
        st.error(tr("data.unexpected"))
        return
    done(message if result not in (None, False) else nothing)


def _impact(preview: Preview) -> None:
    """What an action would change: provinces, rows, and each locked year among them."""
    names = ", ".join(province_name(c, lang()) for c in preview.provinces) or "–"
    st.markdown(tr("data.impact", provinces=names, rows=preview.rows))
    if preview.locked:
        st.warning(tr("data.impact_locked", count=len(preview.locked)))
        st.markdown(problem_list(preview.locked, lang()))


ASKING = "data_asking"  # the confirmation open now: (action, its arguments); kept across reruns


def _ask(action: str, **arguments: object) -> None:
    st.session_state[ASKING] = (action, arguments)


def _closed() -> None:
    st.session_state.pop(ASKING, None)


def _ask_button(label: str, key: str, disabled: bool, action: str, **arguments: object) -> None:
    """A button that opens the confirmation of ``action`` (kept open across reruns until it ends)."""
    st.button(label, key=key, disabled=disabled, on_click=_ask, args=(action,), kwargs=arguments)


def _asking(action: str) -> dict | None:
    found = st.session_state.get(ASKING)
    return found[1] if found and found[0] == action else None


@st.dialog(" ", width="large", on_dismiss=_closed)
def _confirm_restore(version: int, actor: Actor) -> None:
    st.subheader(tr("data.confirm_restore", version=version))
    preview = service().restoring(version)
    _impact(preview)
    over = st.checkbox(tr("data.confirm_over_locks"), key="restore_over_locks") if preview.locked else False
    note = st.text_input(tr("data.note_short"), max_chars=500, key="restore_note")
    pressed = st.button(
        tr("data.restore_now", version=version),
        key="confirm_restore",
        type="primary",
        disabled=bool(preview.locked) and not over,
    )
    if pressed:
        message, nothing = tr("data.restored", version=version), tr("data.nothing_restored")
        _run(lambda: service().restore(version, actor, note.strip(), over_locks=over), message, nothing)


def history_section() -> None:
    st.subheader(tr("data.history"))
    actor = current_actor()
    current = service().current_id()
    st.caption(tr("data.current_is", version=current))
    data_table(history())
    ids = bookkeeping("versions")["id"].tolist()
    picked = st.selectbox(tr("data.pick_version"), ids, key="history_pick")
    show, restore = st.columns(2)
    if show.button(tr("data.show_version"), key="show_version"):
        set_param("version", picked)
        switch_to("pages/overview.py")
    allowed = actor.is_central and bool(actor.name.strip())
    disabled = picked == current or not allowed
    with restore:
        _ask_button(tr("data.restore"), "restore_version", disabled, "restore", version=int(picked))
    if asked := _asking("restore"):
        _confirm_restore(asked["version"], actor)


def _years_of(tracker, province: str, column: str) -> list[int]:
    values = tracker.records.loc[tracker.records["province_code"] == province, column].dropna()
    return sorted({int(v) for v in values})


@st.dialog(" ", width="large", on_dismiss=_closed)
def _confirm_remove(province: str, years: list[int] | None, actor: Actor) -> None:
    name = province_name(province, lang())
    which = tr("data.whole_province") if years is None else tr("data.programme_years", years=years)
    st.subheader(tr("data.confirm_remove", province=name, which=which))
    preview = service().removal(province, set(years) if years else None)
    if preview.nothing:
        st.info(tr("data.nothing_to_remove"))
        return
    st.markdown(tr("data.remove_fiscal", years=preview.fiscal_years or ["–"]))
    _impact(preview)
    note = st.text_input(tr("data.note_short"), max_chars=500, key="remove_note")
    if st.button(
        tr("data.remove_now", rows=preview.rows), key="confirm_remove", type="primary", disabled=bool(preview.locked)
    ):
        chosen = set(years) if years else None
        message = tr("data.removed", province=name, rows=preview.rows)
        _run(lambda: service().remove(province, chosen, actor, note.strip()), message, tr("data.nothing_to_remove"))


def _remove(tracker, province: str, actor: Actor) -> None:
    years = _years_of(tracker, province, "program_year")
    chosen = st.multiselect(tr("data.remove_years"), years, key="remove_years", placeholder=tr("data.pick_years"))
    whole = st.checkbox(tr("data.remove_whole"), key="remove_whole")
    allowed = not actor.outside({province}) and bool(actor.name.strip())
    years = None if whole else sorted(chosen)
    disabled = not allowed or not (whole or chosen)
    _ask_button(tr("data.remove"), "remove_province", disabled, "remove", province=province, years=years)
    if asked := _asking("remove"):
        _confirm_remove(asked["province"], asked["years"], actor)


@st.dialog(" ", width="large", on_dismiss=_closed)
def _confirm_unlock(province: str, year: int, actor: Actor) -> None:
    name = province_name(province, lang())
    st.subheader(tr("data.confirm_unlock", province=name, year=year))
    st.markdown(tr("data.unlock_rows", rows=service().unlocking(province, year)))
    note = st.text_input(tr("data.note_short"), max_chars=500, key="unlock_note")
    if st.button(tr("data.unlock_now"), key="confirm_unlock", type="primary"):
        message = tr("data.unlocked", province=name, year=year)
        _run(lambda: service().set_lock(province, year, False, actor, note.strip()), message, tr("data.nothing_locked"))


def _locks(tracker, province: str, actor: Actor) -> None:
    """The province's fiscal years with their lock state; lock or unlock one (central editors)."""
    fiscal = _years_of(tracker, province, "fiscal_year")
    if not fiscal:
        return
    locks = bookkeeping("locks")
    data_table(lock_state(province, fiscal, locks, lang()))
    year = st.selectbox(tr("col.fiscal_year"), fiscal, index=len(fiscal) - 1, key="lock_year")
    mine = locks[(locks["province_code"] == province) & (locks["fiscal_year"] == year)]
    is_locked = bool(len(mine)) and bool(mine.iloc[0]["locked"])
    allowed = actor.is_central and bool(actor.name.strip())
    if not is_locked and st.button(tr("data.lock"), key="lock", disabled=not allowed):
        message = tr("data.locked", province=province_name(province, lang()), year=year)
        _run(lambda: service().set_lock(province, year, True, actor), message, tr("data.nothing_locked"))
    if is_locked:
        _ask_button(tr("data.unlock"), "unlock", not allowed, "unlock", province=province, year=year)
    if asked := _asking("unlock"):
        _confirm_unlock(asked["province"], asked["year"], actor)


def manage_section() -> None:
    st.subheader(tr("data.manage"))
    actor = current_actor()
    tracker = tracker_for(service().current_id())
    codes = [c for c in tracker.province_codes if not actor.outside({c})]
    if not codes:
        st.caption(tr("data.manage_none"))
        return
    names = tracker.province_names(lang())  # fixed now: a format function must not read the session later
    pick = st.selectbox(tr("col.province"), codes, format_func=names.get, key="manage_province")
    left, right = st.columns(2)
    with left:
        _remove(tracker, pick, actor)
    with right:
        _locks(tracker, pick, actor)


@st.dialog(" ", width="large", on_dismiss=_closed)
def _confirm_erase(province: str, name: str, actor: Actor) -> None:
    st.subheader(tr("data.confirm_erase", province=province_name(province, lang())))
    found = service().erasing(province, name)
    if not found.found:
        st.info(tr("data.nobody_to_erase"))
        return
    st.markdown(tr("data.erase_impact", rows=found.rows, versions=len(found.versions), texts=found.texts))
    note = st.text_input(tr("data.note_short"), max_chars=500, key="erase_note")
    if st.button(tr("data.erase_now"), key="confirm_erase", type="primary"):
        _closed()
        try:
            done = service().erase_person(province, name, actor, note.strip())
        except Refusal as refused:
            show_refusal(refused)
            return
        files = done.files_rewritten + done.files_dropped
        message = tr("data.erased", reference=done.reference, rows=done.rows, files=files, dropped=done.files_dropped)
        done(message)


def erase_section() -> None:
    """Erase a person from every version and upload (PDPA, on request; central editors)."""
    actor = current_actor()
    if not actor.is_central:
        return
    st.subheader(tr("data.erase"))
    st.caption(tr("data.erase_help"))
    codes = sorted(province_index().by_code)
    names = {c: province_name(c, lang()) for c in codes}  # fixed now: a format function must not read the session
    left, right = st.columns(2)
    province = left.selectbox(tr("col.province"), codes, format_func=names.get, key="erase_province")
    name = right.text_input(tr("data.erase_name"), max_chars=200, key="erase_name")
    disabled = not name.strip() or not actor.name.strip()
    _ask_button(tr("data.erase_button"), "erase_person", disabled, "erase", province=province, name=name.strip())
    if asked := _asking("erase"):
        _confirm_erase(asked["province"], asked["name"], actor)
