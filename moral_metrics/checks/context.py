"""What a dataset's check may consult besides its own rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from moral_metrics.checks.startyears import StartYears
from moral_metrics.reference.catalogue import Catalogue
from moral_metrics.reference.provinces import ProvinceIndex
from moral_metrics.reference.settings import Settings


@dataclass(frozen=True)
class CheckContext:
    settings: Settings
    provinces: ProvinceIndex
    catalogue: Catalogue
    starts: StartYears  # the provinces sheet: start years, networks, regions
    records: pd.DataFrame  # the good progress records (model.RECORD_COLUMNS), for cross-checks
    programme_starts: dict[str, int] = field(default_factory=dict)  # province -> fiscal year of year 1
