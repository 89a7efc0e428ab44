"""Thai words for wrapping chart text: PyThaiNLP's ``newmm`` segmenter, without importing PyThaiNLP.

Importing ``pythainlp`` builds about twenty dictionary tries (soundex, spelling, transliteration)
and took 6.4 s of CPU in every server process, on the first chart with Thai text (issue 23: the
first visit paid for it). Wrapping needs only one of them: the word list. This is a port of
``pythainlp.tokenize.newmm`` (dictionary maximal matching constrained by Thai character clusters,
Apache-2.0, (c) the PyThaiNLP Project) reading the same word list from the installed package's
data, so that its words are exactly PyThaiNLP's (a test compares both on every Thai string of the
app); loading it takes about 0.1 s.
"""

from __future__ import annotations

import heapq
import importlib.util
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

# Thai character clusters (pythainlp.tokenize.tcc_p): a word never ends inside one.
_TCC = (
    """
เc็ck
เcctาะk
เccีtยะk
เccีtย(?=[เ-ไก-ฮ]|$)k
เcc็ck
เcิc์ck
เcิtck
เcีtยะ?k
เcืtอะ?k
เc[ิีุู]tย(?=[เ-ไก-ฮ]|$)k
เctา?ะ?k
cัtวะk
c[ัื]tc[ุิะ]?k
c[ิุู]์
c[ะ-ู]tk
cรรc์
c็
ct[ะาำ]?k
ck
แc็c
แcc์
แctะ
แcc็c
แccc์
โctะ
[เ-ไ]ct
ก็
อึ
หึ
""".replace("k", "(cc?[dิ]?[์])?")
    .replace("c", "[ก-ฮ]")
    .replace("t", "[่-๋]?")
    .replace("d", "ูุ")
    .split()
)
_CLUSTER = re.compile("|".join(_TCC))
_NON_THAI = re.compile(
    r"""(?x)
[-a-zA-Z]+|
\d+([,\.]\d+)*|
[ \t]+|
\r?\n|
[^\u0E00-\u0E7F \t\r\n]+
"""
)
_TWO_CONSONANTS = re.compile("[ก-ฮ]{,2}$")
_MAX_GRAPH = 50  # newmm's cut-off: ambiguity beyond this is resolved greedily


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], dict[str, int]]:
    """PyThaiNLP's word list (found without running the package), and the longest word
    beginning with each pair of letters (how far a word starting there can reach)."""
    spec = importlib.util.find_spec("pythainlp")
    assert spec and spec.submodule_search_locations, "pythainlp (its word list) is in requirements.txt"
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus" / "words_th.txt"
    words = frozenset(w for line in path.read_text(encoding="utf-8-sig").splitlines() if (w := line.strip()))
    longest: dict[str, int] = {}
    for word in words:
        longest[word[:2]] = max(longest.get(word[:2], 0), len(word))
    return words, longest


def _prefixes(text: str, start: int) -> list[int]:
    """Ends of the dictionary words that begin at ``start``, shortest first."""
    words, longest = _dictionary()
    stop = min(len(text), start + max(longest.get(text[start : start + 2], 0), 1))
    return [end for end in range(start + 1, stop + 1) if text[start:end] in words]


def _cluster_ends(text: str) -> set[int]:
    ends, p = set(), 0
    while p < len(text):
        m = _CLUSTER.match(text, p)
        p += m.end() - p if m and m.end() > p else 1
        ends.add(p)
    return ends


def _first_path(graph: dict[int, list[int]], start: int, goal: int) -> list[int]:
    queue = [(start, [start])]
    while queue:
        vertex, path = queue.pop(0)
        for pos in graph[vertex]:
            if pos == goal:
                return [*path, pos]
            queue.append((pos, [*path, pos]))
    return [start, goal]


def _skip_unknown(text: str, begin: int, valid: set[int]) -> int:
    """Where a run that is in no dictionary word ends (newmm's minimum skip)."""
    m = _NON_THAI.match(text, begin)
    if m:
        return m.end()
    for pos in range(begin + 1, len(text)):
        if pos in valid:
            words = [e for e in _prefixes(text, pos) if e in valid and not _TWO_CONSONANTS.match(text[pos:e])]
            if words or _NON_THAI.match(text, pos):
                return pos
    return len(text)


def segment(text: str) -> Iterator[str]:
    """The words of ``text`` in order (``pythainlp.tokenize.word_tokenize(text, "newmm",
    keep_whitespace=True)``); joined they give ``text`` back."""
    graph: dict[int, list[int]] = defaultdict(list)
    size, valid, queue, end = 0, _cluster_ends(text), [0], 0
    while queue[0] < len(text):
        begin = heapq.heappop(queue)
        for candidate in _prefixes(text, begin):
            if candidate in valid:
                graph[begin].append(candidate)
                size += 1
                if candidate not in queue:
                    heapq.heappush(queue, candidate)
                if size > _MAX_GRAPH:
                    break
        if len(queue) == 1:  # one way on: no longer ambiguous
            path = _first_path(graph, end, queue[0])
            size = 0
            for pos in path[1:]:
                yield text[end:pos]
                end = pos
        elif not queue:  # no dictionary word starts here
            end = _skip_unknown(text, begin, valid)
            graph[begin].append(end)
            size += 1
            yield text[begin:end]
            heapq.heappush(queue, end)
