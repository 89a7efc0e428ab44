"""Issue 13, the core side: what counts as local, the sign-in throttle under parallel tries,
invisible characters in names, and workbooks with too many sheets.

Each test here failed before the fix it covers (the throttle checked every parallel try, a
request with only ``X-Real-IP`` was local, ``safe_name`` kept U+202E, 2,000 sheets were parsed).
"""

from __future__ import annotations

import dataclasses
import io
import re
import threading
import zipfile

import pytest
from openpyxl import Workbook

from moral_metrics.access.origin import client_address, is_local_request, is_loopback, proxied
from moral_metrics.access.passphrase import hash_passphrase
from moral_metrics.access.throttle import Throttle
from moral_metrics.figures.safety import display_text, markdown_text, safe_name
from moral_metrics.ingest import filecheck
from moral_metrics.ingest.filecheck import FileProblem, check_bytes
from moral_metrics.pipeline import load_tracker
from moral_metrics.reference.settings import settings

try:
    from tests import hostile
except ImportError:
    import hostile


# --- what counts as local -------------------------------------------------------------------


LOCAL_HOST = {"Host": "localhost:8501"}


@pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1", "[::1]", "127.0.0.2"])
def test_loopback_is_recognised_in_every_spelling(address: str) -> None:
    assert is_loopback(address)
    assert is_local_request(address, LOCAL_HOST, enabled=True)


@pytest.mark.parametrize("address", [None, "", "10.0.0.5", "8.8.8.8", "::ffff:8.8.8.8", "2001:db8::1", "localhost"])
def test_other_addresses_are_remote(address) -> None:
    assert not is_local_request(address, LOCAL_HOST, enabled=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Forwarded-For": "127.0.0.1"},
        {"X-Real-IP": "8.8.8.8"},  # was an editor before: only X-Forwarded-For was looked at
        {"x-real-ip": "127.0.0.1"},
        {"Forwarded": "for=127.0.0.1"},
        {"X-Forwarded-For": ""},
        {"Via": "1.1 proxy"},  # issue 21: each of these was still local
        {"X-Client-IP": "127.0.0.1"},
        {"True-Client-IP": "127.0.0.1"},
        {"CF-Connecting-IP": "127.0.0.1"},
        {"X-Forwarded-Host": "localhost"},
    ],
)
def test_any_proxy_header_makes_a_loopback_request_remote(headers: dict) -> None:
    assert proxied(headers)
    assert not is_local_request("127.0.0.1", {**LOCAL_HOST, **headers}, enabled=True)


@pytest.mark.parametrize("host", ["localhost", "localhost:8501", "127.0.0.1:8501", "[::1]:8501", "127.0.0.1"])
def test_a_loopback_host_name_is_local(host: str) -> None:
    assert is_local_request("127.0.0.1", {"Host": host}, enabled=True)


@pytest.mark.parametrize(
    "host", [None, "", "attacker.example:8501", "rebind.example", "10.0.0.5:8501", "localhost.evil"]
)
def test_a_foreign_host_name_is_not_local(host) -> None:
    """DNS rebinding: a page of another site whose name now points at 127.0.0.1 sends its own name."""
    headers = {} if host is None else {"Host": host}
    assert not is_local_request("127.0.0.1", headers, enabled=True)


def test_local_editing_is_off_unless_enabled() -> None:
    assert settings().access.local_editing is False  # the shipped default
    assert not is_local_request("127.0.0.1", LOCAL_HOST, enabled=False)


def test_local_editing_setting_follows_its_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for text, expected in (("1", True), ("true", True), ("0", False), ("no", False)):
        monkeypatch.setenv("MORAL_METRICS_ACCESS_LOCAL_EDITING", text)
        settings.cache_clear()
        assert settings().access.local_editing is expected
    monkeypatch.delenv("MORAL_METRICS_ACCESS_LOCAL_EDITING")
    settings.cache_clear()


def test_throttle_address_is_believed_only_from_a_trusted_proxy() -> None:
    assert client_address("10.1.2.3", {"X-Real-IP": "1.1.1.1"}) == "10.1.2.3"  # direct: the socket
    assert client_address("127.0.0.1", {"X-Real-IP": "10.9.8.7"}) == "10.9.8.7"
    assert client_address(None, {}) == "unknown"
    assert client_address("127.0.0.1", {}) == "127.0.0.1"


def test_a_client_sent_x_forwarded_for_is_ignored_when_the_proxy_sets_x_real_ip() -> None:
    """Issue 21: with a proxy that sets only X-Real-IP, the client's own X-Forwarded-For arrives
    as sent; counting against it let every try come from a new made-up address."""
    headers = {"X-Forwarded-For": "203.0.113.77", "X-Real-IP": "10.9.8.7"}
    assert client_address("127.0.0.1", headers) == "10.9.8.7"
    assert client_address("127.0.0.1", {"X-Forwarded-For": "203.0.113.77"}) == "127.0.0.1"


@pytest.mark.parametrize(
    ("reported", "forwarded", "trust", "loopback_only", "peer"),
    [
        ("203.0.113.5", "203.0.113.5", None, True, "127.0.0.1"),  # uvicorn replaced a local proxy's address
        ("203.0.113.5", "203.0.113.5, 127.0.0.1", None, True, "127.0.0.1"),
        ("203.0.113.5", None, None, True, "203.0.113.5"),  # no header: the socket itself
        ("198.51.100.7", "203.0.113.5", None, True, "198.51.100.7"),  # not what uvicorn would choose
        ("203.0.113.5", "203.0.113.5", "", True, "203.0.113.5"),  # FORWARDED_ALLOW_IPS empty: nothing replaced
        ("203.0.113.5", "203.0.113.5", None, False, "203.0.113.5"),  # listening widely: taken as reported
    ],
)
def test_the_socket_peer_undoes_the_servers_own_forwarded_for(reported, forwarded, trust, loopback_only, peer) -> None:
    """Issue 21: Streamlit's uvicorn replaces a loopback peer's address with a hop of
    X-Forwarded-For that the client wrote, so the throttle counted made-up addresses."""
    from moral_metrics.access.origin import socket_peer

    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    assert socket_peer(reported, headers, trust, loopback_only) == peer


def test_x_forwarded_for_when_configured_takes_the_last_untrusted_hop() -> None:
    header = "X-Forwarded-For"
    trusted = ("127.0.0.1", "10.0.0.0/8")
    assert client_address("127.0.0.1", {header: "6.6.6.6, 198.51.100.4"}, trusted, header) == "198.51.100.4"
    assert client_address("127.0.0.1", {header: "6.6.6.6, 198.51.100.4, 10.0.0.2"}, trusted, header) == "198.51.100.4"
    assert client_address("198.51.100.9", {header: "6.6.6.6"}, trusted, header) == "198.51.100.9"


# --- the passphrase throttle ----------------------------------------------------------------


class CountingCheck:
    """The real passphrase check, counted (thread-safe) so a test can see how many ran."""

    def __init__(self) -> None:
        self.count, self._lock = 0, threading.Lock()

    def __call__(self, passphrase: str, stored: str) -> bool:
        from moral_metrics.access.passphrase import check_passphrase

        with self._lock:
            self.count += 1
        return check_passphrase(passphrase, stored)


def parallel_tries(throttle: Throttle, names: list[str], guesses: list[str], stored: str) -> list:
    """All tries released at once from one address, as 20 websocket sessions would make them."""
    start, results = threading.Barrier(len(guesses)), [None] * len(guesses)

    def one(n: int) -> None:
        start.wait()
        results[n] = throttle.attempt(names[n], "203.0.113.7", guesses[n], stored)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(guesses))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_twenty_parallel_tries_check_at_most_the_allowed_number() -> None:
    stored, check = hash_passphrase("right-passphrase"), CountingCheck()
    throttle = Throttle(per_name=5, per_address=20, window=3600, check=check)
    results = parallel_tries(throttle, ["ผู้โจมตี"] * 20, [f"wrong-{n}" for n in range(20)], stored)
    assert check.count <= 5
    assert sum(r.checked for r in results) == check.count
    assert all(r.wait > 0 for r in results if not r.checked)  # told to wait, not checked
    last = throttle.attempt("ผู้โจมตี", "203.0.113.7", "right-passphrase", stored)  # the right one, tried last
    assert (last.checked, last.ok) == (False, False) and check.count <= 5


def test_parallel_tries_under_many_names_are_limited_per_address() -> None:
    stored, check = hash_passphrase("right-passphrase"), CountingCheck()
    throttle = Throttle(per_name=5, per_address=8, window=3600, check=check)
    results = parallel_tries(throttle, [f"name-{n}" for n in range(20)], ["wrong"] * 20, stored)
    assert check.count <= 8 and sum(r.checked for r in results) == check.count


def test_another_name_and_another_address_keep_their_own_allowance() -> None:
    stored = hash_passphrase("right-passphrase")
    throttle = Throttle(per_name=2, per_address=10, window=3600)
    for _ in range(2):
        assert throttle.attempt("attacker", "10.0.0.9", "wrong", stored).checked
    assert not throttle.attempt("attacker", "10.0.0.9", "right-passphrase", stored).checked
    assert not throttle.attempt("ATTACKER ", "10.0.0.10", "right-passphrase", stored).checked  # same name
    colleague = throttle.attempt("สมหญิง", "10.0.0.9", "right-passphrase", stored)  # same proxy address
    assert colleague.checked and colleague.ok
    assert throttle.delay("attacker", "10.0.0.9") > 3000


def test_tries_expire_after_the_window() -> None:
    stored = hash_passphrase("right-passphrase")
    throttle = Throttle(per_name=1, per_address=10, window=0.0)  # every failure expires at once
    assert not throttle.attempt("a", "10.0.0.1", "wrong", stored).ok
    assert throttle.attempt("a", "10.0.0.1", "right-passphrase", stored).ok


def test_expired_names_do_not_pile_up() -> None:
    throttle = Throttle(per_name=1, per_address=10**6, window=0.0, check=lambda *_: False)
    for n in range(Throttle.KEEP + 10):
        throttle.attempt(f"name-{n}", "10.0.0.1", "wrong", "")
    assert len(throttle._failed) <= Throttle.KEEP + 2


def test_limits_come_from_settings() -> None:
    access = settings().access
    throttle = Throttle.from_settings(access)
    assert throttle.limits == {
        "name": access.tries_per_name,
        "address": access.tries_per_address,
        "overall": access.tries_overall,
    }
    assert throttle.window == access.tries_window_seconds


# --- invisible characters in names ------------------------------------------------------------

RLO_NAME = "รายงาน-ไทย\u202egpj.xlsx"


def test_safe_name_drops_bidirectional_controls() -> None:
    name = safe_name("v2", RLO_NAME)
    assert "\u202e" not in name and name.endswith(".xlsx")


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202d", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f"])
def test_every_bidi_control_is_dropped(char: str) -> None:
    assert display_text(f"ก{char}x") == "กx" and safe_name(f"ก{char}x") == "กx"


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_are_dropped(char: str) -> None:
    assert display_text(f"สม{char}ชาย") == "สมชาย" and markdown_text(f"a{char}b") == "ab"


def test_chart_labels_drop_them_too() -> None:
    from moral_metrics.figures.safety import chart_text

    assert chart_text("ตัวชี้วัด\u202e<b>") == "ตัวชี้วัด&lt;b&gt;"


def test_thai_marks_are_kept() -> None:
    assert display_text("ผู้ใหญ่ที่นี่ ๒๕๖๘") == "ผู้ใหญ่ที่นี่ ๒๕๖๘"


# --- too many sheets ---------------------------------------------------------------------------


def many_sheets(count: int, rows: int = 2) -> bytes:
    book = Workbook()
    book.active.title = "S1"
    for n in range(2, count + 1):
        book.create_sheet(f"S{n}")
    for sheet in book.worksheets:
        for r in range(rows):
            sheet.append([f"r{r}", r])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def one_part_listed(count: int) -> bytes:
    """One worksheet part that workbook.xml lists ``count`` times (the reader would read it each time)."""
    data = many_sheets(1)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        book = z.read("xl/workbook.xml").decode()
    entry = re.search(r"<sheet\b[^>]*/>", book).group(0)
    copies = "".join(entry.replace('name="S1"', f'name="S{n}"') for n in range(1, count + 1))
    return hostile.replace_part(data, "xl/workbook.xml", [book.replace(entry, copies).encode()])


def ods_tables(count: int) -> bytes:
    one = hostile.ods_repeated_cells(1, 1)
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        content = z.read("content.xml").decode()
    table = re.search(r"<table:table .*</table:table>", content).group(0)
    tables = "".join(table.replace('"Sheet1"', f'"T{n}"') for n in range(count))
    return hostile.replace_part(one, "content.xml", [content.replace(table, tables).encode()])


def limits(**changes: object):
    return dataclasses.replace(settings().limits, **changes)


@pytest.mark.parametrize("build", [many_sheets, one_part_listed, ods_tables], ids=["xlsx", "listed", "ods"])
def test_more_sheets_than_allowed_are_refused_before_any_sheet_is_read(build, monkeypatch) -> None:
    def never(*_args, **_kwargs):
        raise AssertionError("a sheet was read")

    monkeypatch.setattr(filecheck, "scan_sheet", never)
    with pytest.raises(FileProblem) as refused:
        check_bytes(build(51), limits())
    assert (refused.value.code, refused.value.detail) == ("file_too_large", "sheets")
    assert (refused.value.message.value, dict(refused.value.message.params)) == ("51", {"limit": 50})


def test_the_sheet_limit_is_a_setting() -> None:
    check_bytes(many_sheets(51), limits(max_sheets=60))  # accepted under a higher limit
    with pytest.raises(FileProblem):
        check_bytes(many_sheets(4), limits(max_sheets=3))


def test_too_many_sheets_through_the_pipeline() -> None:
    result = load_tracker(many_sheets(51))
    assert [(m.code, m.detail) for m in result.errors] == [("file_too_large", "sheets")]
    assert "51" in result.errors[0].message_en and "51" in result.errors[0].message_th


def test_fifty_sheets_are_allowed() -> None:
    assert check_bytes(many_sheets(50), limits()).format == "xlsx"
