"""Commands on tracker files: ``check FILE``, ``template OUT`` and ``brief --tracker FILE --out DECK``.

Exit codes of ``check``: 0 loaded (warnings allowed), 1 validation errors, 2 unreadable file or
bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from moral_metrics.pipeline import load_tracker_file
from moral_metrics.reference.i18n import LANGS, t

UNREADABLE = {"unreadable_file", "file_too_large"}


def _check(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(t("cli.no_file", args.lang, path=path), file=sys.stderr)
        return 2
    from moral_metrics.briefing.report import to_json, to_text

    result = load_tracker_file(path)
    if args.json:
        json.dump(to_json(result, path.name), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(to_text(result, args.lang))
    if result.ok:
        return 0
    return 2 if any(m.code in UNREADABLE for m in result.errors) else 1


def _template(args: argparse.Namespace) -> int:
    """The blank template, or with ``--province`` that province's own workbook from the published
    data (issue 24), its private names included: whoever runs this reads the database anyway."""
    if args.province is None:
        from moral_metrics.briefing.template import write_tracker

        write_tracker(args.out, lang=args.lang)
        print(t("cli.template_written", args.lang, path=args.out))
        return 0
    from moral_metrics.reference.provinces import province_index, province_name
    from moral_metrics.service import Service

    found = province_index().resolve(args.province)
    if found is None:
        print(t("cli.unknown_province", args.lang, name=args.province), file=sys.stderr)
        return 2
    service = Service(args.database)
    version = service.current_id()
    if version is None:
        print(t("cli.nothing_published", args.lang), file=sys.stderr)
        return 2
    from moral_metrics.briefing.province_book import province_workbook

    own = province_workbook(service.tracker(version), found.code, args.lang, frozenset({found.code}))
    Path(args.out).write_bytes(own)
    name = province_name(found.code, args.lang)
    print(t("cli.template_province_written", args.lang, province=name, version=version, path=args.out))
    return 0


def _years(text: str) -> range | None:
    first, _, last = text.partition("-")
    if not (first.isdigit() and (last or first).isdigit()):
        return None
    return range(int(first), int(last or first) + 1)


def _provinces(names: list[str] | None) -> tuple[list[str] | None, list[str]]:
    from moral_metrics.reference.provinces import province_index

    if not names:
        return None, []
    found = {n: province_index().resolve(n) for n in names}
    return [p.code for p in found.values() if p], [n for n, p in found.items() if p is None]


def _brief(args: argparse.Namespace) -> int:
    from moral_metrics.briefing.export import briefing, charts_zip

    years, (codes, unknown) = _years(args.years), _provinces(args.provinces)
    if years is None or unknown:
        print(
            t("cli.bad_years", args.lang)
            if years is None
            else t("cli.unknown_provinces", args.lang, names=", ".join(unknown)),
            file=sys.stderr,
        )
        return 2
    path = Path(args.tracker)
    result = load_tracker_file(path) if path.is_file() else None
    if result is None or not result.ok:
        from moral_metrics.briefing.report import to_text

        print(to_text(result, args.lang) if result else t("cli.no_file", args.lang, path=path), file=sys.stderr)
        return 2 if result is None or any(m.code in UNREADABLE for m in result.errors) else 1
    deck = briefing(result.tracker, codes, years, args.lang, source=path.name)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_bytes(deck)
    from pptx import Presentation

    slides = len(Presentation(args.out).slides)
    print(t("cli.brief_written", args.lang, path=args.out, slides=slides))
    if args.pdf:
        from moral_metrics.briefing.office import pptx_to_pdf

        pdf = Path(args.out).with_suffix(".pdf")
        pdf.write_bytes(pptx_to_pdf(deck))
        print(t("cli.pdf_written", args.lang, path=pdf))
    if args.charts:
        chosen = codes or result.tracker.provinces["province_code"].tolist()
        Path(args.charts).write_bytes(charts_zip(result.tracker, chosen, years, args.lang))
        print(t("cli.zip_written", args.lang, path=args.charts))
    return 0


def add_commands(sub) -> None:
    check = sub.add_parser("check", help="validate a tracker workbook and print the report")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--lang", choices=LANGS, default="th")
    check.set_defaults(run=_check)
    template = sub.add_parser("template", help="write a blank tracker workbook, or a province's own")
    template.add_argument("out")
    template.add_argument("--province", metavar="CODE", help="ISO code or name: that province's published data")
    template.add_argument("--database", help="database URL (default: the app's); with --province")
    template.add_argument("--lang", choices=LANGS, default="th")
    template.set_defaults(run=_template)
    brief = sub.add_parser("brief", help="write a briefing deck (.pptx), optionally its PDF and chart images")
    brief.add_argument("--tracker", required=True)
    brief.add_argument("--out", required=True)
    brief.add_argument("--pdf", action="store_true", help="also write the PDF next to the deck (LibreOffice)")
    brief.add_argument("--charts", metavar="ZIP", help="also write every chart as PNG and SVG into this ZIP")
    brief.add_argument("--provinces", nargs="+", metavar="PROVINCE", help="names or codes; default: all")
    brief.add_argument("--years", default="1-3", help="programme years, e.g. 1-3 (default)")
    brief.add_argument("--lang", choices=LANGS, default="th")
    brief.set_defaults(run=_brief)
