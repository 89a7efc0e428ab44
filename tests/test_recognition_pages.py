"""Issue 11 on screen: the Hall of Fame and the calendar, and who sees which names."""

from __future__ import annotations

import datetime as dt

import pytest

from moral_metrics.briefing.ics import fold, to_ics
from moral_metrics.figures.honours import Filters, cards, filtered, initials, virtue_counts
from moral_metrics.figures.privacy import EVERY_PROVINCE, NO_PROVINCE, for_audience
from moral_metrics.figures.safety import markdown_text
from moral_metrics.pipeline import load_tracker_file
from moral_metrics.reference.i18n import date_text, t
from moral_metrics.reference.params import shortened
from moral_metrics.reference.sample import SAMPLE_PATH


@pytest.fixture(scope="module")
def sample():
    return load_tracker_file(SAMPLE_PATH).tracker


def _private(sample) -> list[str]:
    people = sample.dataset("honourees")
    return people.loc[~people["public"], "name"].tolist()


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def _shown(count: int, total: int, lang: str = "th") -> str:
    """The Hall of Fame's count of a filtered view: a page of cards of ``count``."""
    from moral_metrics.figures.style import style
    from moral_metrics.reference.formats import number_text

    step = style()["calendar"]["fame_page"]
    shown, count_, total_ = (number_text(n) for n in (min(step, count), count, total))
    return t("fame.shown_filtered", lang, shown=shown, count=count_, total=total_)


def test_a_viewer_sees_no_hidden_name_but_counts_everyone(make_app, sample) -> None:
    hidden = _private(sample)
    at = make_app.open("fame", editor=False, province="TH-84", fy="2565")
    shown = _markdown(at)
    assert not at.exception and t("fame.private_name") in shown
    assert not [n for n in hidden if n in shown]
    surat = sample.dataset("honourees").query("province_code == 'TH-84' and fiscal_year == 2565")
    assert _shown(len(surat), len(sample.dataset("honourees"))) in shown


def test_a_viewer_searching_a_hidden_name_finds_nothing(make_app, sample) -> None:
    hidden = _private(sample)[0]
    at = make_app.open("fame", editor=False, q=hidden)
    assert t("fame.no_match") in [i.value for i in at.info]
    assert hidden not in _markdown(at)


def test_an_editor_sees_hidden_names_marked(make_app, sample) -> None:
    hidden = _private(sample)[0]
    at = make_app.open("fame", editor=True, q=hidden, lang="en")
    shown = _markdown(at)
    assert hidden in shown and "Not public" in shown and _shown(1, len(sample.dataset("honourees")), "en") in shown


def test_filters_come_from_the_link(make_app, sample) -> None:
    at = make_app.open("fame", editor=False, province="TH-84", district="8406", virtue="gratitude", kind="person")
    wanted = Filters("TH-84", "8406", "gratitude", "person")
    seen = for_audience(sample, NO_PROVINCE).dataset("honourees")  # a private person has no district for a viewer
    expected = len(filtered(seen, wanted))
    assert at.selectbox(key="fame_district").value == "8406" and at.selectbox(key="fame_virtue").value == "gratitude"
    assert at.selectbox(key="fame_kind").value == "person" and at.selectbox(key="fame_province").value == "TH-84"
    assert expected and _shown(expected, len(seen)) in _markdown(at)


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
    from moral_metrics.figures.timeline import timeline

    events = sample.dataset("events")
    fig = timeline(events, "t", "th")
    assert sum(len(trace.x) for trace in fig.data) == len(events)
    assert fig.data[0].name == "สมัชชาคุณธรรม" and fig.layout.template is not None
    assert all(int(label.split()[-1]) > 2500 for label in fig.layout.xaxis.ticktext)
    networks = timeline(events, "t", "en", by="networks")  # the sample names no network: a note, no "–" row
    assert not networks.data and t("calendar.no_network_named", "en", count=len(events)) in str(networks.layout)


# --- issues 23-24: the Calendar and the Hall of Fame at national scale -------------------------


def _many_events(count: int, days: int = 400):
    """``count`` events over ``days`` days from 2022-10-01, every kind, networks named in two ways."""
    import pandas as pd

    from moral_metrics.reference.recognition import EVENT_KINDS

    start = dt.date(2022, 10, 1)
    rows = [
        {"province_code": "TH-84", "district_code": None, "date": (start + dt.timedelta(n % days)).isoformat(),
         "end_date": None, "fiscal_year": 2566, "kind": EVENT_KINDS[n % len(EVENT_KINDS)], "title": f"e{n}",
         "participants": 10, "virtues": [], "networks": ("เครือข่ายวัด, เครือข่ายโรงเรียน", None, "12")[n % 3],
         "public": True}
        for n in range(count)
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_a_timeline_of_many_events_counts_them_per_week_by_kind() -> None:
    from moral_metrics.figures.style import style
    from moral_metrics.figures.timeline import timeline

    most = style()["calendar"]["timeline_markers_max"]
    few = timeline(_many_events(most), "t", "th")
    assert sum(len(trace.x) for trace in few.data) == most  # a dot each, up to the threshold
    many = _many_events(most + 1)
    fig = timeline(many, "t", "th")
    assert {trace.type for trace in fig.data} == {"bar"} and fig.layout.barmode == "stack"
    assert sum(sum(trace.y) for trace in fig.data) == most + 1  # every event counted once
    assert len(fig.data[0].x) <= 60 and fig.layout.yaxis.title.text == t("calendar.per_W", "th")
    assert timeline(many.head(most + 1).assign(date="2022-10-03"), "t", "en").layout.yaxis.title.text == t(
        "calendar.per_D", "en"
    )


def test_the_network_view_counts_events_per_named_network() -> None:
    from moral_metrics.figures.timeline import network_names, timeline

    events = _many_events(30)
    fig = timeline(events, "t", "en", by="networks")
    assert list(fig.data[0].y) == ["เครือข่ายวัด", "เครือข่ายโรงเรียน"] and list(fig.data[0].x) == [10, 10]
    assert "–" not in list(fig.data[0].y) and t("calendar.no_network_named", "en", count=20) in str(fig.layout)
    assert network_names("วัด / โรงเรียน และ ชุมชน\nบ้าน") == ["วัด", "โรงเรียน", "ชุมชน", "บ้าน"]
    assert network_names(8) == [] and network_names("1,200") == []


def _busy_day_book():
    """Sample-like progress plus 7 events on 15 Jan 2566 (2023-01-15) and one in February."""
    from builders import to_bytes
    from recognition_books import event, recognition_book

    rows = [event(f"งานวันที่สิบห้า {n}", networks="เครือข่ายวัด") for n in range(7)]
    return to_bytes(recognition_book(events=[*rows, event("งานเดือนกุมภา", date="3/2/2566")]))


def _publish(make_app, data: bytes) -> None:
    from moral_metrics.access.roles import Actor

    assert make_app.store().publish(data, "busy.xlsx", Actor.central("test")).ok


def test_the_month_is_in_the_link_and_a_bad_one_falls_back_with_a_notice(make_app) -> None:
    _publish(make_app, _busy_day_book())
    at = make_app.open("calendar", editor=False, month="2023-02", today="2022-01-01")
    assert at.selectbox(key="calendar_month").value == (2023, 2) and not at.warning
    assert at.query_params["month"] == "2023-02"
    at.selectbox(key="calendar_month").set_value((2023, 1)).run()
    assert at.query_params["month"] == "2023-01"
    for bad in ("2023-13", "２๐23-01", "2023-1", "9" * 5000, "2030-01"):
        at = make_app.open("calendar", editor=False, lang="en", month=bad, today="2022-01-01")
        assert not at.exception and at.selectbox(key="calendar_month").value == (2023, 1)
        said = (  # a malformed month is said by the URL notices, a month without events by the calendar
            t("calendar.bad_month", "en", value=bad, month="January 2023")
            if bad == "2030-01"
            else t("params.bad", "en", name="month", value=markdown_text(shortened(bad)))
        )
        assert [w.value for w in at.warning] == [said]


def test_a_busy_day_opens_below_the_month_and_the_phone_gets_a_list(make_app) -> None:
    _publish(make_app, _busy_day_book())
    at = make_app.open("calendar", editor=False, month="2023-01", today="2022-01-01")
    page = _markdown(at)
    assert '<span class="mm-day">+4</span>' in page and 'class="mm-days"' in page  # the grid and the phone's list
    assert t("calendar.day_more", count=4) in page
    assert at.selectbox(key="calendar_day").value is None
    at.selectbox(key="calendar_day").set_value(dt.date(2023, 1, 15)).run()
    assert at.query_params["day"] == "2023-01-15"
    assert t("calendar.day_title", date=date_text(dt.date(2023, 1, 15), "th")) in [s.value for s in at.subheader]
    listed = at.dataframe[0].value
    assert len(listed) == 7 and listed.iloc[:, 1].str.startswith("งานวันที่สิบห้า").all()
    opened = make_app.open("calendar", editor=False, lang="en", month="2023-01", day="2023-01-15", today="2022-01-01")
    assert opened.selectbox(key="calendar_day").value == dt.date(2023, 1, 15) and len(opened.dataframe[0].value) == 7
    wrong = make_app.open("calendar", editor=False, lang="en", month="2023-01", day="2023-01-32", today="2022-01-01")
    assert not wrong.exception and wrong.selectbox(key="calendar_day").value is None
    assert [w.value for w in wrong.warning] == [t("params.bad", "en", name="day", value=markdown_text("2023-01-32"))]
    quiet = make_app.open("calendar", editor=False, lang="en", month="2023-01", day="2023-01-16", today="2022-01-01")
    said = t("calendar.bad_param", "en", name="day", value="2023-01-16")  # a real day with no events
    assert quiet.selectbox(key="calendar_day").value is None and said in [i.value for i in quiet.info]


def test_a_bad_today_in_the_link_is_ignored_with_a_notice(make_app) -> None:
    at = make_app.open("calendar", editor=False, lang="en", today="99999-01-01")
    assert not at.exception and [w.value for w in at.warning] == [
        t("params.bad", "en", name="today", value=markdown_text("99999-01-01"))
    ]


def test_the_hall_of_fame_shows_a_page_of_cards_and_more_on_request(make_app, sample) -> None:
    from moral_metrics.figures.style import style

    step = style()["calendar"]["fame_page"]
    total = len(sample.dataset("honourees"))
    at = make_app.open("fame", editor=False)
    assert t("fame.shown", shown=step, count=total) in _markdown(at)
    assert _markdown(at).count('class="mm-card"') == step
    at.button(key="fame_more").click().run()
    assert t("fame.shown", shown=2 * step, count=total) in _markdown(at)
    assert _markdown(at).count('class="mm-card"') == 2 * step


def test_thousands_are_grouped_in_the_count_in_thai_too() -> None:
    assert t("fame.shown", "th", shown="24", count="10,000") == "แสดง 24 จาก 10,000 รายการ"
    from moral_metrics.reference.formats import number_text

    assert number_text(10000) == "10,000"


def test_a_search_with_no_match_says_so_and_clears_the_filters(make_app, sample) -> None:
    from moral_metrics.figures.style import style

    at = make_app.open("fame", editor=False, q="ไม่มีชื่อนี้แน่นอน", province="TH-84")
    assert t("fame.no_match") in [i.value for i in at.info] and at.button(key="fame_clear")
    assert t("fame.none") not in [i.value for i in at.info]
    at.button(key="fame_clear").click().run()
    total = len(sample.dataset("honourees"))
    assert t("fame.no_match") not in [i.value for i in at.info]
    assert at.text_input(key="fame_search").value == "" and "q" not in at.query_params
    assert at.selectbox(key="fame_province").value == "" and "province" not in at.query_params
    step = style()["calendar"]["fame_page"]
    assert t("fame.shown", shown=step, count=total) in _markdown(at)


def test_the_calendar_sends_a_page_of_past_events_and_more_on_request(make_app) -> None:
    from builders import to_bytes
    from recognition_books import event, recognition_book

    from moral_metrics.figures.style import style

    step = style()["calendar"]["table_page"]
    count = step + 5
    rows = [event(f"งานที่ {n}", date=f"{1 + n % 28}/{1 + n % 12}/2565") for n in range(count)]
    _publish(make_app, to_bytes(recognition_book(events=rows)))
    at = make_app.open("calendar", editor=False, today="2024-01-01")
    past = at.dataframe[-1].value
    assert len(past) == step and t("calendar.rows_shown", shown=step, count=count) in [c.value for c in at.caption]
    at.button(key="calendar_past_more").click().run()
    assert len(at.dataframe[-1].value) == count
    assert "calendar_past_more" not in [b.key for b in at.button]
