"""``status --json``: the published data and who has reported, as one JSON object."""

from __future__ import annotations


def status_json(store, include_private: bool = False) -> dict:
    """The current version as JSON; names of people who are not public are left out (as a viewer
    sees them, ``figures.privacy``) unless ``include_private``, and the output says which."""
    from moral_metrics.briefing.report import to_json
    from moral_metrics.figures.privacy import EVERY_PROVINCE, NO_PROVINCE, for_audience
    from moral_metrics.metrics.reporting import completeness, last_submissions
    from moral_metrics.model import LoadResult
    from moral_metrics.store.merge import empty_tracker

    current = store.current_id()
    tracker = store.tracker(current) if current is not None else empty_tracker()
    tracker = for_audience(tracker, EVERY_PROVINCE if include_private else NO_PROVINCE)
    slices, locks = store.table("slices"), store.table("locks")
    table = completeness(tracker, slices, locks)
    last = last_submissions(slices, store.history()).set_index("province_code")
    ids = {f for frame in (tracker.records, *tracker.datasets.values()) for f in frame.get("file_id", []) if f}
    names = {i: u["filename"] for i, u in store.uploads(sorted(ids)).items()} if ids else {}
    out = {k: v for k, v in to_json(LoadResult(tracker, tracker.warnings), names).items() if k not in ("ok", "errors")}
    out["version"] = store.current_id()
    out["private_names"] = "included" if include_private else "left out (--include-private to include them)"
    out["provinces"] = [
        _province_status(code, group, last) for code, group in table.groupby("province_code", sort=False)
    ]
    return out


def _province_status(code: str, group, last) -> dict:
    mine = last.loc[code] if code in last.index else None
    years = {
        str(int(r.program_year)): {
            "fiscal_year": None if r.fiscal_year != r.fiscal_year or r.fiscal_year is None else int(r.fiscal_year),
            "status": r.status,
            "expected": int(r.expected) if r.status not in ("not_due", "not_in_programme") else 0,
            "reported": int(r.reported),
            "on_time": None if r.on_time is None or r.on_time != r.on_time else bool(r.on_time),
            "locked": bool(r.locked),
        }
        for r in group.itertuples()
    }
    return {
        "province_code": code,
        "last_version": None if mine is None else int(mine["last_version"]),
        "last_published_at": None if mine is None else mine["last_published_at"].isoformat(),
        "last_published_by": None if mine is None else mine["last_published_by"],
        "years": years,
    }
