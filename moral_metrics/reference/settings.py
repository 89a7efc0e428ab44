"""Settings from ``data/settings.toml``, each overridable by an environment variable."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
ENV_PREFIX = "MORAL_METRICS_"


@dataclass(frozen=True)
class Limits:
    max_upload_mb: float
    max_uncompressed_mb: float
    max_rows: int
    max_columns: int
    max_cells: int
    max_cell_chars: int
    max_name_chars: int
    max_text_chars: int
    header_scan_rows: int
    max_sheets: int
    max_total_cells: int
    max_total_chars: int
    max_shared_strings: int

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_uncompressed_bytes(self) -> int:
        return int(self.max_uncompressed_mb * 1024 * 1024)


@dataclass(frozen=True)
class StatusBands:
    achieved: float
    on_track: float
    at_risk: float


@dataclass(frozen=True)
class Validation:
    outlier_ratio: float
    min_program_year: int
    max_program_year: int
    min_fiscal_year: int
    max_fiscal_year: int


@dataclass(frozen=True)
class Storage:
    database_url: str
    cache_dir: str
    prebuild: bool


@dataclass(frozen=True)
class Access:
    local_editing: bool
    tries_per_name: int
    tries_per_address: int
    tries_window_seconds: float
    tries_overall: int
    trusted_proxies: tuple[str, ...]
    client_address_header: str


@dataclass(frozen=True)
class Privacy:
    photo_hosts: tuple[str, ...]


@dataclass(frozen=True)
class Submissions:
    due_days: int


@dataclass(frozen=True)
class Testing:
    today_param: bool  # ?today= moves the Calendar's today: tests only (issue 23)


@dataclass(frozen=True)
class Settings:
    limits: Limits
    status: StatusBands
    validation: Validation
    storage: Storage
    access: Access
    submissions: Submissions
    privacy: Privacy
    testing: Testing


def _parse(text: str, default: object) -> object:
    if isinstance(default, (list, tuple)):  # comma-separated
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if isinstance(default, str):
        return text
    if isinstance(default, bool):  # 1/true/yes/on switch it on, anything else off
        return text.strip().lower() in ("1", "true", "yes", "on")
    return type(default)(float(text))


def _section(raw: dict, name: str, cls: type) -> object:
    values = dict(raw.get(name, {}))
    for key, default in list(values.items()):
        env = os.environ.get(f"{ENV_PREFIX}{name}_{key}".upper())
        if env is not None:
            values[key] = _parse(env, default)
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in values.items()})


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The settings in force; read once per process."""
    raw = tomllib.loads((DATA_DIR / "settings.toml").read_text(encoding="utf-8"))
    return Settings(
        limits=_section(raw, "limits", Limits),  # type: ignore[arg-type]
        status=_section(raw, "status", StatusBands),  # type: ignore[arg-type]
        validation=_section(raw, "validation", Validation),  # type: ignore[arg-type]
        storage=_section(raw, "storage", Storage),  # type: ignore[arg-type]
        access=_section(raw, "access", Access),  # type: ignore[arg-type]
        submissions=_section(raw, "submissions", Submissions),  # type: ignore[arg-type]
        privacy=_section(raw, "privacy", Privacy),  # type: ignore[arg-type]
        testing=_section(raw, "testing", Testing),  # type: ignore[arg-type]
    )
