"""Exports: chart images through kaleido, the PowerPoint deck, its PDF, the ZIP and the CLI."""

from __future__ import annotations

import io
import re
import struct
import threading
import zipfile
from pathlib import Path

import plotly.graph_objects as go
import pytest
from builders import to_bytes
from commands import cli
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from moral_metrics import load_tracker, load_tracker_file
from moral_metrics.briefing import images
from moral_metrics.briefing.deck import build_deck, thai_date
from moral_metrics.briefing.export import charts_zip
from moral_metrics.briefing.office import pptx_to_pdf
from moral_metrics.figures import charts
from moral_metrics.figures.safety import safe_name
from moral_metrics.figures.style import TEMPLATE, apply
from moral_metrics.reference.i18n import t

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample_tracker.xlsx"


@pytest.fixture(scope="module")
def tracker():
    return load_tracker_file(SAMPLE).tracker


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def text_figure(text: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 40})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply(fig, "", height=200, legend=False)


def test_png_is_a_real_image_of_the_asked_size(tracker) -> None:
    png = images.render(charts.area_trend(tracker, "TH-57", "th"), "png", width=900, height=450, scale=2)
    assert png_size(png) == (1800, 900)


def test_thai_text_renders_as_glyphs_not_boxes() -> None:
    """Thai and a private-use string nobody has glyphs for must not come out the same (boxes)."""
    thai = images.render(text_figure("จังหวัดคุณธรรม"), "png", width=600, height=200, scale=1)
    tofu = images.render(text_figure("\ue000" * 14), "png", width=600, height=200, scale=1)
    other_tofu = images.render(text_figure("\ue001" * 14), "png", width=600, height=200, scale=1)
    assert tofu == other_tofu  # boxes look alike, whatever the code point
    assert thai != tofu


def test_pdf_embeds_the_thai_font(tracker) -> None:
    pdf = images.render(charts.radar(tracker, "TH-84", "th"), "pdf")
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/FontName\s*/[A-Z]{6}\+Sarabun", pdf)


def test_svg_has_the_thai_title(tracker) -> None:
    svg = images.render(charts.area_trend(tracker, "TH-57", "th"), "svg").decode()
    assert svg.startswith("<svg") and "เชียงราย: ผลรายด้าน ปีที่ 1-4" in svg


def test_concurrent_exports_each_get_their_own_image(tracker) -> None:
    """kaleido's server is not thread-safe; the exporter's lock must keep answers apart."""
    codes = ["TH-57", "TH-84", "TH-41", "TH-57", "TH-84", "TH-41"]
    names = {"TH-57": b"Chiang Rai:", "TH-84": b"Surat Thani:", "TH-41": b"Udon Thani:"}
    got: dict[int, bytes] = {}

    def work(n: int, code: str) -> None:
        got[n] = images.render(charts.area_trend(tracker, code, "en"), "svg")

    threads = [threading.Thread(target=work, args=(n, c)) for n, c in enumerate(codes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, code in enumerate(codes):  # SVGs carry random clip-path ids, so compare their titles
        assert [name in got[n] for name in names.values()] == [name == names[code] for name in names.values()]


def test_a_render_that_never_answers_is_refused_and_the_next_one_works() -> None:
    """Seen under load: a tab never came back and kaleido's own sync server waited for ever,
    holding every later export. A call that takes both tabs and waits for a third is that hang."""

    async def lose_every_tab(kaleido) -> None:
        for _ in range(images.TABS + 1):  # kaleido's own tab queue: the third wait never ends
            await kaleido._get_kaleido_tab()

    with pytest.raises(images.RenderFailed) as refused:
        images.draw(lose_every_tab, seconds=3)
    assert (refused.value.code, refused.value.message.detail) == ("export_failed", "images")
    png = images.render(text_figure("ต่อได้"), "png", width=300, height=200, scale=1)
    assert png_size(png) == (300, 200)  # a new renderer took over


def test_every_chart_sets_its_template_explicitly(tracker) -> None:
    import streamlit  # noqa: F401  (importing it changes plotly's default template)

    fig = charts.status_heatmap(tracker, 2, "th")
    assert fig.layout.template.layout.paper_bgcolor is not None or fig.layout.template == TEMPLATE
    assert fig.to_dict()["layout"]["template"]["layout"]["paper_bgcolor"] == "white"


def test_deck_reopens_with_native_charts_thai_categories_and_the_trackers_numbers(tracker) -> None:
    deck = Presentation(io.BytesIO(build_deck(tracker, years=range(1, 4), lang="th")))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.001
    assert len(deck.slides) == 1 + 1 + 1 + 3 * 4  # national; per province: areas, indicators, units, honourees
    area_slide = deck.slides[3]
    assert area_slide.shapes.title.text_frame.text == "เชียงราย: ผลรายด้าน ปีที่ 1-3"
    chart = next(s.chart for s in area_slide.shapes if s.has_chart)
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(chart.plots[0].categories) == ["ปีที่ 1", "ปีที่ 2", "ปีที่ 3"]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    scores = tracker.summary.query("province_code == 'TH-57' and area == 'mechanisms'").set_index("program_year")
    assert series["กลไก"] == [round(scores.loc[y, "score"] * 100, 1) for y in (1, 2, 3)]
    table_slide = deck.slides[4]
    table = next(s.table for s in table_slide.shapes if s.has_table)
    cells = {table.cell(r, 0).text: (table.cell(r, 1).text, table.cell(r, 2).text) for r in range(1, len(table.rows))}
    assert cells["จำนวนผู้เข้าร่วมเวทีแลกเปลี่ยนเรียนรู้"] == ("200", "32")
    xml = area_slide.shapes.title.text_frame._txBody.xml
    assert 'a:cs typeface="TH Sarabun New"' in xml and 'a:latin typeface="TH Sarabun New"' in xml
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width, shape.name


def test_deck_in_english_for_chosen_provinces(tracker) -> None:
    deck = Presentation(io.BytesIO(build_deck(tracker, provinces=["TH-84"], years=range(2, 4), lang="en")))
    assert len(deck.slides) == 6  # title, overview, areas, indicators, units (10), honourees (11)
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[2] == "Surat Thani: goal-area scores, years 2-3"
    summary = " ".join(sh.text_frame.text for sh in deck.slides[2].shapes if sh.has_text_frame)
    assert "In year 3, 0 of 5 goal areas met their targets" in summary


def test_thai_date_uses_the_buddhist_era() -> None:
    from datetime import date

    assert thai_date(date(2026, 11, 24), "th") == "24 พฤศจิกายน 2569"
    assert thai_date(date(2026, 11, 24), "en") == "24 November 2026"


@pytest.mark.slow
def test_libreoffice_converts_the_deck_one_page_per_slide(tracker) -> None:
    pptx = build_deck(tracker, years=range(1, 4), lang="th")
    pdf = pptx_to_pdf(pptx)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages == len(Presentation(io.BytesIO(pptx)).slides) == 15
    assert b"Sarabun" in pdf


@pytest.mark.slow
def test_charts_zip_has_png_and_svg_of_every_chart(tracker) -> None:
    archive = zipfile.ZipFile(io.BytesIO(charts_zip(tracker, ["TH-57"], range(1, 4), "th")))
    names = sorted(archive.namelist())
    assert len(names) == 2 * (3 + 3)
    assert "png/เชียงราย_area-scores_years1-3.png" in names and "svg/map_year3.svg" in names
    assert all("/" not in n.split("/", 1)[1] for n in names)
    png_size(archive.read("png/ranking_year3.png"))


@pytest.mark.parametrize("parts", [("../../etc", "passwd"), ("a/b\\c", "d"), ("", None)])
def test_file_names_have_no_path_characters(parts) -> None:
    name = safe_name(*parts)
    assert name and "/" not in name and "\\" not in name and ".." not in name


@pytest.mark.slow
def test_brief_command_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "packs" / "brief.pptx"
    done = cli(
        "brief",
        "--tracker",
        str(SAMPLE),
        "--out",
        str(out),
        "--pdf",
        "--charts",
        str(tmp_path / "charts.zip"),
        "--provinces",
        "เชียงราย",
        "Udon Thani",
        "--lang",
        "en",
    )
    assert done.returncode == 0, done.stderr
    assert len(Presentation(str(out)).slides) == 1 + 1 + 1 + 4 * 2  # national; with units (10) and honourees (11)
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    assert len(zipfile.ZipFile(tmp_path / "charts.zip").namelist()) == 2 * (3 + 3 * 2)
    bad = cli("brief", "--tracker", str(SAMPLE), "--out", str(out), "--provinces", "Atlantis")
    assert bad.returncode == 2 and "Atlantis" in bad.stderr


# Issue 24: the deck at national scale


def _titles(deck: Presentation) -> list[str]:
    return [s.shapes.title.text_frame.text for s in deck.slides]


def _deck(tracker, **options) -> Presentation:
    return Presentation(io.BytesIO(build_deck(tracker, **options)))


@pytest.mark.parametrize("years", [range(1, 3), range(1, 4), range(3, 5)])
def test_deck_slides_name_only_fiscal_years_the_chosen_years_cover(tracker, years) -> None:
    deck = _deck(tracker, years=years, lang="en")
    starts = tracker.provinces.set_index("province_code")["start_year"]
    covered = {int(s) + y - 1 for s in starts for y in years}
    named = {int(y) for title in _titles(deck) for y in re.findall(r"fiscal year B\.E\. (\d{4})", title)}
    assert named and named <= covered, (named, covered)


def test_years_1_2_show_units_and_honours_of_fy2564_not_the_latest(tracker) -> None:
    """The sample has units and honourees up to FY2565 (programme year 3); a years 1-2 deck shows FY2564's."""
    assert max(tracker.dataset("units")["fiscal_year"]) == max(tracker.dataset("honourees")["fiscal_year"]) == 2565
    early = _titles(_deck(tracker, provinces=["TH-57"], years=range(1, 3), lang="en"))
    later = _titles(_deck(tracker, provinces=["TH-57"], years=range(1, 4), lang="en"))
    units, honours = "units.deck_title", "deck_fame.title"
    assert t(units, "en", province="Chiang Rai", year=2564) in early
    assert t(honours, "en", province="Chiang Rai", year=2564) in early
    assert not any("2565" in title for title in early)
    assert t(units, "en", province="Chiang Rai", year=2565) in later


def test_events_slide_says_how_many_it_leaves_out() -> None:
    from recognition_books import event, recognition_book

    from moral_metrics.briefing.deck_recognition import EVENT_ROWS

    count = EVENT_ROWS + 4
    book = recognition_book(events=[event(f"กิจกรรม {n}", date=f"{n + 1}/1/2566") for n in range(count)])
    tracker = load_tracker(to_bytes(book)).tracker
    deck = _deck(tracker, years=range(1, 5), lang="th")
    texts = [sh.text_frame.text for slide in deck.slides for sh in slide.shapes if sh.has_text_frame]
    texts += [c.text for slide in deck.slides for sh in slide.shapes if sh.has_table for c in sh.table.iter_cells()]
    assert t("deck_fame.totals", "th", honourees=0, events=count, participants=f"{60 * count:,}") in texts
    assert t("deck.more", "th", count="4") in texts


def test_a_national_slide_with_the_map_and_the_ranking_for_several_provinces(tracker) -> None:

    several = _deck(tracker, provinces=["TH-57", "TH-84"], years=range(1, 4), lang="th")
    national = [s for s in several.slides if s.shapes.title.text_frame.text == t("deck.national", "th", year=3)]
    assert len(national) == 1
    pictures = [sh for sh in national[0].shapes if sh.shape_type == 13]  # the map and the ranking
    assert len(pictures) == 2
    for picture in pictures:
        assert picture.left + picture.width <= several.slide_width
        assert picture.top + picture.height <= several.slide_height
    one = _deck(tracker, provinces=["TH-57"], years=range(1, 4), lang="th")
    assert t("deck.national", "th", year=3) not in _titles(one)


def test_national_slide_without_a_renderer_lists_the_ranking(tracker, monkeypatch) -> None:

    def refuse(*_args, **_kw):
        raise images.ExportUnavailable()

    monkeypatch.setattr(images, "render", refuse)
    deck = _deck(tracker, years=range(1, 4), lang="en")
    national = deck.slides[2]
    assert national.shapes.title.text_frame.text == t("deck.national", "en", year=3)
    body = " ".join(sh.text_frame.text for sh in national.shapes if sh.has_text_frame)
    assert "Chiang Rai:" in body and "Surat Thani:" in body


@pytest.mark.parametrize(
    ("provinces", "years", "fame"),
    [(None, range(1, 4), False), (["TH-84"], range(1, 3), True), (["TH-57", "TH-41"], range(2, 5), True)],
)
def test_the_estimate_counts_the_slides_the_deck_has(tracker, provinces, years, fame) -> None:
    from moral_metrics.briefing.plan import estimate

    codes = provinces or tracker.province_codes
    told = estimate(tracker, codes, years, fame=fame)
    built = _deck(tracker, provinces=provinces, years=years, lang="th", fame=fame)
    assert told.slides == len(built.slides)
    assert told.charts == 3 + 3 * len(codes)
    assert told.seconds > 0 and told.megabytes > 0


def test_estimate_grows_with_the_choice_and_warns_at_national_size(tracker) -> None:
    from moral_metrics.briefing.plan import Estimate, estimate, export_settings

    one, three = estimate(tracker, ["TH-57"], range(1, 4)), estimate(tracker, tracker.province_codes, range(1, 4))
    assert one.slides < three.slides and one.seconds < three.seconds and one.megabytes < three.megabytes
    with_svg = estimate(tracker, ["TH-57"], range(1, 4), formats=("png", "svg"))
    assert with_svg.seconds > one.seconds and with_svg.megabytes > one.megabytes
    assert not one.heavy
    warn = export_settings()["warn"]
    assert Estimate(warn["slides"] + 1, 3, 1.0, 1.0).heavy and Estimate(3, 3, warn["seconds"] + 1, 1.0).heavy


def test_deck_date_is_bangkoks_date_after_midnight() -> None:
    from datetime import UTC, date, datetime

    from moral_metrics.reference.calendar import thai_time

    assert thai_time(datetime(2026, 11, 23, 17, 30, tzinfo=UTC)).date() == date(2026, 11, 24)
    deck = _deck(load_tracker_file(SAMPLE).tracker, provinces=["TH-57"], lang="th", today=date(2026, 11, 24))
    assert "24 พฤศจิกายน 2569" in deck.slides[0].placeholders[1].text_frame.text


# Issue 24: the Export page's choice, size and files


def test_data_downloads_hold_only_the_chosen_provinces_and_years(tracker) -> None:
    import csv

    from openpyxl import load_workbook

    from moral_metrics.briefing.export import honourees_csv, records_csv, records_xlsx

    rows = list(csv.DictReader(io.StringIO(records_csv(tracker, "en", range(1, 3), ["TH-84"]).decode("utf-8-sig"))))
    expected = tracker.records.query("province_code == 'TH-84' and program_year in (1, 2)")
    assert len(rows) == len(expected) > 0
    assert {r["Province"] for r in rows} == {"Surat Thani"} and {r["Year"] for r in rows} == {"1", "2"}
    sheet = load_workbook(io.BytesIO(records_xlsx(tracker, "en", range(1, 3), ["TH-84", "TH-57"]))).active
    both = tracker.records.query("province_code in ('TH-84', 'TH-57') and program_year in (1, 2)")
    assert sheet.max_row - 1 == len(both)
    people_csv = honourees_csv(tracker, "en", provinces=["TH-57"], years=range(1, 3))
    people = list(csv.reader(io.StringIO(people_csv.decode("utf-8-sig"))))
    public = tracker.dataset("honourees").query("province_code == 'TH-57' and fiscal_year in (2563, 2564) and public")
    assert len(people) - 1 == len(public) > 0
    assert {r[0] for r in people[1:]} == {"Chiang Rai"} and {r[3] for r in people[1:]} <= {"2563", "2564"}


def test_file_names_name_the_provinces_and_the_years(tracker) -> None:
    from moral_metrics.briefing.plan import file_name

    names = tracker.province_names("th")
    assert file_name("records", 3, ["TH-57"], names, range(1, 4), "th") == "records_v3_เชียงราย_years1-3_th"
    several = file_name("briefing", 3, ["TH-57", "TH-84"], names, range(2, 3), "en")
    assert several == "briefing_v3_2-provinces_years2-2_en"


def test_the_first_choice_is_briefing_sized() -> None:
    from moral_metrics.briefing.plan import default_choice, export_settings

    codes = [f"TH-{n}" for n in range(10, 97)]
    most = export_settings()["choice"]["default_provinces"]
    assert default_choice(codes) == codes[:most]
    assert default_choice(codes, scope=["TH-41", "TH-99"]) == ["TH-41"]
    assert default_choice(codes, scope=["TH-41"], linked=["TH-84", "TH-57"]) == ["TH-57", "TH-84"]
    assert len(default_choice(codes, linked=codes)) == most


def _captions(at) -> list[str]:
    return [str(c.value) for c in at.caption]


def test_export_page_starts_with_a_few_provinces_and_tells_the_size(make_app, monkeypatch, tracker) -> None:
    from moral_metrics.briefing.plan import estimate, export_settings, size_text

    monkeypatch.setitem(export_settings()["choice"], "default_provinces", 2)
    at = make_app.open("export", editor=False, lang="en")
    first = tracker.province_codes[:2]
    assert at.multiselect(key="export_provinces").value == first
    size = size_text(estimate(tracker, first, range(1, 4)), "en")
    assert size in _captions(at)
    assert t("export.years_fiscal", "en", first=1, last=3, fy_first=2563, fy_last=2565) in _captions(at)
    assert all(size not in w.value for w in at.warning)  # a briefing-sized choice: no warning
    at.multiselect(key="export_provinces").set_value(["TH-84"]).run()
    assert size_text(estimate(tracker, ["TH-84"], range(1, 4)), "en") in _captions(at)
    at.multiselect(key="export_provinces").set_value([]).run()
    assert t("export.choose_one", "en") in _captions(at)


def test_export_page_warns_of_a_large_build_before_it_starts(make_app, monkeypatch, tracker) -> None:
    from moral_metrics.briefing.plan import estimate, export_settings, size_text

    monkeypatch.setitem(export_settings()["warn"], "slides", 5)
    at = make_app.open("export", editor=False, lang="th")
    chosen = at.multiselect(key="export_provinces").value
    heavy = t("export.heavy", "th", size=size_text(estimate(tracker, chosen, range(1, 4)), "th"))
    assert heavy in [w.value for w in at.warning]


@pytest.mark.parametrize(
    ("who", "link", "expected"), [("udon-clerk", {}, ["TH-41"]), (None, {"provinces": "TH-84"}, ["TH-84"])]
)
def test_export_page_starts_with_the_editors_provinces_or_the_links(make_app, who, link, expected) -> None:
    at = make_app.open("export", editor=who is not None, name=who or "", lang="en", **link)
    assert at.multiselect(key="export_provinces").value == expected


def test_units_slide_names_a_dozen_missing_districts_and_counts_the_rest() -> None:
    from builders import units_book

    from moral_metrics.briefing.deck_units import MISSING_NAMES
    from moral_metrics.reference.districts import district_index

    tracker = load_tracker(to_bytes(units_book([["สุราษฎร์ธานี", "ไชยา", "องค์กร", "วัด", 2563, 3]]))).tracker
    deck = _deck(tracker, provinces=["TH-84"], years=range(1, 4), lang="en")
    texts = " ".join(sh.text_frame.text for slide in deck.slides for sh in slide.shapes if sh.has_text_frame)
    missing = len(district_index().of_province("TH-84")) - 1
    assert missing > MISSING_NAMES
    assert t("deck.more", "en", count=str(missing - MISSING_NAMES)) in texts


def test_export_page_says_whose_records_the_downloads_hold(make_app) -> None:

    at = make_app.open("export", editor=False, lang="en", provinces="TH-84")
    assert t("export.data_scope", "en", count=1, first=1, last=3) in _captions(at)
    at.multiselect(key="export_provinces").set_value([]).run()
    assert not at.exception
    downloads = {d.proto.label: d.proto.disabled for d in at.get("download_button")}
    assert downloads == {t("export.csv", "en"): True, t("export.xlsx", "en"): True, t("export_fame.csv", "en"): True}
