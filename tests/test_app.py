"""Streamlit AppTest: every page renders, uploads get the right report, publish and restore work.

Each test opens sessions with ``make_app`` (conftest): its own SQLite database, seeded with the
sample. Expected texts come from the translation table, so a wording change does not break them.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from builders import simple_long, to_bytes
from conftest import PAGES
from streamlit.testing.v1 import AppTest
from tables import errors, markdown_tables, unescaped

from moral_metrics.figures.safety import markdown_text
from moral_metrics.reference.calendar import thai_today
from moral_metrics.reference.i18n import t

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def texts(at: AppTest) -> str:
    shown = (*at.title, *at.subheader, *at.caption, *at.text, *at.markdown, *at.success, *at.error, *at.info)
    parts = [e.value for e in shown]
    return unescaped("\n".join(str(p) for p in parts))


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_renders_the_sample(page: str, lang: str, make_app) -> None:
    at = make_app.open(page, lang=lang)
    assert at.title, page
    if page not in ("data", "export", "completeness"):
        assert len(at.get("plotly_chart")) >= 1


def test_overview_counts_and_thai_labels(make_app) -> None:
    at = make_app.open("overview", year="2")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics[t("overview.tracked")], metrics[t("overview.reported")]) == ("3", "3")
    chips = next(m.value for m in at.markdown if m.value.startswith("<span"))
    assert f"{t('status.on_track')} <b>3</b>" in chips and f"{t('status.achieved')} <b>0</b>" in chips
    names = next(m.value for m in at.markdown if m.value.startswith(f"- **{t('status.on_track')}**"))
    label, listed = names.split(" (3): ")
    assert label == f"- **{t('status.on_track')}**" and set(listed.split(", ")) == {"เชียงราย", "สุราษฎร์ธานี", "อุดรธานี"}
    assert t("overview.names_heading") in [e.label for e in at.expander]
    assert t("app.version_caption", version=1).split(" ·")[0] in texts(at)


def test_a_partial_year_is_incomplete_and_names_who_did_not_report(make_app) -> None:
    """Issue 12: year 4 of the sample has Chiang Rai with 2 of 5 areas, the others silent."""
    at = make_app.open("overview", year="4", lang="en")
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Provinces tracked"], metrics["Provinces reported"]) == ("3", "1")
    chips = next(m.value for m in at.markdown if m.value.startswith("<span"))
    assert all(f"{t(f'status.{s}', 'en')} <b>{n}</b>" in chips for s, n in (("achieved", 0), ("incomplete", 1)))
    names = next(m.value for m in at.markdown if m.value.startswith("- **")).splitlines()
    assert names == [
        f"- **{t('status.incomplete', 'en')}** (1): Chiang Rai",
        f"- **{t('status.no_data', 'en')}** (2): Surat Thani, Udon Thani",
    ]
    rates = markdown_tables(at)[0].iloc[0]  # this year's reporting, as a Markdown table (issue 14)
    due, reported = t("data.col_expected_provinces", "en"), t("data.col_reported", "en")
    assert (rates[t("col.year", "en")], rates[due], rates[reported]) == ("4", "3", "2")


def test_province_page_shows_indicator_table_and_fiscal_years(make_app) -> None:
    at = make_app.open("province", province="TH-57", year="2")
    years = markdown_tables(at)[0]  # a Markdown table: one row needs no Arrow table (issue 14)
    assert years.iloc[0]["ปีที่ 2"] == "2564" and years.iloc[0]["ปีที่"] == "ปีงบประมาณ"
    tables = [d.value for d in at.dataframe]
    indicators = next(table for table in tables if "ตัวชี้วัด" in table.columns)  # units tables follow (issue 10)
    row = indicators[indicators["ตัวชี้วัด"] == "จำนวนเครือข่ายทางสังคมที่ร่วมขับเคลื่อน"].iloc[0]
    assert (row["เป้าหมาย"], row["ผล"], row["สถานะ"]) == (10.0, 13.0, "บรรลุเป้าหมาย")


def test_compare_aligns_provinces_by_programme_year(make_app) -> None:
    at = make_app.open("compare", lang="en")
    table = markdown_tables(at)[0]  # a Markdown table: nothing in it is picked (issue 14)
    assert set(table["Province"]) == {"Chiang Rai", "Surat Thani", "Udon Thani"}
    assert sorted(table["Year"].unique().tolist()) == ["1", "2", "3", "4"]
    chiang_rai_4 = table[(table["Province"] == "Chiang Rai") & (table["Year"] == "4")].iloc[0]
    fiscal = t("col.fiscal_year", "en")
    assert (chiang_rai_4[fiscal], chiang_rai_4["Sectors"], chiang_rai_4["Overall"]) == ("2566", "–", "100%")


def upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    uploader(at).set_value([(name, data, XLSX) for name, data in files])
    at.run()
    assert not at.exception, at.exception
    return at


def uploader(at: AppTest):
    """The Data page's uploader (its key changes after each publish, so that it starts empty)."""
    return next(u for u in at.file_uploader if u.key.startswith("uploads"))


def publish_button(at: AppTest, count: int, lang: str = "th"):
    return at.button(key=f"FormSubmitter:publish-{t('data.publish_all', lang, count=count)}")


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_bad_upload_reports_errors_with_cells_and_cannot_publish(make_app) -> None:
    at = make_app.open("data", lang="en")
    bad = to_bytes(simple_long([["เชียงรายย", 1, "networks", 5, "ห้า"]], {"เชียงราย": 2563}))
    upload(at, [("bad.xlsx", bad)])
    files = frame_with(at, "Check")
    assert files[["File", "Errors"]].values.tolist() == [["bad.xlsx", 2]]
    report = frame_with(at, "Suggestion")
    assert report[["Cell", "Rows", "Suggestion"]].values.tolist() == [
        ["A2", 1, "เชียงราย (Chiang Rai)"],  # as typed in the file, with its English name
        ["E2", 1, ""],
    ]
    assert "Code" not in report.columns  # no internal codes in the reader's table (issue 24)
    assert publish_button(at, 1, "en").disabled
    expander = next(e for e in at.expander if e.label.startswith("Check report of bad"))
    assert expander.label == t("data.report_of", "en", file="bad\\.xlsx", errors=2)  # the name escaped
    listed = next(m.value for m in expander.markdown if m.value.startswith("- "))
    assert listed.splitlines()[0].startswith("- **ผล\\!A2** · Error")
    assert "Suggestion: **เชียงราย \\(Chiang Rai\\)**" in listed


def udon_file(actual: float = 6) -> bytes:
    return to_bytes(simple_long([["อุดรธานี", 1, "networks", 6, actual]], {"อุดรธานี": 2564}))


def test_national_then_one_province_file_shows_what_changes_and_leaves_the_rest(make_app) -> None:
    from builders import long_book

    at = make_app.open("data", lang="en")
    upload(at, [("national.xlsx", to_bytes(long_book("th")))])
    assert t("data.replaces_sample", "en") in [w.value for w in at.warning]
    publish_button(at, 1, "en").click().run()
    assert t("data.published", "en", version=2) in texts(at)

    at = make_app.open("data", lang="en")
    upload(at, [("udon.xlsx", udon_file())])
    kinds = ("added", "changed", "removed", "unchanged", "kept")
    added, changed, removed, unchanged, kept = (t(f"data.col_rows_{k}", "en") for k in kinds)
    changes = frame_with(at, added)
    assert changes[["Province", added, changed, removed, unchanged, kept]].values.tolist() == [
        ["Udon Thani", 1, 0, 0, 0, 0]
    ]
    assert all(c[0].isupper() for c in changes.columns)  # English headers capitalised, no raw key (issue 24)
    assert t("data.untouched", "en", count=2, names="Chiang Rai, Surat Thani") in texts(at)
    before = uploader(at).key
    publish_button(at, 1, "en").click().run()
    assert t("data.published", "en", version=3) in texts(at)
    assert uploader(at).key != before and t("data.unchanged", "en") not in texts(at)  # the uploader starts empty
    tracker = make_app.store().tracker(3)
    assert set(tracker.province_codes) == {"TH-57", "TH-84", "TH-41"}

    again = make_app.open("data", lang="en")
    upload(again, [("udon.xlsx", udon_file())])
    assert t("data.unchanged", "en") in texts(again) and publish_button(again, 1, "en").disabled


def test_several_files_one_bad_and_a_conflict(make_app) -> None:
    at = make_app.open("data", lang="en")
    bad = to_bytes(simple_long([["อุดรธานีี", 1, "networks", 6, 6]]))
    upload(at, [("udon.xlsx", udon_file()), ("bad.xlsx", bad)])
    files = frame_with(at, "Check")
    assert files[["File", "Errors"]].values.tolist() == [["udon.xlsx", 0], ["bad.xlsx", 1]]
    assert publish_button(at, 2, "en").disabled
    upload(at, [("udon.xlsx", udon_file()), ("udon-copy.xlsx", udon_file())])  # the same file twice: no conflict
    notice = t("data.duplicate_file", "en", file=markdown_text("udon-copy.xlsx"), other=markdown_text("udon.xlsx"))
    assert notice in [i.value for i in at.info]
    assert not errors(at) and not publish_button(at, 1, "en").disabled
    upload(at, [("udon.xlsx", udon_file()), ("udon-again.xlsx", udon_file(9))])
    conflict = errors(at)
    assert conflict and "udon-again.xlsx" in conflict[0] and "Udon Thani" in conflict[0]
    assert publish_button(at, 2, "en").disabled and make_app.store().current_id() == 1


def test_a_scoped_editor_is_refused_another_province(make_app) -> None:
    at = make_app.open("data", lang="en", name="udon-clerk")
    upload(at, [("chiangrai.xlsx", to_bytes(simple_long([["เชียงราย", 1, "networks", 6, 6]], {"เชียงราย": 2563})))])
    refused = errors(at)
    assert refused and "Chiang Rai" in refused[0] and "จังหวัด!A2" in refused[0]
    assert publish_button(at, 1, "en").disabled


def test_lock_then_a_locked_year_is_refused(make_app) -> None:
    at = make_app.open("data", lang="en")
    upload(at, [("udon.xlsx", udon_file())])
    publish_button(at, 1, "en").click().run()
    at = make_app.open("data", lang="en")
    at.selectbox(key="manage_province").set_value("TH-41").run()
    at.button(key="lock").click().run()
    assert t("data.locked", "en", province="Udon Thani", year=2564) in texts(at)
    history = frame_with(at, "Action")
    assert history.iloc[0]["Action"] == t("data.action_lock", "en", year=2564)
    at = make_app.open("data", lang="en")
    upload(at, [("late.xlsx", udon_file(8))])
    assert any("Udon Thani" in e and "2564" in e for e in errors(at)), errors(at)
    assert publish_button(at, 1, "en").disabled


def test_restore_is_in_the_history_and_marks_the_current_version_once(make_app) -> None:
    at = make_app.open("data")
    upload(at, [("udon.xlsx", udon_file())])
    publish_button(at, 1).click().run()
    history = make_app.open("data")
    history.selectbox(key="history_pick").select(1).run()
    history.button(key="restore_version").click().run()
    assert make_app.store().current_id() == 2  # nothing restored before it is confirmed
    assert t("data.confirm_restore", version=1) in texts(history)
    history.button(key="confirm_restore").click().run()
    assert not history.exception
    assert t("data.restored", version=1) in texts(history)
    assert t("data.current_is", version=1) in texts(history)
    actions = frame_with(history, t("data.col_action"))
    assert actions.iloc[0][t("data.col_action")] == t("data.action_restore")
    fresh = make_app.open("data")
    fresh.selectbox(key="history_pick").select(1).run()
    assert fresh.button(key="restore_version").disabled  # restoring the current version would do nothing
    again = make_app.open("overview", year="1")
    assert {m.label: m.value for m in again.metric}[t("overview.tracked")] == "3"


def test_completeness_page_lists_all_77_provinces(make_app) -> None:
    at = make_app.open("completeness", lang="en")
    rates, late, table, last = (e.value for e in at.table)  # plain tables (issue 14): nothing in them is picked
    assert set(late[t("col.province", "en")]) <= {"Chiang Rai", "Surat Thani", "Udon Thani"}  # never all 77
    assert "Year 1" in table.columns and len(table) == 77 and "Chiang Rai" in set(table["Province"])
    assert "Year" in rates.columns and {"Chiang Rai", "Surat Thani", "Udon Thani"} <= set(last["Province"])
    assert any(b.proto.label == t("completeness.download", "en") for b in at.get("download_button"))


@pytest.mark.slow
def test_export_page_builds_deck_pdf_and_images(make_app) -> None:
    at = make_app.open("export", lang="en")
    at.multiselect(key="export_provinces").set_value(["TH-57"]).run()
    at.button(key="export_build").click().run()
    assert not at.exception, at.exception
    assert "Built in" in texts(at)
    assert [d.proto.label for d in at.get("download_button")] == [
        "Download the deck (.pptx)",
        "Download the PDF",
        "Download the chart images (PNG, .zip)",  # SVG only when asked for
        "Download CSV",
        "Download Excel",
        "Download the honourees (.csv)",  # issue 11
    ]
    png = zipfile.ZipFile(io.BytesIO(at.session_state["export_pack"]["zip"])).namelist()
    assert png and all(n.startswith("png/") for n in png)


@pytest.mark.slow
def test_export_page_adds_svg_when_asked(make_app) -> None:
    at = make_app.open("export", lang="en")
    at.multiselect(key="export_provinces").set_value(["TH-57"]).run()
    at.checkbox(key="export_svg").check().run()
    at.button(key="export_build").click().run()
    assert not at.exception, at.exception
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Download the chart images (PNG + SVG, .zip)" in labels
    names = zipfile.ZipFile(io.BytesIO(at.session_state["export_pack"]["zip"])).namelist()
    assert {n.split("/")[0] for n in names} == {"png", "svg"} and len(names) == 2 * (3 + 3)


def test_viewer_has_no_data_page_and_cannot_reach_it_directly(make_app) -> None:
    at = make_app.open("overview", editor=False)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(PAGES["data"])
    direct = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    assert not direct.exception
    assert [e.value for e in direct.error] == [t("auth.not_allowed")]
    assert not direct.file_uploader and not direct.get("download_button")


def test_a_database_failure_during_publish_is_reported_and_changes_nothing(make_app, monkeypatch) -> None:
    from sqlalchemy.exc import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    at = make_app.open("data", lang="en")
    upload(at, [("kk.xlsx", to_bytes(simple_long([["ขอนแก่น", 1, "networks", 4, 4]], {"ขอนแก่น": 2565})))])
    monkeypatch.setattr("moral_metrics.store.storage.insert_version", refuse)
    publish_button(at, 1, "en").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Something unexpected went wrong. The published data is unchanged; please try again."
    ]
    assert make_app.store().current_id() == 1


def test_data_page_offers_each_province_its_own_workbook(make_app) -> None:
    """Issue 24: a clerk gets their province's own workbook; an editor of every province picks one."""
    clerk = make_app.open("data", name="udon-clerk", lang="en")
    labels = [d.proto.label for d in clerk.get("download_button")]
    assert t("data.download_own", "en", province="Udon Thani") in labels
    assert not any(label == t("data.download_own", "en", province="Surat Thani") for label in labels)
    central = make_app.open("data", lang="en")
    central.selectbox(key="own").set_value("TH-84").run()
    assert not central.exception, central.exception
    labels = [d.proto.label for d in central.get("download_button")]
    assert t("data.download_own", "en", province="Surat Thani") in labels


def test_only_a_central_editor_says_when_a_back_filled_file_came_in(make_app) -> None:
    """The day is picked as day, Thai month and Buddhist-Era year in Thai (Streamlit's date input
    writes only CE); a half-chosen or impossible day publishes nothing and says why."""
    clerk = make_app.open("data", name="udon-clerk", lang="en")
    upload(clerk, [("udon.xlsx", udon_file())])
    assert not [s for s in clerk.selectbox if s.key.startswith("received_")]
    central = make_app.open("data")
    upload(central, [("udon.xlsx", udon_file())])
    before = make_app.store().current_id()
    day, month, year = (central.selectbox(key=f"received_{part}") for part in ("day", "month", "year"))
    assert (day.value, month.value, year.value) == (None, None, None)
    last_year = thai_today().year - 1
    assert month.options[12] == t("date.months", "th").split("|")[11]
    assert year.options[1:3] == [str(last_year + 1 + 543), str(last_year + 543)]  # Buddhist Era
    month.set_value(2)
    year.set_value(last_year)
    publish_button(central, 1).click().run()
    assert [e.value for e in central.error] == [t("date.problem_partial", "th", field=t("data.received_on", "th"))]
    assert make_app.store().current_id() == before  # nothing published
    central.selectbox(key="received_day").set_value(31)
    publish_button(central, 1).click().run()
    assert [e.value for e in central.error] == [t("date.problem_no_such_day", "th", field=t("data.received_on", "th"))]
    central.selectbox(key="received_day").set_value(20)
    central.selectbox(key="received_month").set_value(12)
    publish_button(central, 1).click().run()
    assert not central.error and make_app.store().current_id() == before + 1
    publish = make_app.store().history().query("action == 'publish'").iloc[0]  # newest first
    assert json.loads(publish["detail"])["received_on"] == f"{last_year}-12-20"


def test_the_data_page_shows_the_viewers_charts_being_made_through_any_rerun(make_app) -> None:
    """While the worker makes the first screens, every whole-page run (opening, an upload) shows
    the bar without an error (a fragment-only rerun raised there), then "done" once."""
    from moral_metrics.reference.settings import settings
    from moral_metrics.store.prebuilt import Prebuilt
    from moral_metrics.store.storage import Store

    at = make_app.open("data", lang="en")  # the first session seeds the sample
    store = make_app.store()
    shelf = Prebuilt(Path(settings().storage.cache_dir), store.url)
    stamp, consent = Store(store.url).stamp(store.current_id()), store.consent_revision()
    shelf.set_progress(stamp, consent, 3, 30)
    at.run()
    bar = t("data.prebuilding", "en", made=3, total=30)
    assert [p.proto.text for p in at.get("progress")] == [bar]
    upload(at, [("udon.xlsx", udon_file())])  # asserts no exception
    assert [p.proto.text for p in at.get("progress")] == [bar]
    shelf.set_progress(stamp, consent, 30, 30)
    at.run()
    assert not at.exception and not at.get("progress")
    assert t("data.prebuilt_done", "en") in [c.value for c in at.caption]
    at.run()
    assert t("data.prebuilt_done", "en") not in [c.value for c in at.caption]  # said once
