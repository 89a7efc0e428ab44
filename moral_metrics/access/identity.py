"""Identities as people sign in with them: a name or an e-mail address, matched exactly.

A name matches an entry of the editors table only when it is the same after NFKC (so a
full-width or composed spelling is the same name); a name holding a format or invisible
character (Unicode Cf such as U+200B or U+00AD, a Hangul filler, a control character) is refused,
never cleaned up into somebody else's name.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 200
# Characters that draw nothing but are not category Cf.
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def problem(name: object) -> str | None:
    """Why ``name`` cannot be an identity ("blank", "invisible", "too_long"), or None."""
    if not isinstance(name, str) or not name.strip():
        return "blank"
    text = unicodedata.normalize("NFKC", name).strip()
    if len(text) > MAX_LENGTH:
        return "too_long"
    if any(unicodedata.category(c) in ("Cf", "Cc", "Co", "Cs", "Cn") or c in FILLERS for c in text):
        return "invisible"
    if any(c.isspace() and c != " " for c in text):  # a tab or a line break inside a name
        return "invisible"
    return None


def name_key(name: object) -> str | None:
    """A passphrase editor's name as the table keys it (NFKC, ends trimmed), or None if refused."""
    return None if problem(name) else unicodedata.normalize("NFKC", str(name)).strip()


def email_key(email: object) -> str | None:
    """An e-mail address (or ``@domain``) as the table keys it: NFKC, lower case; None if refused."""
    key = name_key(email)
    if key is None or "@" not in key or " " in key:
        return None
    return key.casefold()


def domain_of(email: str) -> str:
    return "@" + email.rsplit("@", 1)[1]
