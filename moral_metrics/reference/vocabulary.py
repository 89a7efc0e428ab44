"""Words that carry meaning in tracker cells (``data/vocabulary.csv``): totals, yes/no, prefixes."""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache

from moral_metrics.reference.settings import DATA_DIR

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_KEY_DROP = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000\-_.'’`]+")
# str.translate walks a Thai string ten times slower than a regex scans it, and most cells
# have neither Thai digits nor zero-width characters: look first, translate only when found.
_HAS_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HAS_THAI_DIGIT = re.compile("[๐-๙]")
_HAS_DIGIT = re.compile(r"\d")  # Arabic or Thai


def drop_zero_width(value: str) -> str:
    return value.translate(_ZERO_WIDTH) if _HAS_ZERO_WIDTH.search(value) else value


def clean_text(value: str) -> str:
    """Drop zero-width characters, fold every kind of space (and line breaks) to one space."""
    return _SPACES.sub(" ", drop_zero_width(value)).strip()


def split_aliases(text: str) -> tuple[str, ...]:
    """Alternative names written in one cell or field, separated by |, comma or semicolon."""
    return tuple(a.strip() for a in re.split(r"[|,;]", text) if a.strip())


def thai_digits(value: str) -> str:
    return value.translate(_THAI_DIGITS) if _HAS_THAI_DIGIT.search(value) else value


def name_key(value: object) -> str:
    """Two names of the same person or unit: Arabic digits, lower case, no spaces (names are clean)."""
    return thai_digits(str(value)).casefold().replace(" ", "")


def key(value: object) -> str:
    """Comparison key: clean, Arabic digits, lower case, no spaces, dots, dashes or quotes.

    Thai has no spaces between words and real headers are broken mid-word by line breaks,
    so dropping every space is what makes "Chiang Rai" equal "Chiangrai" and "ค่าเป้\\nาหมาย"
    equal "ค่าเป้าหมาย".
    """
    text = drop_zero_width(str(value))
    return _KEY_DROP.sub("", thai_digits(text)).casefold()


@lru_cache(maxsize=1)
def _groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    with (DATA_DIR / "vocabulary.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            groups.setdefault(row["group"], []).append(row["word"])
    return {name: tuple(words) for name, words in groups.items()}


@cache
def words(group: str) -> frozenset[str]:
    """The comparison keys of one vocabulary group."""
    return frozenset(key(w) for w in _groups().get(group, ()))


@cache
def prefixes(group: str) -> tuple[str, ...]:
    """Keys of a prefix group, longest first so that the most specific prefix is removed."""
    return tuple(sorted(words(group), key=len, reverse=True))


@cache
def _has_digits(group: str) -> bool:
    return any(_HAS_DIGIT.search(w) for w in words(group))


def is_word(value: str, group: str) -> bool:
    """``key(value)`` is a word of ``group``. A key keeps every digit, so text with a digit is
    turned away without making its key when no word of the group has one (dates, names)."""
    if _HAS_DIGIT.search(value) and not _has_digits(group):
        return False
    return key(value) in words(group)
