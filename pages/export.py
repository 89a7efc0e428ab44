"""Export (ส่งออก): the briefing deck, its PDF and every chart as PNG/SVG, for chosen provinces."""

from __future__ import annotations

import time

import streamlit as st

from moral_metrics.briefing import images, office
from moral_metrics.briefing.export import build_pack, honourees_csv, records_csv, records_xlsx
from moral_metrics.briefing.plan import Coverage, default_choice, estimate, file_name, size_text
from moral_metrics.figures.privacy import NO_PROVINCE
from moral_metrics.reference.i18n import LANGS, language_name
from moral_metrics.reference.messages import Refusal
from ui.auth import audience_of, current_actor
from ui.cache import made
from ui.shell import through_router
from ui.state import lang, param_value, service, tr, viewed_tracker, viewed_version
from ui.widgets import version_caption

through_router()


def _records_csv(tracker, span: tuple[int, int], codes: tuple[str, ...], language: str, _shown_in: str) -> bytes:
    return records_csv(tracker, language, range(*span), codes)


def _records_xlsx(tracker, span: tuple[int, int], codes: tuple[str, ...], language: str, _shown_in: str) -> bytes:
    return records_xlsx(tracker, language, range(*span), codes)


def _honourees_csv(
    tracker, span: tuple[int, int], codes: tuple[str, ...], language: str, audience: tuple | None, _shown_in: str
) -> bytes:
    who = None if audience is None else frozenset(audience)
    return honourees_csv(tracker, language, who, provinces=codes, years=range(*span))


def _first_choice(codes: list[str]) -> list[str]:
    """A briefing-sized first choice (issue 24): the link's provinces, else the editor's own, else
    the first few; never all 77 (a 315-slide deck)."""
    linked = param_value("provinces") or ([one] if (one := param_value("province")) else None)
    scope = current_actor().scope
    return default_choice(codes, scope=None if scope is None else sorted(scope), linked=linked)


def _years_caption(coverage: Coverage, chosen: list[str], years: range) -> str:
    """Both ends of the years chosen, and the fiscal years (BE) they are for the chosen provinces."""
    fiscal = sorted(set().union(*(coverage.fiscal(c, years) for c in chosen))) if chosen else []
    if not fiscal:
        return tr("export.years_span", first=years.start, last=years.stop - 1)
    return tr("export.years_fiscal", first=years.start, last=years.stop - 1, fy_first=fiscal[0], fy_last=fiscal[-1])


def _size_notice(
    tracker, coverage: Coverage, chosen: list[str], years: range, fame: bool, formats: tuple[str, ...]
) -> None:
    """What the build will make and cost, told before it starts; a warning when it is large."""
    if not chosen:
        st.caption(tr("export.choose_one"))
        return
    told = estimate(tracker, chosen, years, fame, formats, coverage)
    size = size_text(told, lang())
    if told.heavy:
        st.warning(tr("export.heavy", size=size), icon=":material/warning:")
    else:
        st.caption(size)


tracker = viewed_tracker()
version, _ = viewed_version()
st.title(tr("page.export"))
version_caption()
st.caption(tr("export.intro"))

codes = tracker.provinces["province_code"].tolist()
names = tracker.province_names(lang())
if "export_provinces" not in st.session_state:
    st.session_state["export_provinces"] = _first_choice(codes)
chosen = st.multiselect(
    tr("export.provinces"),
    codes,
    format_func=names.get,
    key="export_provinces",
    placeholder=tr("widget.choose"),
)
last = max([int(y) for y in tracker.summary["program_year"].unique()] or [3])
span = st.slider(tr("export.years"), 1, max(last, 3), (1, min(3, max(last, 3))), key="export_years")
coverage = Coverage.of(tracker)  # which fiscal years, and which slides, the choice makes
st.caption(_years_caption(coverage, chosen, range(span[0], span[1] + 1)))
language = (
    st.segmented_control(
        tr("export.language"),
        LANGS,
        default=lang(),
        key="export_lang",
        format_func=language_name,
    )
    or lang()
)
years = range(span[0], span[1] + 1)
fame = st.checkbox(tr("export_fame.slide"), key="export_fame")  # issue 11
private = current_actor().editor and st.checkbox(tr("export_fame.private"), key="export_private")
audience = audience_of(current_actor()) if private else NO_PROVINCE  # private names of the editor's provinces
formats = ("png", "svg") if st.checkbox(tr("export.with_svg"), key="export_svg") else ("png",)
if not images.available():
    st.warning(images.ExportUnavailable().text(lang()))
images.warm()
if office.soffice_path() is None:
    st.warning(office.ConversionUnavailable().text(lang()))
_size_notice(tracker, coverage, chosen, years, fame, formats)

if st.button(tr("export.build"), type="primary", disabled=not chosen, key="export_build"):
    started = time.perf_counter()
    progress = st.progress(0.0, text=tr("export.step_deck"))
    filename = service().versions().set_index("id").loc[version, "filename"]
    pack, failed = build_pack(
        tracker,
        chosen,
        years,
        language,
        source=f"{filename} (v{version})",
        fame=fame,
        audience=audience,
        formats=formats,
        on_step=lambda done, total: progress.progress(
            done / total, text=tr("export.step_chart", done=done, total=total)
        ),
    )
    for kind, error in failed.items():
        refusal = error if isinstance(error, Refusal) else Refusal("export_failed", "images" if kind == "zip" else kind)
        st.error(refusal.text(lang()))
    progress.empty()
    st.session_state["export_pack"] = pack
    st.session_state["export_formats"] = " + ".join(f.upper() for f in formats)
    st.session_state["export_name"] = file_name(
        "briefing", version, chosen, tracker.province_names(language), years, language
    )
    st.success(tr("export.built", seconds=f"{time.perf_counter() - started:.1f}"))

pack = st.session_state.get("export_pack")
if pack:
    name = st.session_state["export_name"]
    columns = st.columns(3)
    kinds = (
        ("pptx", "export.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("pdf", "export.pdf", "application/pdf"),
        ("zip", "export.zip", "application/zip"),
    )
    for column, (kind, label, mime) in zip(columns, kinds, strict=True):
        if kind in pack:
            text = tr(label, formats=st.session_state.get("export_formats", "PNG"))
            column.download_button(text, pack[kind], file_name=f"{name}.{kind}", mime=mime, key=f"dl_{kind}")

st.subheader(tr("export.data_title"))
st.caption(tr("export.data_scope", count=len(chosen), first=years.start, last=years.stop - 1))
left, right = st.columns(2)
data_name = file_name("records", version, chosen, tracker.province_names(language), years, language)
# The files are made once per version, years, provinces and language (ui.cache) and sent with the
# page: a download made on click could lose that click to a rerun and leave its button waiting.
span_key, chosen_key = (years.start, years.stop), tuple(sorted(chosen))
left.download_button(
    tr("export.csv"),
    made(_records_csv, tracker, span_key, chosen_key, language),
    file_name=f"{data_name}.csv",
    mime="text/csv",
    key="dl_csv",
    disabled=not chosen,
    on_click="ignore",
)
right.download_button(
    tr("export.xlsx"),
    made(_records_xlsx, tracker, span_key, chosen_key, language),
    file_name=f"{data_name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="dl_xlsx",
    disabled=not chosen,
    on_click="ignore",
)

st.subheader(tr("export_fame.title"))  # issue 11: names only as the privacy choice above allows
st.download_button(
    tr("export_fame.csv"),
    made(
        _honourees_csv, tracker, span_key, chosen_key, language, None if audience is None else tuple(sorted(audience))
    ),
    file_name=f"{file_name('honourees', version, chosen, tracker.province_names(language), years, language)}.csv",
    mime="text/csv",
    key="dl_honourees",
    disabled=not chosen,
    on_click="ignore",
)
