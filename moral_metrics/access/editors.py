"""The editors table: one entry per identity, its scope beside it; everyone else is a viewer.

Read from ``.streamlit/secrets.toml`` (or the command line's ``--secrets`` file)::

    [editors."udon-clerk"]            # a passphrase editor, with their own hash
    passphrase_hash = "scrypt$..."
    provinces = ["TH-41"]             # codes or names; "all" for every province
    [editors."someone@moral.or.th"]   # an OpenID Connect identity, or a whole "@domain"
    central = true                    # every province, and central rights

No entry, an empty or unknown scope, or an unlisted OpenID Connect user: viewer. Central
rights only where ``central = true``. The keys of the first build (``[editor]``/``[roles]``)
are still read, for one release, and ``legacy`` says so (the sidebar tells how to move).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from moral_metrics.access.identity import domain_of, email_key, name_key
from moral_metrics.access.roles import Actor
from moral_metrics.reference.provinces import province_index


@dataclass(frozen=True)
class Editor:
    identity: str  # the table's key, normalised
    passphrase_hash: str | None
    provinces: frozenset[str] | None  # None: every province
    central: bool

    def actor(self, address: str = "", shown: str | None = None) -> Actor:
        return Actor(shown or self.identity, "editor", self.provinces, self.central, address)


@dataclass(frozen=True)
class Editors:
    by_name: Mapping[str, Editor] = field(default_factory=dict)  # passphrase editors
    by_email: Mapping[str, Editor] = field(default_factory=dict)  # addresses and "@domains"
    shared_hash: str | None = None  # legacy: one passphrase, no names listed: any name, central
    legacy: bool = False
    problems: tuple[str, ...] = ()  # entries ignored, for the log: never shown to viewers

    @property
    def passphrases(self) -> bool:
        """Whether anyone can sign in with a passphrase."""
        return self.shared_hash is not None or any(e.passphrase_hash for e in self.by_name.values())

    def for_name(self, name: str) -> Editor | None:
        """The passphrase editor signing in as ``name`` (exact after NFKC), or None."""
        key = name_key(name)
        if key is None:
            return None
        found = self.by_name.get(key)
        if found is None and self.shared_hash is not None:
            return Editor(key, self.shared_hash, None, True)
        return found if found is not None and found.passphrase_hash else None

    def for_email(self, email: str | None) -> Editor | None:
        """The OpenID Connect identity's entry: the address itself, else its ``@domain``."""
        key = email_key(email)
        if key is None or key.startswith("@"):
            return None
        return self.by_email.get(key) or self.by_email.get(domain_of(key))


def _scope(value: Any, problems: list[str], who: str) -> frozenset[str] | None:
    """ "all" -> None (every province); names or codes -> their codes; unknown ones are dropped."""
    if isinstance(value, str) and value.strip().lower() in ("all", "*"):
        return None
    names = [value] if isinstance(value, str) else list(value or [])
    found = {n: province_index().resolve(str(n)) for n in names if str(n).strip()}
    problems += [f"{who}: unknown province {n!r}" for n, p in found.items() if p is None]
    return frozenset(p.code for p in found.values() if p is not None)


def _entry(identity: str, raw: Mapping[str, Any], problems: list[str]) -> Editor | None:
    central = raw.get("central") is True
    provinces = None if central else _scope(raw.get("provinces", []), problems, identity)
    if provinces is not None and not provinces:
        problems.append(f"{identity}: no provinces and not central: a viewer")
        return None
    secret = raw.get("passphrase_hash")
    return Editor(identity, str(secret) if secret else None, provinces, central)


def _table(raw: Mapping[str, Any], problems: list[str]) -> Editors:
    by_name: dict[str, Editor] = {}
    by_email: dict[str, Editor] = {}
    for identity, entry in raw.items():
        key = email_key(identity) if "@" in str(identity) else name_key(identity)
        if key is None or not isinstance(entry, Mapping):
            problems.append(f"{identity!r}: not a usable name (blank, invisible characters or not a table)")
            continue
        if (made := _entry(key, entry, problems)) is not None:
            (by_email if "@" in key and not made.passphrase_hash else by_name)[key] = made
    return Editors(by_name, by_email, problems=tuple(problems))


def _legacy_editor(scope: Any, identity: str, secret: str | None, problems: list[str]) -> Editor | None:
    provinces = _scope(scope, problems, identity)
    if provinces is not None and not provinces:
        return None
    return Editor(identity, secret, provinces, provinces is None)


def _legacy(secrets: Mapping[str, Any], env: Mapping[str, str], problems: list[str]) -> Editors:
    """``[editor] passphrase_hash`` + ``[editor.scopes]``, ``[roles] editors`` + ``[roles.scopes]``.

    A listed name or address takes its scope ("all": central). Where scopes are listed, a name
    or address without one is a viewer; only with no scopes at all (one trust level, as the
    first build had) does any name with the shared passphrase, or any listed address, edit.
    """
    editor, roles = dict(secrets.get("editor", {}) or {}), dict(secrets.get("roles", {}) or {})
    secret = env.get("MORAL_METRICS_EDITOR_PASSPHRASE_HASH") or editor.get("passphrase_hash")
    scopes = {name_key(k): v for k, v in dict(editor.get("scopes", {}) or {}).items()}
    by_name = {k: e for k, v in scopes.items() if k and (e := _legacy_editor(v, k, secret, problems))}
    listed = [*(roles.get("editors", []) or []), *env.get("MORAL_METRICS_EDITORS", "").split(",")]
    emails = {k for e in listed if (k := email_key(e))}
    mail_scopes = {email_key(k): v for k, v in dict(roles.get("scopes", {}) or {}).items()}
    by_email = {
        k: e
        for k, v in mail_scopes.items()
        if k and (k in emails or domain_of(k) in emails) and (e := _legacy_editor(v, k, None, problems))
    }
    if not mail_scopes:
        by_email = {k: Editor(k, None, None, True) for k in emails}
    shared = secret if secret and not scopes else None
    return Editors(by_name, by_email, shared, True, tuple(problems))


def editors_from(secrets: Mapping[str, Any], env: Mapping[str, str] | None = None) -> Editors:
    """The editors table from secrets (and, for the old keys, the environment)."""
    problems: list[str] = []
    env = env or {}
    if "editors" in secrets:
        table = _table(dict(secrets["editors"] or {}), problems)
        if any(k in secrets for k in ("editor", "roles")):
            problems.append("[editor]/[roles] are ignored: [editors] is in use")
        return table
    old = any(k in secrets for k in ("editor", "roles")) or any(
        env.get(k) for k in ("MORAL_METRICS_EDITOR_PASSPHRASE_HASH", "MORAL_METRICS_EDITORS")
    )
    return _legacy(secrets, env, problems) if old else Editors()
