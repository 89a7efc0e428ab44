"""Chart text that fits: titles and labels wrapped at word boundaries, Thai included.

Thai is written without spaces between words, so the words come from PyThaiNLP's dictionary
segmenter (``newmm``, ported in ``thai_words`` so that no process pays for importing PyThaiNLP;
its dictionary ships inside the package: no network). Plotly does not wrap text itself; a line
break is ``<br>``.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

from moral_metrics.figures.thai_words import segment

ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The words and spaces of ``text``, in order; joined they give ``text`` back.

    Digits and punctuation stay with the word before them ("1-4", "ranking,", "(2/5)"), and a
    number after a space stays with its word too ("year 3"; Thai's ordinal "ที่" with the word
    before it, "ปีที่ 3"): a line never starts with a lone number.
    """
    out: list[str] = []
    for token in segment(text):
        if out and not out[-1].isspace() and not token.isspace() and not token[0].isalpha():
            out[-1] += token
        elif len(out) > 1 and out[-1] == " " and not out[-2].isspace() and token[0].isdigit():
            ordinal = len(out) > 2 and out[-2] == "ที่" and not out[-3].isspace()
            start = -3 if ordinal else -2
            out[start:] = ["".join(out[start:-1]) + " " + token]
        else:
            out.append(token)
    return tuple(out)


def width_of(text: str) -> int:
    """How many character cells ``text`` takes: Thai vowel and tone marks take none."""
    return sum(1 for c in text if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


def lines(text: str, width: int, most: int = 3) -> list[str]:
    """``text`` in lines of at most about ``width`` cells, broken between words only.

    A word longer than a line gets a line of its own; past ``most`` lines the last ends in "…".
    """
    out: list[str] = []
    line = ""
    for word in words(text):
        if line.strip() and width_of(line + word.rstrip()) > width:
            out.append(line.strip())
            line = word.lstrip()
        else:
            line += word
    if line.strip():
        out.append(line.strip())
    if len(out) > most:
        out = [*out[: most - 1], out[most - 1] + ELLIPSIS]
    return out


def wrap(text: str, width: int, most: int = 3) -> str:
    """``text`` wrapped for Plotly (lines joined by ``<br>``)."""
    return "<br>".join(lines(text, width, most))


WORD_JOINER = "\u2060"  # no line break here (Unicode line breaking class WJ); nothing drawn
NO_BREAK_SPACE = "\u00a0"
SHORT = 8  # character cells: a header this short is held whole, it fits any column


def unbroken(text: str) -> str:
    """``text`` for a browser that breaks its lines itself (a table header): each of our words
    held together, so that a narrow column breaks "องค์ความรู้" or "ปีที่ 1" between words only,
    never inside one (a browser's own Thai dictionary splits them as องค์ความ/รู้, ปี/ที่)."""
    if width_of(text) <= SHORT:  # "ปีที่" is two dictionary words, but a header of one idea
        return _held(text)
    return "".join(_held(word) for word in words(text))


def _thai(char: str) -> bool:
    return "\u0e00" <= char <= "\u0e7f"


def _held(word: str) -> str:
    """Joiners only between two Thai characters (never before a vowel or tone mark, never inside
    a Markdown escape such as ``\\(``); a space inside a word ("ปีที่ 1") becomes a no-break space."""
    if word.isspace():
        return word
    out = word[0]
    for before, char in itertools.pairwise(word):
        if char == " ":
            out += NO_BREAK_SPACE
        elif _thai(before) and _thai(char) and unicodedata.category(char) not in ("Mn", "Mc", "Me"):
            out += WORD_JOINER + char
        else:
            out += char
    return out
