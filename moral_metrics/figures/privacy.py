"""Who may see which names: the data a reader, or an export, may have.

Names of people are personal data (Thailand's PDPA). A person whose ``public`` flag is off (as the
consent register decided, ``store.consent``) is counted everywhere but shown to a reader only as
"name not public": kind, province and fiscal year. Their name, citation, photo, district and date
are blanked here, before anything is drawn or written, for every reader outside the provinces
whose private names they may see (an editor's scope; a viewer: none). An event marked not public,
or whose title names such a person, keeps its date, kind and count of participants and loses its
title, networks and district. Every page, search, export, deck and ``.ics`` starts from this.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from moral_metrics.model import Tracker

Audience = frozenset[str] | None  # provinces whose private names may be seen; None: every province
EVERY_PROVINCE: Audience = None
NO_PROVINCE: Audience = frozenset()
HIDDEN_HONOUREE = ("name", "citation", "photo", "district_code", "date")
HIDDEN_EVENT = ("title", "networks", "district_code")


def _visible(provinces: pd.Series, audience: Audience) -> pd.Series:
    if audience is None:
        return pd.Series(True, index=provinces.index)
    return provinces.isin(audience)


def _blank(frame: pd.DataFrame, rows: pd.Series, columns: tuple[str, ...]) -> pd.DataFrame:
    if not rows.any():
        return frame
    out = frame.copy()
    for column in columns:
        out[column] = out[column].astype(object)
        out.loc[rows, column] = None
    return out


def hidden_people(honourees: pd.DataFrame, audience: Audience) -> pd.Series:
    """Rows of people this audience may not see by name."""
    person = honourees["kind"] == "person"
    return ~honourees["public"].astype(bool) & person & ~_visible(honourees["province_code"], audience)


def masked_honourees(honourees: pd.DataFrame, audience: Audience) -> pd.DataFrame:
    """Honourees as ``audience`` may see them. Organisations and communities marked not public
    lose their name and citation too (an office's decision), not their place."""
    if honourees.empty:
        return honourees
    people = hidden_people(honourees, audience)
    others = ~honourees["public"].astype(bool) & ~people & ~_visible(honourees["province_code"], audience)
    return _blank(_blank(honourees, people, HIDDEN_HONOUREE), others, ("name", "citation", "photo"))


def masked_events(events: pd.DataFrame, honourees: pd.DataFrame, audience: Audience) -> pd.DataFrame:
    """Events as ``audience`` may see them: not public ones, and ones whose title names a person
    hidden from this audience, without title, networks and district."""
    if events.empty:
        return events
    visible = _visible(events["province_code"], audience)
    hidden = ~events["public"].map(lambda v: v is None or bool(v)) & ~visible
    if not honourees.empty:
        people = honourees[hidden_people(honourees, audience)]
        names = {
            p: [n for n in group["name"] if isinstance(n, str) and len(n) >= 3]
            for p, group in people.groupby("province_code")
        }
        named = [
            any(n in str(title) for n in names.get(province, ()))
            for province, title in zip(events["province_code"], events["title"], strict=True)
        ]
        hidden |= pd.Series(named, index=events.index) & ~visible
    return _blank(events, hidden, HIDDEN_EVENT)


def for_audience(tracker: Tracker, audience: Audience) -> Tracker:
    """The tracker as ``audience`` may see it (``EVERY_PROVINCE``: nothing hidden)."""
    if audience is EVERY_PROVINCE:
        return tracker
    honourees, events = tracker.dataset("honourees"), tracker.dataset("events")
    datasets = dict(tracker.datasets)
    view = "none" if not audience else ",".join(sorted(audience))
    if "events" in datasets:
        datasets["events"] = masked_events(events, honourees, audience)
    if "honourees" in datasets:
        datasets["honourees"] = masked_honourees(honourees, audience)
    return dataclasses.replace(tracker, datasets=datasets, view=view)
