"""Each kind of sheet below the province, and the parts the stages provide for it.

A kind is declared once (``model.SheetKind``: its words, columns and dataset); each stage then
registers its part for the kind where that part is written, with ``@provides(part, kind)``: the
check (``checks``), the template sheet and the deck's slide (``briefing``), the page sections
(``ui``). The pipeline, the template, the deck and the pages find them here, in the order the
kinds are declared, and ``tests/test_registry.py`` fails when a declared kind lacks a part. A
part a kind does without is registered as ``none(part, kind, why)``, so that "none" is a decision.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
PARTS = ("check", "template", "deck", "province_section")


@dataclass(frozen=True)
class Part:
    provider: Callable[..., Any] | None  # None: the kind does without this part (``why`` says)
    meta: dict[str, Any] = field(default_factory=dict)


_REGISTRY: dict[tuple[str, str], Part] = {}


def provides(part: str, kind: str, **meta: Any) -> Callable[[F], F]:
    """Register the decorated function as ``part`` of ``kind`` (``meta``: e.g. a heading key)."""

    def register(function: F) -> F:
        _REGISTRY[(part, kind)] = Part(function, meta)
        return function

    return register


def none(part: str, kind: str, why: str) -> None:
    """``kind`` has no ``part`` of its own (``why``: where its content is instead)."""
    _REGISTRY[(part, kind)] = Part(None, {"why": why})


def part(name: str, kind: str) -> Part:
    """The part registered for ``kind`` (KeyError when none was: a missing registration)."""
    return _REGISTRY[(name, kind)]


def missing(kinds: list[str], parts: tuple[str, ...] = PARTS) -> list[tuple[str, str]]:
    """(kind, part) pairs that nothing registered."""
    return [(kind, name) for kind in kinds for name in parts if (name, kind) not in _REGISTRY]


def load(package: str, prefix: str = "") -> None:
    """Import every module of ``package`` (whose name starts with ``prefix``) so that each
    registers its parts; Python imports each once per process."""
    found = importlib.import_module(package)
    for module in pkgutil.iter_modules(found.__path__):
        if module.name.startswith(prefix):
            importlib.import_module(f"{package}.{module.name}")
