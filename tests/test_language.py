"""Language and numbers on every screen (issue 24): pickers that find a province by either
name, Streamlit's English chrome hidden, counts with thousands separators, lists joined in
the reader's language, fiscal years that say their era."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from moral_metrics.reference.i18n import t

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("lang", ["th", "en"])
def test_province_pickers_carry_both_names_in_thai(lang: str, make_app) -> None:
    """Typing "Surat" in the Thai picker finds Surat Thani: a select box searches its labels."""
    surat = t("widget.province_option", lang, th="สุราษฎร์ธานี", en="Surat Thani")
    assert "Surat Thani" in surat and "สุราษฎร์ธานี" in surat
    assert surat.startswith("สุราษฎร์ธานี" if lang == "th" else "Surat Thani")  # the reader's name first
    province = make_app.open("province", lang=lang)
    assert surat in province.selectbox(key="province_pick").options
    compare = make_app.open("compare", lang=lang)
    assert surat in compare.multiselect(key="compare_pick").options


def test_streamlit_english_chrome_is_hidden(make_app) -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["toolbarMode"] == "minimal"  # no ⋮ menu (English only)
    at = make_app.open("overview")
    styles = [h.proto.body for h in at.get("html")]
    assert any("stStatusWidget] button {display: none}" in s for s in styles)  # no English "Stop"
    assert any(f'content: "{t("widget.no_results")}"' in s for s in styles)  # a select box's empty list, in Thai


@pytest.mark.parametrize("lang", ["th", "en"])
def test_counts_in_sentences_have_thousands_separators(lang: str) -> None:
    """ "แสดง 24 จาก 10000" read as one number: every count placeholder groups its digits, and a
    count the caller has already written stays as written."""
    assert "10,000" in t("fame.shown", lang, shown=24, count=10_000)
    assert "4,012" in t("units.coverage", lang, assessed=4012, total=597_500)
    assert "597,500" in t("units.coverage", lang, assessed=4012, total=597_500)
    assert "1,234" in t("calendar.rows_shown", lang, shown="1,234", count=2000)
    assert "2567" in t("units.chart_national", lang, year=2567)  # years are never grouped


def test_a_missing_score_sum_reads_as_a_dash_not_none() -> None:
    from moral_metrics.figures.units_tables import district_units
    from moral_metrics.pipeline import load_tracker_file
    from moral_metrics.reference.formats import MISSING
    from moral_metrics.reference.sample import SAMPLE_PATH

    tracker = load_tracker_file(SAMPLE_PATH).tracker
    table = district_units(tracker, "TH-84", None, None, "en")
    sums = table[t("units.col_score_sum", "en")]
    assert len(sums) and all(isinstance(v, str) and v for v in sums) and "None" not in set(sums)
    assert MISSING in set(sums) or all(v.replace(",", "").isdigit() for v in sums)


def test_lists_join_with_and_in_the_readers_language() -> None:
    from moral_metrics.reference.i18n import written

    assert written(["a.xlsx", "b.xlsx"], "and", "en") == t("list.and", "en", first="a.xlsx", last="b.xlsx")
    assert written(["a", "b", "c"], "and", "en") == "a, b and c"
    assert written(["a", "b"], "and", "th") == t("list.and", "th", first="a", last="b") != "a, b"
    assert written(["a.xlsx"], "and", "en") == "a.xlsx"
    two = t("app.version_files_many", "en", files=["a.xlsx", "b.xlsx"])
    assert two == "files " + written(["a.xlsx", "b.xlsx"], "and", "en")


def test_a_version_of_two_files_names_them_with_and() -> None:
    import pandas as pd

    from moral_metrics.figures.submissions import version_caption_text

    row = pd.Series({"created_at": pd.Timestamp("2026-12-07 10:00", tz="UTC"), "uploader": "x", "filename": "a, b"})
    events = pd.DataFrame(columns=["version_id", "action", "actor", "at", "detail"])
    for lang in ("th", "en"):
        caption = version_caption_text(2, row, events, True, lang)
        assert caption.endswith(t("app.version_files_many", lang, files=["a", "b"]))


def test_english_fiscal_years_say_their_era() -> None:
    """One rule (see the note in data/i18n.toml): English dates are CE, every English fiscal year
    written as a number carries "B.E.", and a fiscal year column or axis says "(B.E." too."""
    import re

    from moral_metrics.reference.i18n import table

    for key, entry in table().items():
        english = entry["en"]
        assert not re.search(r"[Ff]iscal years? \{", english), (key, english)  # "fiscal year B.E. {year}"
        assert english != "Fiscal year", key  # a column or axis: "Fiscal year (B.E.)"
    assert t("province.start", "en", year=2560).endswith("B.E. 2560")


def test_table_headers_break_between_words_never_inside_one() -> None:
    """A browser's own Thai dictionary broke narrow headers as ปี/ที่ and องค์ความ/รู้: Markdown
    headers hold each word together (joiners between its Thai letters, no-break spaces)."""
    import pandas as pd

    from moral_metrics.figures.tables import markdown_table
    from moral_metrics.figures.text import NO_BREAK_SPACE, WORD_JOINER, unbroken, words

    year, area = t("chart.year_n", "th", year=1), "องค์ความรู้"
    header = markdown_table(pd.DataFrame({year: [1], area: ["x"], "ทุกภาคส่วน": [2], "ปีที่": [3]})).splitlines()[0]
    cells = [c.strip() for c in header.strip("|").split("|")]
    plain = [c.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ") for c in cells]
    assert plain == [year, area, "ทุกภาคส่วน", "ปีที่"]
    assert cells[3] == "ปี" + WORD_JOINER + "ที่"  # two dictionary words, one short header: held whole
    for cell in cells:
        assert " " not in cell  # a space inside a word ("ปีที่ 1") no longer lets the line break
    # the word boundaries are still break points: "ทุก|ภาค|ส่วน" may wrap between its words
    assert unbroken("ทุกภาคส่วนทุกภาคส่วน").count("กภ") == 2 and len(words("ทุกภาคส่วน")) == 3
    assert unbroken("Fiscal year \\(B\\.E\\.\\)") == "Fiscal year \\(B\\.E\\.\\)"  # escapes untouched


def test_count_axes_and_bar_labels_group_thousands() -> None:
    """The virtue bars of 10,000 honourees read "1,234" on their bars and axis, as every count axis."""
    import pandas as pd

    from moral_metrics.figures.honours import virtue_chart
    from moral_metrics.reference.recognition import VIRTUES

    first, second = list(VIRTUES)[:2]
    honourees = pd.DataFrame({"virtues": [[first]] * 1234 + [[second]] * 3})
    fig = virtue_chart(honourees, "title", "en")
    assert "1,234" in list(fig.data[0].text) and fig.layout.xaxis.tickformat == ",d"


def test_the_units_table_headers_hold_their_words(make_app) -> None:
    from moral_metrics.figures.text import WORD_JOINER

    at = make_app.open("overview", units="true")
    headers = [str(c) for table in at.table for c in table.value.columns]
    assert any(WORD_JOINER in h for h in headers)  # Thai headers: joiners inside each word
    assert t("units.col_province") in [h.replace(WORD_JOINER, "") for h in headers]
