"""Roles and scopes of a signed-in person, checked by the store on every action.

A viewer sees; an editor publishes for the provinces in their scope; a central editor also
accepts and locks, unlocks, restores and erases. Every change needs a name for the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from moral_metrics.access.audit import record
from moral_metrics.reference.messages import Refusal

Role = Literal["viewer", "editor"]


class NotAllowed(Refusal):
    """An action that needs the editor role was asked for by someone without it."""

    def __init__(self, actor: Actor) -> None:
        super().__init__("not_allowed", name=actor.name or "anonymous")


@dataclass(frozen=True)
class Actor:
    """Who acts: their name as the history shows it, role, scope and where they connect from.

    ``scope`` None means every province. Central rights are their own flag: an editor of every
    province is not central unless the editors table says ``central = true``.
    """

    name: str
    role: Role = "viewer"
    scope: frozenset[str] | None = frozenset()
    central_rights: bool = False
    address: str = ""

    @classmethod
    def central(cls, name: str, address: str = "") -> Actor:
        return cls(name, "editor", None, True, address)

    @classmethod
    def provincial(cls, name: str, provinces: set[str] | frozenset[str], address: str = "") -> Actor:
        return cls(name, "editor", frozenset(provinces), False, address)

    @classmethod
    def viewer(cls, name: str = "", address: str = "") -> Actor:
        return cls(name, "viewer", frozenset(), False, address)

    @property
    def editor(self) -> bool:
        return self.role == "editor"

    @property
    def is_central(self) -> bool:
        """May accept, lock, unlock, restore and erase."""
        return self.editor and self.central_rights

    def outside(self, provinces: set[str]) -> list[str]:
        """The provinces of ``provinces`` this actor may not change, sorted."""
        if not self.editor:
            return sorted(provinces)
        return [] if self.scope is None else sorted(set(provinces) - self.scope)

    def may_see(self, province: str) -> bool:
        """Whether private data of ``province`` may be shown to this actor."""
        return self.editor and (self.scope is None or province in self.scope)


def require_editor(actor: Actor) -> None:
    """An editor with a name: every change is recorded with who made it."""
    if not actor.editor:
        record("refused", actor, reason="not_allowed")
        raise NotAllowed(actor)
    if not actor.name.strip():
        record("refused", actor, reason="no_name")
        raise Refusal("no_name")


def require_scope(actor: Actor, provinces: set[str], file: str = "") -> None:
    """Refuse, naming them, when any of ``provinces`` is outside the editor's scope."""
    require_editor(actor)
    if outside := actor.outside(provinces):
        record("refused", actor, reason="out_of_scope", provinces=outside, file=file)
        raise Refusal("out_of_scope", name=actor.name, provinces=outside, file=file)


def require_central(actor: Actor) -> None:
    require_editor(actor)
    if not actor.is_central:
        record("refused", actor, reason="not_central")
        raise Refusal("not_central", name=actor.name)
