"""``status --json``: the published data and who has reported, as one JSON object.

The reporting summary (``provinces``) comes first, so ``status --json | head`` shows who has
reported; ``--summary`` stops there (provinces and years with their overall score, and how many
rows each dataset holds) instead of every data row (35,000 of them at national scale).
"""

from __future__ import annotations


def status_json(store, include_private: bool = False, summary_only: bool = False) -> dict:
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
    scores = _overall_scores(tracker.summary)
    out: dict = {
        "version": current,
        "private_names": "included" if include_private else "left out (--include-private to include them)",
        "provinces": [
            _province_status(code, group, last, scores) for code, group in table.groupby("province_code", sort=False)
        ],
    }
    if summary_only:
        out["rows"] = {"records": len(tracker.records), **{k: len(v) for k, v in tracker.datasets.items()}}
        return out
    ids = {f for frame in (tracker.records, *tracker.datasets.values()) for f in frame.get("file_id", []) if f}
    names = {i: u["filename"] for i, u in store.uploads(sorted(ids)).items()} if ids else {}
    data = to_json(LoadResult(tracker, tracker.warnings), names)
    return out | {k: v for k, v in data.items() if k not in ("ok", "errors")}


def _overall_scores(summary) -> dict[tuple[str, int], float | None]:
    """The overall score per (province, programme year), as the summary holds it."""
    if summary is None or summary.empty:
        return {}
    overall = summary[summary["area"] == "overall"]
    return {
        (r.province_code, int(r.program_year)): None if r.score != r.score else round(float(r.score), 4)
        for r in overall.itertuples()
    }


def _province_status(code: str, group, last, scores: dict) -> dict:
    mine = last.loc[code] if code in last.index else None
    years = {
        str(int(r.program_year)): {
            "fiscal_year": None if r.fiscal_year != r.fiscal_year or r.fiscal_year is None else int(r.fiscal_year),
            "status": r.status,
            "expected": int(r.expected) if r.status not in ("not_due", "not_in_programme") else 0,
            "reported": int(r.reported),
            "on_time": None if r.on_time is None or r.on_time != r.on_time else bool(r.on_time),
            "locked": bool(r.locked),
            "score": scores.get((code, int(r.program_year))),
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
