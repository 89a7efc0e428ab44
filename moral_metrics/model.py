"""The shapes data takes after loading: tables with declared columns, the tracker, a load's result.

Everything downstream of the pipeline (metrics, figures, briefing, store, pages) names these
types and column lists instead of importing the pipeline that makes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from moral_metrics.reference.catalogue import Catalogue
from moral_metrics.reference.messages import Message, Position

# Where each record came from, kept with it (issue 23): the upload's id in the store (None before
# it is published), the cells of its target and actual ("E12") and what was typed there.
SOURCE = ("file_id", "target_cell", "actual_cell", "target_typed", "actual_typed")
# One row per province, programme year and indicator.
RECORD_COLUMNS = [
    "province_code",
    "province_th",
    "province_en",
    "program_year",
    "fiscal_year",
    "indicator",
    "area",
    "target",
    "actual",
    "achievement",
    "note",
    "sheet",
    "row",
    *SOURCE,
]
# What is stored of a record; the other columns are made again from these and the catalogue.
STORED_RECORD_FIELDS = (
    "province_code",
    "program_year",
    "fiscal_year",
    "indicator",
    "target",
    "actual",
    "note",
    "sheet",
    "row",
    *SOURCE,
)
# The record columns in the command line's JSON (where it came from goes into its "source").
JSON_RECORD_FIELDS = tuple(c for c in RECORD_COLUMNS if c not in ("sheet", "row", *SOURCE))

# One row per province that the workbook names (in its provinces sheet or its records).
PROVINCE_COLUMNS = [
    "province_code",
    "province_th",
    "province_en",
    "region",
    "start_year",
    "start_year_assumed",
    "networks",
]
STORED_PROVINCE_FIELDS = ("province_code", "region", "start_year", "start_year_assumed", "networks")

# One row per province, programme year and goal area, plus area "overall". A score rests on the
# areas reported: ``areas_reported`` of ``areas_total`` (1 of 1 or 0 of 1 for one area).
SUMMARY_COLUMNS = ["province_code", "program_year", "area", "score", "status", "areas_reported", "areas_total"]


@dataclass(frozen=True)
class SheetKind:
    """A kind of sheet below the province and the dataset it loads into, declared once here.

    Its words live in the data files (``data/sheet_kinds.csv``: detection words, required
    columns, header aliases in ``data/sheets/<kind>.csv``; texts in ``data/i18n.toml``); its
    parts (check, template sheet, deck slide, page section) are registered by the stages that
    write them (``reference.parts``). A province's file replaces that province's rows of a
    dataset for each ``period`` value it has (a fiscal year), leaving every other as it was.
    """

    name: str  # the key in Tracker.datasets and in the command line's JSON ("units")
    sheet_kind: str  # the sheet kind it is read from ("assessments")
    columns: tuple[str, ...]  # its table's columns, in order; positions (sheet, row) included
    period: str = "fiscal_year"
    json: tuple[str, ...] | None = None  # the command line's JSON fields, when not every column

    @property
    def json_columns(self) -> tuple[str, ...]:
        return self.json if self.json is not None else self.columns


# Each kind declares itself here, next to its columns, in the order pages and decks show them.
DATASETS: dict[str, SheetKind] = {}


# Issue 10: assessment levels of units below the province (sheet kind "assessments"). The columns
# are the command line's JSON contract: scores is a list of nine ints or None per activity, or None.
UNIT_COLUMNS = (
    "province_code",
    "district_code",  # four-digit DOPA code as a string, or None
    "unit_type",  # organisation | community | district | province
    "name",
    "fiscal_year",  # BE
    "level",  # 1 promoting, 2 moral, 3 model
    "scores",
    "sheet",
    "row",
    "file_id",  # the upload it came from (None before it is published)
)
DATASETS["units"] = SheetKind(
    "units",
    "assessments",
    UNIT_COLUMNS,
    "fiscal_year",
    tuple(c for c in UNIT_COLUMNS if c not in ("sheet", "row", "file_id")),
)

# Issue 11: people, organisations and communities honoured (sheet kind "honourees"). ``date`` is
# ISO (CE) or None when only the fiscal year is known; ``virtues`` a list of virtue codes; name,
# citation and photo are shown to viewers only when ``public``.
HONOUREE_COLUMNS = (
    "province_code",
    "district_code",  # four-digit DOPA code as a string, or None
    "date",  # "YYYY-MM-DD" (Common Era) or None
    "fiscal_year",  # BE
    "kind",  # person | organisation | community
    "name",
    "virtues",  # list of sufficiency, discipline, honesty, volunteering, gratitude
    "public",  # bool
    "citation",
    "photo",
    "sheet",
    "row",
    "file_id",
)
HONOUREE_JSON = tuple(c for c in HONOUREE_COLUMNS if c not in ("citation", "photo", "sheet", "row", "file_id"))
DATASETS["honourees"] = SheetKind("honourees", "honourees", HONOUREE_COLUMNS, "fiscal_year", HONOUREE_JSON)

# Issue 11: events of the calendar of good deeds (sheet kind "events"); dates as for honourees.
EVENT_COLUMNS = (
    "province_code",
    "district_code",
    "date",  # the start, "YYYY-MM-DD"
    "end_date",  # "YYYY-MM-DD" or None
    "fiscal_year",  # of the start date, BE
    "kind",  # assembly | moral_market | exchange | honouring | volunteering | meeting | other
    "title",
    "participants",  # int or None
    "virtues",
    "networks",  # as written: names or a count, or None
    "public",  # bool; an event marked not public shows viewers its kind, province and date only
    "sheet",
    "row",
    "file_id",
)
EVENT_JSON = tuple(c for c in EVENT_COLUMNS if c not in ("networks", "sheet", "row", "file_id"))
# Issue 22: a stored event from before the public column existed is public (None means True).
DATASETS["events"] = SheetKind("events", "events", EVENT_COLUMNS, "fiscal_year", EVENT_JSON)


def plain(value: Any) -> Any:
    """A table value as plain Python (for JSON and SQL): missing -> None, numpy scalars unwrapped."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def plain_rows(frame: pd.DataFrame, fields: Iterable[str]) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts of plain values, only ``fields``."""
    names = tuple(fields)
    return [{f: plain(row[f]) for f in names} for row in frame.to_dict("records")]


@dataclass(frozen=True)
class Tracker:
    provinces: pd.DataFrame  # PROVINCE_COLUMNS
    records: pd.DataFrame  # RECORD_COLUMNS
    summary: pd.DataFrame  # SUMMARY_COLUMNS
    catalogue: Catalogue
    warnings: list[Message] = field(default_factory=list)
    datasets: Mapping[str, pd.DataFrame] = field(default_factory=dict)  # name -> rows (Dataset.columns)
    # Of a freshly loaded workbook only: where it names each province in its provinces sheet
    # ("provinces") and defines each indicator of its own ("indicators"), code -> first cell.
    origins: Mapping[str, Mapping[str, Position]] = field(default_factory=dict)
    # Photos of honourees (issue 22), "image:<sha256>" -> a small JPEG: embedded in a fresh
    # workbook, or read from the store for a published version; never a third-party address.
    photos: Mapping[str, bytes] = field(default_factory=dict)
    # Which published data this is (issue 25), so that what is made from it can be cached by it:
    # the version (None for a workbook not published), the consent revision it was read at, and
    # whose view of private names it is (``figures.privacy``: "all", or the provinces seen).
    version: int | None = None
    consent: int = 0
    view: str = "all"

    @property
    def key(self) -> tuple[int | None, int, str]:
        """What a figure or table made from this tracker may be cached by (with its other inputs)."""
        return self.version, self.consent, self.view

    def dataset(self, name: str) -> pd.DataFrame:
        """A dataset's rows; an empty table with its columns when the tracker has none."""
        found = self.datasets.get(name)
        return found if found is not None else pd.DataFrame(columns=list(DATASETS[name].columns))

    def province_names(self, lang: str) -> dict[str, str]:
        """Province code -> name in ``lang``, in the tracker's order."""
        column = "province_en" if lang == "en" else "province_th"
        return dict(zip(self.provinces["province_code"], self.provinces[column], strict=True))

    @property
    def province_codes(self) -> list[str]:
        return self.provinces["province_code"].tolist()


@dataclass(frozen=True)
class LoadResult:
    tracker: Tracker | None
    messages: list[Message]

    @property
    def ok(self) -> bool:
        return self.tracker is not None

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "error"]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "warning"]
