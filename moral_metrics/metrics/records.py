"""The published records' shape (``model.RECORD_COLUMNS``) made from stored fields: names of
provinces and indicators looked up once each, area and kind from the catalogue, achievement, and
the rows in province, year and catalogue order. Used for a freshly loaded workbook and for a
version read back from the store."""

from __future__ import annotations

import numpy as np
import pandas as pd

from moral_metrics.metrics.scores import achievement
from moral_metrics.model import RECORD_COLUMNS, SOURCE
from moral_metrics.parse.distinct import Distinct, per_value, text_series
from moral_metrics.reference.catalogue import Catalogue
from moral_metrics.reference.formats import is_missing
from moral_metrics.reference.provinces import province_index


def _note(value: object) -> str | None:
    return None if is_missing(value) else (str(value).strip() or None)


def finish_records(base: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Records in their published shape (``RECORD_COLUMNS``) from the stored fields.

    ``base`` has ``STORED_RECORD_FIELDS``; used for a freshly loaded workbook and for a version
    read back from the database.
    """
    index = province_index().by_code
    idx = base.index
    province = Distinct(base["province_code"], lambda c: index[c])  # each name looked up once per province
    indicator = Distinct(base["indicator"], catalogue.find)
    records = pd.DataFrame(
        {
            "province_code": text_series(base["province_code"].to_numpy(object), idx),
            "province_th": text_series(province.take(lambda p: p.name_th), idx),
            "province_en": text_series(province.take(lambda p: p.name_en), idx),
            "program_year": base["program_year"].astype("Int64"),
            "fiscal_year": base["fiscal_year"].astype("Float64").astype("Int64"),
            "indicator": text_series(base["indicator"].to_numpy(object), idx),
            "area": text_series(indicator.take(lambda i: getattr(i, "area", None)), idx),
            "kind": text_series(indicator.take(lambda i: getattr(i, "kind", None)), idx),
            "target": base["target"].astype(float),
            "actual": base["actual"].astype(float),
            "note": text_series(per_value(base["note"], _note), idx),
            "sheet": text_series(base["sheet"].to_numpy(object), idx),
            "row": base["row"].astype(int),
        }
    )
    records["achievement"] = achievement(records)
    for column in SOURCE:  # where each record came from: carried as it is (None when not known)
        records[column] = (
            base[column].astype(object).where(base[column].notna(), None).to_numpy() if column in base else None
        )
    order = {code: n for n, code in enumerate(catalogue.codes)}
    rank = indicator.take(lambda i: order.get(getattr(i, "code", None), -1), np.int64)
    place = {code: n for n, code in enumerate(sorted({p.code for p in province.results}))}  # code order
    by_code = province.take(lambda p: place[p.code], np.int64)
    sequence = np.lexsort((rank, records["program_year"].to_numpy(np.int64, na_value=0), by_code))
    if (sequence == np.arange(len(sequence))).all():  # already in order: no copy
        return records[RECORD_COLUMNS].reset_index(drop=True)
    return records.iloc[sequence][RECORD_COLUMNS].reset_index(drop=True)
