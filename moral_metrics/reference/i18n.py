"""The one translation table (``data/i18n.toml``): Thai by default, English on request."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from typing import Literal

from moral_metrics.reference.settings import DATA_DIR

Lang = Literal["th", "en"]
LANGS: tuple[Lang, ...] = ("th", "en")
DEFAULT_LANG: Lang = "th"


def _flatten(tree: dict, prefix: str = "") -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and set(value) >= {"th", "en"}:
            out[path] = {"th": value["th"], "en": value["en"]}
            rest = {k: v for k, v in value.items() if k not in ("th", "en")}
            out.update(_flatten(rest, path + "."))
        elif isinstance(value, dict):
            out.update(_flatten(value, path + "."))
    return out


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    raw = tomllib.loads((DATA_DIR / "i18n.toml").read_text(encoding="utf-8"))
    return _flatten(raw)


def has(key: str) -> bool:
    return key in table()


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{placeholders}`` filled; the key itself if unknown."""
    entry = table().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format_map(_Values(values)) if values else text


class _Values(dict):
    """A placeholder nobody filled stays visible instead of raising in front of a user."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def both(key: str, **values: object) -> dict[str, str]:
    """The text in every language, for a placeholder that differs by language."""
    return {lang: t(key, lang, **values) for lang in LANGS}
