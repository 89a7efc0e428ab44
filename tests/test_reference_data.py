"""The data files: provinces, catalogue, translations and the documented contract."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

from moral_metrics.reference.catalogue import areas, default_catalogue, kinds
from moral_metrics.reference.i18n import has, table
from moral_metrics.reference.messages import code_table
from moral_metrics.reference.provinces import province_index
from moral_metrics.reference.vocabulary import key

ROOT = Path(__file__).resolve().parent.parent


def test_77_provinces_with_unique_codes_matching_the_reference() -> None:
    index = province_index()
    codes = [p.code for p in index.provinces]
    assert len(codes) == 77 == len(set(codes))
    reference = ROOT.parent / "shared" / "reference" / "th_provinces.csv"
    with reference.open(encoding="utf-8") as fh:
        expected = {r["iso_3166_2"]: (r["name_th"], r["name_en"], r["region"]) for r in csv.DictReader(fh)}
    assert {p.code: (p.name_th, p.name_en, p.region) for p in index.provinces} == expected


def test_every_variant_maps_to_exactly_one_province() -> None:
    owners: dict[str, set[str]] = {}
    for p in province_index().provinces:
        for variant in (p.name_th, p.name_en, *p.aliases):
            owners.setdefault(key(variant), set()).add(p.code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    index = province_index()
    for p in index.provinces:
        for variant in p.aliases:
            assert index.resolve(variant) is p, variant
    assert index.resolve("โคราช").code == "TH-30"
    assert index.resolve("Nan").code == "TH-55"


def test_catalogue_defaults() -> None:
    catalogue = default_catalogue()
    assert catalogue.codes == [
        "networks",
        "organizations",
        "model_units",
        "strategy_stage",
        "drive_mechanisms",
        "monitoring_mechanism",
        "knowledge_tools",
        "lessons_learned",
        "exchange_events",
        "participants",
    ]
    assert {i.area for i in catalogue.indicators} == {a.code for a in areas()}
    assert {i.kind for i in catalogue.indicators} <= set(kinds())
    for ind in catalogue.indicators:
        for variant in ind.variants():
            assert catalogue.resolve(variant) is ind, variant


PLACEHOLDER = re.compile(r"{(\w+)(?::\w+)?}")
SETTINGS = tomllib.loads((ROOT / "data" / "settings.toml").read_text(encoding="utf-8"))
FORMAT_DOC = (ROOT / "docs" / "tracker-format.md").read_text(encoding="utf-8")
SOURCES = [p for folder in ("moral_metrics", "pages", "ui") for p in (ROOT / folder).rglob("*.py")]


def _used_keys() -> list[str]:
    found = set()
    for path in SOURCES:
        for m in re.finditer(r"""\b(?:t|tr)\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""", path.read_text(encoding="utf-8")):
            found.add(m.group(1))
    return sorted(found)


@pytest.mark.parametrize("name", sorted(table()))
def test_translation_has_both_languages_with_the_same_placeholders(name: str) -> None:
    entry = table()[name]
    assert entry["th"].strip() and entry["en"].strip()
    assert set(PLACEHOLDER.findall(entry["th"])) == set(PLACEHOLDER.findall(entry["en"]))
    for variant in set(entry) - {"th", "en"}:  # a singular form ("en_one") says the same things
        assert variant in ("th_one", "en_one") and set(PLACEHOLDER.findall(entry[variant])) == set(
            PLACEHOLDER.findall(entry[variant[:2]])
        )


@pytest.mark.parametrize("name", _used_keys())
def test_every_key_the_code_asks_for_exists(name: str) -> None:
    assert has(name)


def test_the_key_scan_finds_the_keys() -> None:
    assert {"app.title", "data.publish_all", "auth.sign_in"} <= set(_used_keys())


@pytest.mark.parametrize("code", sorted(code_table()))
def test_message_code_has_a_text(code: str) -> None:
    assert any(k == f"msg.{code}" or k.startswith(f"msg.{code}.") for k in table())


@pytest.mark.parametrize("code", sorted(code_table()))
def test_message_code_is_documented(code: str) -> None:
    assert f"`{code}`" in FORMAT_DOC


@pytest.mark.parametrize("name", [f"{section}.{name}" for section, values in SETTINGS.items() for name in values])
def test_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in FORMAT_DOC
