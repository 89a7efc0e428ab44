"""Issue 11 on screen: the Hall of Fame and the calendar, and who sees which names."""

from __future__ import annotations

import datetime as dt

import pytest

from moral_metrics.briefing.ics import fold, to_ics
from moral_metrics.figures.honours import Filters, cards, filtered, initials, virtue_counts
from moral_metrics.figures.privacy import EVERY_PROVINCE, NO_PROVINCE, for_audience
from moral_metrics.pipeline import load_tracker_file
from moral_metrics.reference.i18n import t
from moral_metrics.reference.sample import SAMPLE_PATH


@pytest.fixture(scope="module")
def sample():
    return load_tracker_file(SAMPLE_PATH).tracker


def _private(sample) -> list[str]:
    people = sample.dataset("honourees")
    return people.loc[~people["public"], "name"].tolist()


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_a_viewer_sees_no_hidden_name_but_counts_everyone(make_app, sample) -> None:
    hidden = _private(sample)
    at = make_app.open("fame", editor=False, province="TH-84", fy="2565")
    shown = _markdown(at)
    assert not at.exception and t("fame.private_name") in shown
    assert not [n for n in hidden if n in shown]
    surat = sample.dataset("honourees").query("province_code == 'TH-84' and fiscal_year == 2565")
    assert t("fame.count", count=len(surat), total=len(sample.dataset("honourees"))) in shown


def test_a_viewer_searching_a_hidden_name_finds_nothing(make_app, sample) -> None:
    hidden = _private(sample)[0]
    at = make_app.open("fame", editor=False, q=hidden)
    assert t("fame.count", count=0, total=len(sample.dataset("honourees"))) in _markdown(at)
    assert hidden not in _markdown(at)


def test_an_editor_sees_hidden_names_marked(make_app, sample) -> None:
    hidden = _private(sample)[0]
    at = make_app.open("fame", editor=True, q=hidden, lang="en")
    shown = _markdown(at)
    assert hidden in shown and "Not public" in shown and "Showing 1 of" in shown


def test_filters_come_from_the_link(make_app, sample) -> None:
    at = make_app.open("fame", editor=False, province="TH-84", district="8406", virtue="gratitude", kind="person")
    wanted = Filters("TH-84", "8406", "gratitude", "person")
    seen = for_audience(sample, NO_PROVINCE).dataset("honourees")  # a private person has no district for a viewer
    expected = len(filtered(seen, wanted))
    assert at.selectbox(key="fame_district").value == "8406" and at.selectbox(key="fame_virtue").value == "gratitude"
    assert at.selectbox(key="fame_kind").value == "person" and at.selectbox(key="fame_province").value == "TH-84"
    assert expected and t("fame.count", count=expected, total=len(seen)) in _markdown(at)


def test_calendar_page_shows_month_timeline_and_tables(make_app) -> None:
    at = make_app.open("calendar", editor=False, lang="en", today="2022-01-01")
    assert not at.exception
    assert [s.value for s in at.subheader][-2:] == ["Upcoming events", "Past events"]
    assert len(at.dataframe) == 2 and at.selectbox(key="calendar_month").value == (2022, 1)


def test_filters_virtues_and_cards(sample) -> None:
    people = for_audience(sample, NO_PROVINCE).dataset("honourees")
    assert people.loc[~people["public"], "name"].isna().all()
    assert for_audience(sample, EVERY_PROVINCE).dataset("honourees")["name"].notna().all()
    honest = filtered(people, Filters(province="TH-84", virtue="honesty"))
    assert len(honest) and all("honesty" in v for v in honest["virtues"])
    assert virtue_counts(honest)["honesty"] == len(honest)
    made = cards(honest.head(2), sample.province_names("th"), "th")
    assert made[0].place.endswith("สุราษฎร์ธานี") and "2565" in made[0].when + made[1].when


@pytest.mark.parametrize(
    ("name", "letters"), [("นายสมชาย ใจดี", "สใจ"), ("Mr. John Smith", "JS"), ("วัดพระบรมธาตุ", "ว"), (None, "?")]
)
def test_initials_leave_titles_out(name, letters) -> None:
    assert initials(name) == letters


def _parse_ics(data: bytes) -> list[dict[str, str]]:
    """A small RFC 5545 reader: CRLF lines, unfolded, events as property -> value (unescaped)."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    assert unfolded[0] == "BEGIN:VCALENDAR" and unfolded[-1] == "END:VCALENDAR" and "VERSION:2.0" in unfolded
    events, current = [], None
    for line in unfolded:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            value = value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")
            current[name] = value
    return events


def test_the_ics_file_parses_back(sample) -> None:
    events = sample.dataset("events")
    data = to_ics(events, sample.province_names("th"), "th", now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    parsed = _parse_ics(data)
    assert len(parsed) == len(events) and len({e["UID"] for e in parsed}) == len(events)
    news = next(e for e in parsed if "ข่าว 003" in e["SUMMARY"])
    assert news["DTSTART;VALUE=DATE"] == "20210706" and news["DTEND;VALUE=DATE"] == "20210709"
    assert news["LOCATION"] == "เชียงราย" and "ผู้เข้าร่วม" in news["DESCRIPTION"]
    assert all(e["DTSTAMP"] == "20260101T000000Z" for e in parsed)


def test_ics_escapes_and_folds_thai_text_without_splitting_characters() -> None:
    line = "SUMMARY:" + "สมัชชาคุณธรรม, ตลาดนัด; " * 6
    folded = fold(line)
    assert all(len(p.encode("utf-8")) <= 75 for p in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_coverage_grid_has_every_district_and_marks_quiet_months(sample) -> None:
    from moral_metrics.figures.coverage import coverage_heatmap, coverage_rate, honouring_grid, quiet_months

    grid = honouring_grid(sample, "TH-84", 2565)
    assert grid.shape == (19, 12) and list(grid.columns[:3]) == [10, 11, 12]
    covered, total = coverage_rate(grid)
    assert total == 228 and 0 < covered < total and quiet_months(grid) == []
    fig = coverage_heatmap(grid, "t", "th")
    assert fig.data[0].x[0] == "ต.ค." and "–" in fig.data[0].text.ravel() and fig.layout.template is not None
    empty_year = honouring_grid(sample, "TH-84", 2570)
    assert quiet_months(empty_year) == list(empty_year.columns) and coverage_rate(empty_year) == (0, 228)


def test_province_page_shows_the_coverage_section(make_app) -> None:
    at = make_app.open("province", editor=False, province="TH-84", lang="en", honouring="true")
    assert "Honouring by district and month" in [e.label for e in at.expander]
    assert any("district-months covered" in m.value for m in at.markdown)


def _deck_text(data: bytes) -> str:
    import io

    from pptx import Presentation

    texts = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(texts)


def test_the_deck_names_only_public_honourees_unless_an_editor_asks(sample) -> None:
    from moral_metrics.briefing.deck import build_deck

    hidden = _private(sample)
    people = sample.dataset("honourees")
    public = people[people["public"] & (people["province_code"] == "TH-57") & (people["fiscal_year"] == 2565)]
    deck = _deck_text(build_deck(sample, provinces=["TH-57"], lang="th", fame=True))
    assert "ทำเนียบคนดี เชียงราย ปีงบประมาณ 2565" in deck and "ผู้ได้รับการยกย่องและกิจกรรม" in deck
    assert public["name"].iloc[0] in deck and not [n for n in hidden if n in deck]
    internal = _deck_text(build_deck(sample, provinces=["TH-57"], lang="th", fame=True, audience=frozenset({"TH-57"})))
    mine = people[~people["public"] & (people["province_code"] == "TH-57") & (people["fiscal_year"] == 2565)]
    assert mine["name"].iloc[0] in internal


def test_the_honourees_export_lists_public_names_only(sample) -> None:
    import io

    import pandas as pd

    from moral_metrics.briefing.export import honourees_csv

    hidden = _private(sample)
    listed = pd.read_csv(io.BytesIO(honourees_csv(sample, "en")), encoding="utf-8-sig")
    assert len(listed) == int(sample.dataset("honourees")["public"].sum())
    assert not set(hidden) & set(listed["Name"])
    everyone = pd.read_csv(io.BytesIO(honourees_csv(sample, "en", EVERY_PROVINCE)), encoding="utf-8-sig")
    assert set(hidden) <= set(everyone["Name"])
    people = sample.dataset("honourees")
    surat = pd.read_csv(io.BytesIO(honourees_csv(sample, "en", frozenset({"TH-84"}))), encoding="utf-8-sig")
    mine = set(people.loc[~people["public"] & (people["province_code"] == "TH-84"), "name"])
    assert mine <= set(surat["Name"]) and not (set(hidden) - mine) & set(surat["Name"])  # their province only


def test_a_viewer_has_no_private_choice_on_the_export_page(make_app) -> None:
    viewer = make_app.open("export", editor=False)
    assert [c.key for c in viewer.checkbox] == ["export_fame", "export_svg"]  # no private choice
    editor = make_app.open("export", editor=True)
    assert [c.key for c in editor.checkbox] == ["export_fame", "export_private", "export_svg"]


def test_timeline_has_a_marker_per_event_and_buddhist_era_ticks_in_thai(sample) -> None:
    from moral_metrics.figures.calendar import timeline

    events = sample.dataset("events")
    fig = timeline(events, "t", "th")
    assert sum(len(trace.x) for trace in fig.data) == len(events)
    assert fig.data[0].name == "สมัชชาคุณธรรม" and fig.layout.template is not None
    assert all(int(label.split()[-1]) > 2500 for label in fig.layout.xaxis.ticktext)
    networks = timeline(events, "t", "en", by="networks")
    assert sum(len(trace.x) for trace in networks.data) == len(events)
