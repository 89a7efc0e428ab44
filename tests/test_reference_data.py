"""The data files: provinces, catalogue, translations and the documented contract."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from moral_metrics.reference.catalogue import areas, default_catalogue, kinds
from moral_metrics.reference.i18n import table
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


def test_translations_have_both_languages_with_the_same_placeholders() -> None:
    for name, entry in table().items():
        assert entry["th"].strip() and entry["en"].strip(), name
        assert set(re.findall(r"{(\w+)}", entry["th"])) == set(re.findall(r"{(\w+)}", entry["en"])), name


def test_every_message_code_has_a_text_and_is_documented() -> None:
    docs = (ROOT / "docs" / "tracker-format.md").read_text(encoding="utf-8")
    for code in code_table():
        assert any(k == f"msg.{code}" or k.startswith(f"msg.{code}.") for k in table()), code
        assert f"`{code}`" in docs, code


def test_every_setting_is_documented() -> None:
    import tomllib

    docs = (ROOT / "docs" / "tracker-format.md").read_text(encoding="utf-8")
    settings = tomllib.loads((ROOT / "data" / "settings.toml").read_text(encoding="utf-8"))
    for section, values in settings.items():
        for name in values:
            assert f"`{section}.{name}`" in docs, f"{section}.{name}"
