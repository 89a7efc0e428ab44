"""What pages draw, made once and shared by every session (issue 14) and process (issue 23).

Figures and tables are made once per published version, language and the page's choices: a
version never changes, so they never go stale. Each process keeps what it uses; what it lacks
comes from the service's shelf, which a worker fills with the first screens as soon as a version
is published or a server starts (``Service.prebuild``), and any process fills with the rest.
The store's bookkeeping (versions, history, slices, locks) is read once per revision of the
store (its current version and last event; every publish, removal, restore and lock moves one).
A resource cache hands every session the same object, without pickling or copying it: pages only read what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from moral_metrics.model import Tracker
from moral_metrics.reference.calendar import thai_today
from ui.state import lang, service

T = TypeVar("T")
MADE = 600  # figures and tables kept: a page makes 3-10, per province, year and language


@st.cache_resource(show_spinner=False, max_entries=MADE)
def _made(key: tuple, revision: tuple, language: str, name: str, params: tuple, _make: Callable[[], Any]) -> Any:
    return _make()  # once per process; what it makes comes from the shelf all processes share


def made(build: Callable[..., T], tracker: Tracker, *params: Any, bookkeeping: bool = False) -> T:
    """``build(tracker, *params, lang)``, made once per ``tracker.key`` (version, consent revision,
    whose view of private names), language and ``params``.

    With ``bookkeeping``, also once per revision of the store: for what reads the store's slices,
    locks or history besides the tracker.
    """
    language = lang()
    revision = service().revision() if bookkeeping else ()
    name = f"{build.__module__}.{build.__qualname__}"
    if tracker.version is None:  # not published data: nothing to key it by
        return build(tracker, *params, language)
    if bookkeeping:  # moves with every action: made in this process only
        return _made(tracker.key, revision, language, name, params, lambda: build(tracker, *params, language))
    return _made(
        tracker.key, revision, language, name, params, lambda: service().made(build, tracker, params, language)
    )


@st.cache_resource(show_spinner=False, max_entries=8)
def _bookkeeping(revision: tuple, name: str) -> pd.DataFrame:
    if name == "versions":
        return service().versions()
    if name == "history":
        return service().history()
    return service().table(name)


def bookkeeping(name: str) -> pd.DataFrame:
    """The store's ``versions``, ``events``, ``slices`` or ``locks``, read once per revision."""
    return _bookkeeping(service().revision(), name)


def _completeness(tracker: Tracker, today: object, language: str) -> pd.DataFrame:
    from moral_metrics.metrics.reporting import completeness

    return completeness(tracker, bookkeeping("slices"), bookkeeping("locks"))


def completeness_of(tracker: Tracker) -> pd.DataFrame:
    """Who has reported (``store.completeness``), once per version, revision and day."""
    return made(_completeness, tracker, thai_today(), bookkeeping=True)


@st.cache_resource(show_spinner=False, max_entries=4)
def _history(revision: tuple, language: str) -> pd.DataFrame:
    from moral_metrics.figures.submissions import history_table

    return history_table(bookkeeping("history"), revision[0], language)


def history() -> pd.DataFrame:
    """The Data page's history of every action, made once per revision of the store and language."""
    return _history(service().revision(), lang())


def _reporting(tracker: Tracker, today: object, language: str) -> dict[str, Any]:
    from moral_metrics.figures.submissions import completeness_table, last_table, overdue_table, rates_table
    from moral_metrics.metrics.reporting import last_submissions, overdue, rates

    table = completeness_of(tracker)
    last = last_submissions(bookkeeping("slices"), bookkeeping("history"))
    late = overdue(table, today)
    return {
        "rates": rates_table(rates(table), language),
        "overdue": overdue_table(late, last, language),
        "table": completeness_table(table, language),
        "last": last_table(last, language),
    }


def reporting(tracker: Tracker) -> dict[str, Any]:
    """The Reporting page's tables (rates, provinces whose data is overdue, the table, last
    submissions), made once per version, revision of the store, day and language."""
    return made(_reporting, tracker, thai_today(), bookkeeping=True)
