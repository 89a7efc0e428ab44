"""Identities, the editors table and the editor passphrase (the core, without Streamlit).

Issue 21: authority comes from the editors table only. A name not listed, a name with an
invisible character, an empty scope and an unlisted OpenID Connect address are viewers; central
rights only where ``central = true``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import cli

from moral_metrics.access.editors import editors_from
from moral_metrics.access.identity import name_key
from moral_metrics.access.passphrase import check_passphrase, hash_passphrase
from moral_metrics.access.roles import Actor, NotAllowed, require_editor
from moral_metrics.access.throttle import Throttle
from moral_metrics.reference.messages import Refusal

ROOT = Path(__file__).resolve().parent.parent
HASH = hash_passphrase("ลับมาก-2569-ทดสอบ")
TABLE = {
    "editors": {
        "udon-clerk": {"passphrase_hash": HASH, "provinces": ["TH-41"]},
        "central-desk": {"passphrase_hash": HASH, "central": True},
        "สมหญิง": {"passphrase_hash": HASH, "provinces": ["เชียงราย", "Udon Thani"]},
        "empty-scope": {"passphrase_hash": HASH, "provinces": ""},
        "no-list": {"passphrase_hash": HASH, "provinces": []},
        "all-no-central": {"passphrase_hash": HASH, "provinces": "all"},
        "someone@moral.or.th": {"central": True},
        "@udonthani.culture.go.th": {"provinces": ["TH-41"]},
    }
}


def test_passphrase_is_stored_only_as_a_salted_hash() -> None:
    first, second = hash_passphrase("ลับมาก-2569"), hash_passphrase("ลับมาก-2569")
    assert first != second and "ลับมาก" not in first and first.startswith("scrypt$")
    assert check_passphrase("ลับมาก-2569", first) and check_passphrase("ลับมาก-2569", second)
    assert not check_passphrase("ลับมาก-2568", first)
    assert not check_passphrase("anything", "not-a-hash") and not check_passphrase("x", "md5$a$b")
    assert not check_passphrase("anything", None)  # an unknown name: the same work, never right


def test_a_listed_passphrase_editor_has_their_own_scope() -> None:
    table = editors_from(TABLE)
    clerk = table.for_name("udon-clerk")
    assert clerk is not None and clerk.provinces == {"TH-41"} and not clerk.central
    assert table.for_name("สมหญิง").provinces == {"TH-57", "TH-41"}
    assert table.for_name("central-desk").central and table.for_name("central-desk").provinces is None
    everywhere = table.for_name("all-no-central")
    assert everywhere.provinces is None and not everywhere.central  # every province, no central rights
    assert not everywhere.actor().is_central and everywhere.actor().outside({"TH-10"}) == []


@pytest.mark.parametrize(
    "typed",
    [
        "udon clerk",  # issue 21: an unlisted spelling got every province and central rights
        "Udon-Clerk",
        "udon-clerk\u200b",  # zero-width space
        "\u200budon-clerk",
        "udon\u00ad-clerk",  # soft hyphen
        "udon-clerk\u3164",  # Hangul filler
        "udon-clerk\u2060",
        "udon-clerk\tx",
        "",
        "   ",
        "nobody",
        "empty-scope",  # an empty scope is a viewer, not every province
        "no-list",
    ],
)
def test_anything_but_an_exact_listed_name_is_nobody(typed: str) -> None:
    assert editors_from(TABLE).for_name(typed) is None


def test_nfkc_spellings_of_a_listed_name_are_that_name() -> None:
    table = editors_from(TABLE)
    assert table.for_name("ｕｄｏｎ-ｃｌｅｒｋ").identity == "udon-clerk"  # full-width letters
    assert table.for_name("  udon-clerk ").identity == "udon-clerk"  # spaces around it, as typed in a form
    assert name_key("udon-clerk\u200b") is None


@pytest.mark.parametrize(
    ("email", "scope", "central"),
    [
        ("someone@moral.or.th", None, True),
        ("SOMEONE@Moral.or.th", None, True),
        ("clerk@udonthani.culture.go.th", {"TH-41"}, False),
    ],
)
def test_openid_identities_by_address_or_domain(email: str, scope, central: bool) -> None:
    found = editors_from(TABLE).for_email(email)
    assert found is not None and found.provinces == scope and found.central is central


@pytest.mark.parametrize(
    "email", ["other@moral.or.th", "someone@gmail.com", "", None, "moral.or.th", "@udonthani.culture.go.th"]
)
def test_an_unlisted_openid_identity_is_a_viewer(email) -> None:
    assert editors_from(TABLE).for_email(email) is None


def test_legacy_keys_are_read_closed_where_scopes_are_listed() -> None:
    """The first build's keys: a listed name gets its scope ("all": central); with scopes
    listed, an unlisted name is nobody (it used to get every province and central rights)."""
    legacy = {"editor": {"passphrase_hash": HASH, "scopes": {"udon-clerk": ["TH-41"], "boss": "all", "x": ""}}}
    table = editors_from(legacy)
    assert table.legacy and table.for_name("udon-clerk").provinces == {"TH-41"}
    assert table.for_name("boss").central
    assert table.for_name("udon clerk") is None and table.for_name("x") is None
    mails = {"roles": {"editors": ["@culture.go.th"], "scopes": {"udon@culture.go.th": ["TH-41"]}}}
    assert editors_from(mails).for_email("other@culture.go.th") is None  # listed domain, no scope: viewer
    assert editors_from(mails).for_email("udon@culture.go.th").provinces == {"TH-41"}


def test_legacy_single_passphrase_without_scopes_keeps_working_as_central() -> None:
    table = editors_from({}, {"MORAL_METRICS_EDITOR_PASSPHRASE_HASH": HASH})
    assert table.legacy and table.passphrases and table.for_name("anyone").central
    assert table.for_name("anyone\u200b") is None


def test_no_table_no_editors() -> None:
    table = editors_from({})
    assert not table.passphrases and table.for_name("udon-clerk") is None and table.for_email("a@b.c") is None


def test_new_table_wins_over_the_old_keys() -> None:
    both = {**TABLE, "editor": {"passphrase_hash": HASH}}
    table = editors_from(both)
    assert not table.legacy and table.for_name("anyone") is None and table.problems


def test_a_viewer_and_a_nameless_editor_are_refused() -> None:
    require_editor(Actor.central("a"))
    with pytest.raises(NotAllowed):
        require_editor(Actor.viewer("b"))
    with pytest.raises(Refusal) as refused:
        require_editor(Actor.central("  "))
    assert refused.value.code == "no_name"


def test_failed_tries_are_counted_and_a_right_one_clears_the_name() -> None:
    throttle, stored = Throttle(per_name=3, per_address=20, window=3600), hash_passphrase("right-passphrase")
    assert throttle.delay("สมชาย", "10.0.0.9") == 0
    assert not throttle.attempt("สมชาย", "10.0.0.9", "wrong", stored).ok
    assert throttle.attempt("สมชาย", "10.0.0.9", "right-passphrase", stored).ok
    assert throttle.delay("สมชาย", "10.0.0.9") == 0
    for _ in range(3):
        assert throttle.attempt("สมชาย", "10.0.0.10", "wrong", stored).checked
    over = throttle.attempt("สมชาย", "10.0.0.11", "right-passphrase", stored)  # a new address waits
    assert not over.checked and not over.ok and over.wait > 3000


def test_a_locked_out_name_still_signs_in_from_an_address_it_used_before() -> None:
    """Issue 21: five wrong tries by someone else locked a named colleague out."""
    throttle, stored = Throttle(per_name=5, per_address=10, window=3600), hash_passphrase("right-passphrase")
    assert throttle.attempt("สมชาย", "10.0.0.9", "right-passphrase", stored).ok  # their own desk
    for n in range(5):
        throttle.attempt("สมชาย", f"203.0.113.{n}", "guess", stored)
    assert not throttle.attempt("สมชาย", "203.0.113.99", "right-passphrase", stored).checked
    assert throttle.attempt("สมชาย", "10.0.0.9", "right-passphrase", stored).ok


def test_an_overall_budget_stops_many_names_from_many_addresses() -> None:
    throttle, stored = Throttle(per_name=5, per_address=5, window=3600, overall=20), hash_passphrase("right-one")
    checked = [throttle.attempt(f"name-{n}", f"198.51.100.{n}", "guess", stored).checked for n in range(40)]
    assert sum(checked) == 20
    assert not throttle.attempt("new-name", "198.51.100.200", "right-one", stored).checked


def test_hash_passphrase_command() -> None:
    done = cli("hash-passphrase", "--stdin", stdin="ขอแก้ไขข้อมูล-2569\n")
    assert done.returncode == 0 and check_passphrase("ขอแก้ไขข้อมูล-2569", done.stdout.strip())
    assert cli("hash-passphrase", "--stdin", stdin="short\n").returncode == 2
