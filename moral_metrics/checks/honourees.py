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

from moral_metrics.checks.common import cells, fiscal_years, provinces, texts, too_long, words
from moral_metrics.checks.consent import public_flags
from moral_metrics.checks.context import CheckContext
from moral_metrics.checks.recognition import dates, districts, virtue_lists
from moral_metrics.model import HONOUREE_COLUMNS
from moral_metrics.parse.cells import at
from moral_metrics.parse.distinct import per_value
from moral_metrics.parse.normalise import is_blank
from moral_metrics.reference.messages import Problems
from moral_metrics.reference.parts import provides
from moral_metrics.reference.recognition import word
from moral_metrics.reference.vocabulary import name_key


def _fiscal(frame: pd.DataFrame, codes: pd.Series, context: CheckContext, problems: Problems):
    """The date (ISO or None) and its fiscal year, else the fiscal-year cell's; neither is an error."""
    when = dates(frame, "date", context, problems, required=False)
    undated = when.values.isna().to_numpy() & ~when.failed
    blank_year = per_value(cells(frame, "fiscal_year"), is_blank, bool)
    for n in np.flatnonzero(undated & blank_year):
        problems.add("bad_date", detail="blank", at=at(frame.iloc[n], "date"))
    fiscal, failed = when.fiscal.copy(), when.failed | (undated & blank_year)
    by_year = np.flatnonzero(undated & ~blank_year)
    if len(by_year):
        years = fiscal_years(frame.iloc[by_year], codes.iloc[by_year], context, problems)
        fiscal[by_year] = years.values.to_numpy(np.int64)
        failed[by_year] |= years.failed
    return when.values, fiscal, failed


def duplicates(rows: pd.DataFrame, raw: pd.DataFrame, problems: Problems) -> np.ndarray:
    """The same honouree twice on one date (or in one year without a date): each repeat is an error."""
    same = pd.DataFrame(
        {
            "province": rows["province_code"].to_numpy(object),
            "name": per_value(rows["name"], name_key),
            "date": rows["date"].fillna("").to_numpy(object),
            "year": np.where(rows["date"].isna(), rows["fiscal_year"], 0),
        }
    )
    repeated = same.duplicated(keep="first").to_numpy()
    first_rows = {tuple(r[1:]): r[0] for r in same.loc[~repeated].itertuples()}
    for n in np.flatnonzero(repeated):
        row, first = rows.iloc[n], raw.iloc[first_rows[tuple(same.iloc[n])]]
        when = row["date"] or int(row["fiscal_year"])
        where, province = at(raw.iloc[n], "name"), row["province_code"]
        problems.add(
            "duplicate_honouree", at=where, value=row["name"], province=province, date=when, first=at(first, "name").ref
        )
    return repeated


@provides("check", "honourees")
def check_honourees(raw: pd.DataFrame, context: CheckContext, problems: Problems) -> pd.DataFrame:
    """Resolve, parse and check every honouree row; return the good ones (``HONOUREE_COLUMNS``)."""
    frame = raw.reset_index(drop=True)
    if frame.empty:
        return pd.DataFrame(columns=list(HONOUREE_COLUMNS))
    limits = context.settings.limits
    province = provinces(frame, context, problems)
    kind = words(
        frame, "kind", lambda v: word("honouree_kind", v), "unknown_kind", problems, sheet_kind="honouree_kind"
    )
    name, virtues = texts(frame, "name", problems), virtue_lists(frame, problems, required=True)
    district = districts(frame, province.values, problems)
    date, fiscal, undated = _fiscal(frame, province.values, context, problems)
    public = public_flags(frame, problems, personal=(kind.values == "person").to_numpy())
    long = too_long(frame, "name", limits.max_name_chars, problems) | too_long(
        frame, "citation", limits.max_text_chars, problems
    )
    bad = province.failed | kind.failed | name.failed | virtues.failed | district.failed | undated | long
    rows = pd.DataFrame(
        {
            "province_code": province.values,
            "district_code": district.values,
            "date": date,
            "fiscal_year": fiscal,
            "kind": kind.values,
            "name": name.values,
            "virtues": virtues.values,
            "public": public.values.astype(bool),
            "citation": texts(frame, "citation").values,
            "photo": texts(frame, "photo").values,
            "sheet": frame["sheet"],
            "row": frame["row"].astype("int64"),
            "file_id": None,  # given when the upload is stored
        }
    )[list(HONOUREE_COLUMNS)]
    good, good_raw = rows.loc[~bad].reset_index(drop=True), frame.loc[~bad].reset_index(drop=True)
    return good.loc[~duplicates(good, good_raw, problems)].reset_index(drop=True)
