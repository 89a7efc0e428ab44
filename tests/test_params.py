"""URL parameters read strictly (issue 23): the parser, and every page given a link it cannot use.

A bad value falls back to the page's default with a notice naming the parameter and the value
(shortened); nothing a link holds raises. Expected texts come from the translation table.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from conftest import PAGES
from tables import markdown_tables, unescaped

from moral_metrics.reference.i18n import t
from moral_metrics.reference.params import SHOWN_CHARS, declared, notices, read, shortened
from moral_metrics.reference.settings import settings

LONG = "9" * 5000
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("year", "3", 3),
        ("year", "²", None),  # str.isdigit() says yes, int() raises
        ("year", "๓", None),  # Thai digit
        ("year", "0", None),
        ("year", "11", None),
        ("year", " 3", None),
        ("version", "12", 12),
        ("version", LONG, None),
        ("version", "-1", None),
        ("today", "2022-01-01", dt.date(2022, 1, 1)),
        ("today", "99999-01-01", None),
        ("today", "2025-02-30", None),
        ("today", "2022-1-1", None),
        ("month", "2022-01", (2022, 1)),
        ("month", "2022-13", None),
        ("area", "overall", "overall"),
        ("area", "sector_drive", "sector_drive"),
        ("area", "nonsense", None),
        ("lang", "en", "en"),
        ("lang", "fr", None),
        ("province", "TH-57", "TH-57"),
        ("province", "TH-99", None),
        ("district", "8406", "8406"),
        ("kind", "person", "person"),
        ("kind", "moral_market", "moral_market"),
        ("fy", "2566", 2566),
        ("fy", "1999", None),
        ("grid", "true", True),
        ("grid", "false", False),
        ("grid", "yes", None),
        ("q", "ซื่อสัตย์", "ซื่อสัตย์"),
        ("q", "x" * 201, None),
    ],
)
def test_each_kind_reads_strictly(name: str, raw: str, value: object) -> None:
    reading = read(name, raw)
    assert reading.value == value
    assert (reading.problem is None) == (value is not None)


def test_a_province_list_takes_dopa_or_iso_codes_and_keeps_at_most_twelve() -> None:
    assert read("provinces", "10,40,TH-57").value == ("TH-10", "TH-40", "TH-57")
    assert read("provinces", "57,TH-57").value == ("TH-57",)  # the same province once
    some_bad = read("provinces", "10,nonsense,40")
    assert (some_bad.value, some_bad.problem) == (("TH-10", "TH-40"), "bad")
    assert read("provinces", "nonsense").value is None
    limit = int(declared()["provinces"].high)
    many = read("provinces", ",".join(str(code) for code in range(10, 50)))
    assert many.problem == "too_many" and len(many.value) == limit == 12
    assert many.value[0] == "TH-10"


def test_bounds_may_name_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read("year", "10").value == 10 and read("fy", "2700").value == 2700
    monkeypatch.setenv("MORAL_METRICS_VALIDATION_MAX_PROGRAM_YEAR", "12")
    settings.cache_clear()
    try:
        assert read("year", "12").value == 12  # declared as @validation.max_program_year
    finally:
        monkeypatch.undo()
        settings.cache_clear()


def test_a_province_link_may_use_its_dopa_code(make_app) -> None:
    at = make_app.open("province", province="84")
    assert at.selectbox(key="province_pick").value == "TH-84" and not at.warning


def test_every_declared_parameter_has_a_known_kind_and_bounded_length() -> None:
    for spec in declared().values():
        assert spec.kind in {"int", "date", "month", "choice", "bool", "list", "text"}
        assert 0 < spec.length <= 600
        assert read(spec.name, "9" * 100_000).problem == "bad"  # longer than any: refused unread


# where pages and widgets name a URL parameter: the function and the position of the name
NAMED_AT = {"param": 0, "param_value": 0, "set_param": 0, "opened": 1, "url_choice": 2, "url_selectbox": 2}


def _named_in_code() -> set[str]:
    """Every parameter name written in ui/ and pages/ (``param("year")``, ``opened(..., "grid")``,
    ``@provides(..., param="units")``), read from the source's syntax tree."""
    names = set()
    for path in [*(ROOT / "ui").glob("*.py"), *(ROOT / "pages").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = getattr(node.func, "id", getattr(node.func, "attr", ""))
            at = NAMED_AT.get(called)
            if at is not None and len(node.args) > at and isinstance(node.args[at], ast.Constant):
                names.add(node.args[at].value)
            names |= {k.value.value for k in node.keywords if k.arg == "param" and isinstance(k.value, ast.Constant)}
    return names


def test_every_parameter_the_pages_name_is_declared() -> None:
    """A name missing from data/url_params.csv would be read as absent: declared once, there."""
    named = _named_in_code()
    assert {"year", "version", "provinces", "area", "grid", "units", "fy", "today"} <= named
    assert named <= set(declared()), named - set(declared())


def test_a_notice_names_the_parameter_and_shortens_the_value() -> None:
    found = notices({"year": "²", "version": LONG, "lang": "en", "unknown": "x"})
    assert [(n.name, n.problem) for n in found] == [("year", "bad"), ("version", "bad")]
    assert found[0].shown == "²"
    assert found[1].shown.startswith("9" * SHOWN_CHARS) and len(found[1].shown) < 40
    assert "\x00" not in shortened("a\x00b")


def test_today_is_for_tests_only(monkeypatch: pytest.MonkeyPatch) -> None:
    assert settings().testing.today_param  # the suite switches it on (conftest)
    assert [n.name for n in notices({"today": "99999-01-01"})] == ["today"]
    monkeypatch.setenv("MORAL_METRICS_TESTING_TODAY_PARAM", "0")
    settings.cache_clear()
    try:
        assert not settings().testing.today_param
        assert notices({"today": "99999-01-01"}) == []  # not looked at, so nothing to say
    finally:
        monkeypatch.undo()
        settings.cache_clear()


# -- every page, given links it cannot use ------------------------------------------------------

BAD_LINKS = [
    ("year", "²"),
    ("version", "²"),
    ("version", LONG),
    ("today", "99999-01-01"),
    ("area", "nonsense"),
]


def _warnings(at) -> list[str]:
    return [unescaped(w.value) for w in at.warning]  # shown through Markdown, so escaped


def _notice(name: str, raw: str, lang: str = "th") -> str:
    return t("params.bad", lang, name=name, value=shortened(raw))


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize(("name", "raw"), BAD_LINKS, ids=["year-sup2", "version-sup2", "version-5000", "today", "area"])
def test_a_bad_link_shows_the_page_with_a_notice(page: str, name: str, raw: str, make_app) -> None:
    at = make_app.open(page, **{name: raw})  # make_app asserts no exception on every run
    assert not at.exception
    assert at.title, page
    assert _notice(name, raw) in _warnings(at)


def test_defaults_are_used_for_bad_values(make_app) -> None:
    good = make_app.open("overview")
    bad = make_app.open("overview", year="²", version="²")
    assert bad.segmented_control(key="year_pick").value == good.segmented_control(key="year_pick").value
    assert [m.value for m in bad.metric] == [m.value for m in good.metric]
    compare = make_app.open("compare", area="nonsense")
    assert compare.selectbox(key="compare_area").value == "overall"
    calendar = make_app.open("calendar", editor=False, lang="en", today="99999-01-01")
    assert _notice("today", "99999-01-01", "en") in _warnings(calendar)
    assert calendar.selectbox(key="calendar_month").value is not None


def test_a_good_link_shows_no_notice(make_app) -> None:
    at = make_app.open("calendar", editor=False, lang="en", today="2022-01-01", month="2022-01")
    assert _notice("today", "2022-01-01", "en") not in _warnings(at)
    assert _notice("month", "2022-01", "en") not in _warnings(at)
    assert at.selectbox(key="calendar_month").value == (2022, 1)


# -- Compare: the chosen provinces in the link, at most twelve (issue 23/24) ----------------------


def _many_provinces(make_app, count: int) -> list[str]:
    """A version holding ``count`` provinces (one indicator each), published as a central editor."""
    from builders import simple_long, to_bytes

    from moral_metrics.access.roles import Actor
    from moral_metrics.reference.provinces import province_index

    chosen = [p for p in province_index().provinces][:count]
    rows = [[p.name_th, 1, "networks", 10, 5 + n] for n, p in enumerate(chosen)]
    book = simple_long(rows, {p.name_th: 2565 for p in chosen})
    make_app.store().publish(to_bytes(book), "many.xlsx", Actor.central("สมชาย"), "")
    return [p.code for p in chosen]


def _compared(at) -> list[str]:
    return list(at.multiselect(key="compare_pick").value)


def test_a_shared_compare_link_shows_its_provinces(make_app) -> None:
    at = make_app.open("compare", lang="en", provinces="84,TH-57")
    assert _compared(at) == ["TH-84", "TH-57"]
    table = markdown_tables(at)[0]
    assert set(table["Province"]) == {"Chiang Rai", "Surat Thani"}
    assert not at.warning


def test_picking_provinces_puts_them_in_the_link(make_app) -> None:
    at = make_app.open("compare", lang="en")
    assert _compared(at) == ["TH-57", "TH-84", "TH-41"]  # the sample's three: the default is the first five
    assert "provinces" not in at.query_params  # the default needs no link of its own
    at.multiselect(key="compare_pick").unselect("TH-41").run()
    assert at.query_params["provinces"] == "57,84"  # DOPA codes: short links
    assert set(markdown_tables(at)[0]["Province"]) == {"Chiang Rai", "Surat Thani"}
    at.multiselect(key="compare_pick").unselect("TH-57").unselect("TH-84").run()
    assert _compared(at) == [] and t("compare.pick", "en") in [i.value for i in at.info]


def test_a_thirteenth_province_is_refused_with_a_message(make_app) -> None:
    codes = _many_provinces(make_app, 14)
    at = make_app.open("compare", lang="en", provinces=",".join(codes[:12]))
    assert _compared(at) == codes[:12]
    at.multiselect(key="compare_pick").select(codes[12]).run()
    assert not at.exception
    assert _compared(at) == codes[:12]
    assert t("compare.too_many", "en", limit=12) in _warnings(at)


def test_a_link_with_more_than_twelve_keeps_the_first_twelve_and_says_so(make_app) -> None:
    codes = _many_provinces(make_app, 14)
    at = make_app.open("compare", lang="en", provinces=",".join(codes))
    assert _compared(at) == codes[:12]
    assert t("params.too_many", "en", name="provinces", limit=12) in _warnings(at)
    assert len(markdown_tables(at)[0]["Province"].unique()) == 12
