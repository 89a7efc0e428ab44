"""Roles and the editor passphrase (the core, without Streamlit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from commands import cli

from moral_metrics.access import (
    Actor,
    NotAllowed,
    Throttle,
    check_passphrase,
    hash_passphrase,
    require_editor,
    role_for_email,
)

ROOT = Path(__file__).resolve().parent.parent


def test_passphrase_is_stored_only_as_a_salted_hash() -> None:
    first, second = hash_passphrase("ลับมาก-2569"), hash_passphrase("ลับมาก-2569")
    assert first != second and "ลับมาก" not in first and first.startswith("scrypt$")
    assert check_passphrase("ลับมาก-2569", first) and check_passphrase("ลับมาก-2569", second)
    assert not check_passphrase("ลับมาก-2568", first)
    assert not check_passphrase("anything", "not-a-hash") and not check_passphrase("x", "md5$a$b")


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("somchai@moral.or.th", "editor"),
        ("SOMCHAI@Moral.or.th", "editor"),
        ("anyone@culture.go.th", "editor"),
        ("someone@gmail.com", "viewer"),
        ("", "viewer"),
        (None, "viewer"),
        ("culture.go.th", "viewer"),
    ],
)
def test_editor_role_by_address_or_domain(email, role) -> None:
    assert role_for_email(email, ["somchai@moral.or.th", "@culture.go.th"]) == role


def test_a_viewer_is_refused() -> None:
    require_editor(Actor("a", "editor"))
    with pytest.raises(NotAllowed):
        require_editor(Actor("b", "viewer"))


def test_failed_tries_are_counted_and_a_right_one_clears_the_name() -> None:
    throttle, stored = Throttle(per_name=3, per_address=20, window=3600), hash_passphrase("right-passphrase")
    assert throttle.delay("สมชาย", "10.0.0.9") == 0
    assert not throttle.attempt("สมชาย", "10.0.0.9", "wrong", stored).ok
    assert throttle.attempt("สมชาย", "10.0.0.9", "right-passphrase", stored).ok
    assert throttle.delay("สมชาย", "10.0.0.9") == 0
    for _ in range(3):
        assert throttle.attempt("สมชาย", "10.0.0.9", "wrong", stored).checked
    over = throttle.attempt("สมชาย", "10.0.0.9", "right-passphrase", stored)
    assert not over.checked and not over.ok and over.wait > 3000


def test_hash_passphrase_command() -> None:
    done = cli("hash-passphrase", "--stdin", stdin="ขอแก้ไขข้อมูล-2569\n")
    assert done.returncode == 0 and check_passphrase("ขอแก้ไขข้อมูล-2569", done.stdout.strip())
    assert cli("hash-passphrase", "--stdin", stdin="short\n").returncode == 2
