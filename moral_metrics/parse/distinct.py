"""Compute per distinct value, then spread to every row.

A tracker repeats the same few provinces, years, indicators and numbers thousands of times,
so every normaliser runs once per distinct value; ``numpy.take`` spreads the answers. Results
stay ``object`` where they are text, so pandas never converts them to and from Arrow strings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd


def codes(series: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Row -> index of its distinct value, and the distinct values themselves (every kind of
    null is one value, NaN, last). ``use_na_sentinel=False`` would cost pandas a separate null
    scan and copy of the column; the hash table finds the nulls anyway."""
    found, uniques = pd.factorize(series.to_numpy(dtype=object))
    values = list(uniques)
    if len(found) and found.min() < 0:
        found = np.where(found < 0, len(values), found)
        values.append(np.nan)
    return found, values


def per_value(series: pd.Series, fn: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
    """``fn`` of every row's value, calling ``fn`` once per distinct value."""
    found, uniques = codes(series)
    if dtype is object:
        answers = np.empty(len(uniques), dtype=object)
        for n, value in enumerate(uniques):  # an answer may be a list: no fromiter
            answers[n] = fn(value)
    else:
        answers = np.fromiter(map(fn, uniques), dtype=dtype, count=len(uniques))
    return answers[found] if len(found) else np.empty(0, dtype=dtype)


def text_series(values: np.ndarray | list, index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype=object)


class Distinct:
    """``fn`` applied once per distinct value of a column, kept for several read-outs."""

    def __init__(self, series: pd.Series, fn: Callable[[Any], Any]) -> None:
        self.found, uniques = codes(series)
        self.results = [fn(u) for u in uniques]

    @classmethod
    def of_pairs(cls, first: pd.Series, second: pd.Series, fn: Callable[[Any, Any], Any]) -> Distinct:
        """``fn(a, b)`` once per distinct pair of values in two columns."""
        a_found, a_uniques = codes(first)
        b_found, b_uniques = codes(second)
        pair = a_found.astype(np.int64) * max(len(b_uniques), 1) + b_found
        uniq, found = np.unique(pair, return_inverse=True)
        self = cls.__new__(cls)
        self.found = found.reshape(-1)
        width = max(len(b_uniques), 1)
        self.results = [fn(a_uniques[p // width], b_uniques[p % width]) for p in uniq]
        return self

    def take(self, getter: Callable[[Any], Any], dtype: Any = object) -> np.ndarray:
        answers = np.empty(len(self.results), dtype=dtype)
        for n, result in enumerate(self.results):
            answers[n] = getter(result)
        return answers[self.found] if len(self.found) else np.empty(0, dtype=dtype)
