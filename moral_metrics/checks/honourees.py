"""Check the honourees sheet (ผู้ได้รับการยกย่อง / ทำเนียบคนดี): who was honoured, where, when,
for which virtues, and whether their name may be shown to everyone.

Contract: ``check_honourees`` takes the raw table (``parse.cells`` shape: province, district,
date, fiscal_year, kind, name, virtues, citation, photo, public, each with ``_col``) and returns
the good rows with ``model.HONOUREE_COLUMNS``. A row with any error is left out; the pipeline
then loads nothing at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.checks.assessments import _provinces, _years
from moral_metrics.checks.consent import public_flags, too_long
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.recognition import column, dates, districts, kinds, texts, virtue_lists
from moral_metrics.model import HONOUREE_COLUMNS
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import per_value
from moral_metrics.parse.normalise import is_blank
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.vocabulary import name_key


def _fiscal_years(frame: pd.DataFrame, context: CheckContext, problems: Problems) -> np.ndarray:
    """``fiscal``: the date's fiscal year, else the fiscal-year cell's; neither given is an error."""
    bad = dates(frame, "date", context, problems, required=False)
    undated = (frame["date_value"].isna() & ~bad).to_numpy()
    blank_year = per_value(column(frame, "fiscal_year"), is_blank, bool)
    frame["fiscal"] = frame["date_fiscal"].to_numpy(np.int64)
    for n in np.flatnonzero(undated & blank_year):
        problems.add("bad_date", detail="blank", at=at(frame.iloc[n], "date"))
    bad |= undated & blank_year
    by_year = np.flatnonzero(undated & ~blank_year)
    if len(by_year):
        part = frame.iloc[by_year].copy()
        failed = _years(part, context, problems)
        frame.loc[frame.index[by_year], "fiscal"] = part["fiscal_value"].to_numpy(np.int64)
        bad[by_year] |= failed
    return bad


def duplicates(good: pd.DataFrame, problems: Problems) -> np.ndarray:
    """The same honouree twice on one date (or in one year without a date): each repeat is an error."""
    same = pd.DataFrame(
        {
            "province": pd.Series(good["province_code"].to_numpy(), dtype=object),
            "name": pd.Series(per_value(good["name_text"], name_key), dtype=object),
            "date": pd.Series(good["date_value"].fillna("").to_numpy(), dtype=object),
            "year": np.where(good["date_value"].isna(), good["fiscal"], 0),
        }
    )
    repeated = same.duplicated(keep="first").to_numpy()
    if repeated.any():
        first_rows = {tuple(r[1:]): r[0] for r in same.loc[~repeated].itertuples()}
        for n in np.flatnonzero(repeated):
            row, first = good.iloc[n], good.iloc[first_rows[tuple(same.iloc[n])]]
            when = row["date_value"] or int(row["fiscal"])
            where, value, province = at(row, "name"), row["name_text"], row["province_code"]
            problems.add(
                "duplicate_honouree", at=where, value=value, province=province, date=when, first=at(first, "name").ref
            )
    return repeated


def _honourees(good: pd.DataFrame) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "province_code": good["province_code"],
            "district_code": good["district_code"],
            "date": good["date_value"],
            "fiscal_year": good["fiscal"].astype("int64"),
            "kind": good["kind_code"],
            "name": good["name_text"],
            "virtues": good["virtue_codes"],
            "public": good["public_flag"].astype(bool),
            "citation": good["citation_text"],
            "photo": good["photo_text"],
            "sheet": good["sheet"],
            "row": good["row"].astype("int64"),
        }
    )
    return rows[list(HONOUREE_COLUMNS)].reset_index(drop=True)


def check_honourees(raw: pd.DataFrame, context: CheckContext, problems: Problems) -> pd.DataFrame:
    """Resolve, parse and check every honouree row; return the good ones (``HONOUREE_COLUMNS``)."""
    frame = raw.reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(HONOUREE_COLUMNS))
    bad = _provinces(frame, context, problems).copy()
    bad |= kinds(frame, "honouree_kind", problems)
    bad |= texts(frame, "name", problems)
    bad |= virtue_lists(frame, problems, required=True)
    bad |= districts(frame, problems)
    bad |= _fiscal_years(frame, context, problems)
    limits = context.settings.limits
    bad |= too_long(frame, "name", limits.max_name_chars, problems)
    bad |= too_long(frame, "citation", limits.max_text_chars, problems)
    bad |= public_flags(frame, problems, personal=(frame["kind_code"] == "person").to_numpy())
    texts(frame, "citation")
    texts(frame, "photo")
    good = frame.loc[~bad].reset_index(drop=True)
    good = good.loc[~duplicates(good, problems)]
    return _honourees(good)
