"""Command line: ``check FILE``, ``template OUT`` and ``brief --tracker FILE --out DECK``.

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
        json.dump(to_json(result), sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(to_text(result, args.lang))
    if result.ok:
        return 0
    return 2 if any(m.code in UNREADABLE for m in result.errors) else 1


def _template(args: argparse.Namespace) -> int:
    from moral_metrics.briefing.template import write_tracker

    write_tracker(args.out, lang=args.lang)
    print(t("cli.template_written", args.lang, path=args.out))
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


def _hash_passphrase(args: argparse.Namespace) -> int:
    """Print the hash to put in secrets; the passphrase itself is never stored anywhere."""
    import getpass

    from moral_metrics.access import hash_passphrase

    secret = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass("Editor passphrase: ")
    if len(secret) < 12:
        print("The passphrase needs at least 12 characters.", file=sys.stderr)
        return 2
    print(hash_passphrase(secret))
    return 0


def _store(args: argparse.Namespace):
    from moral_metrics.store.storage import Store

    return Store(args.database)  # None: MORAL_METRICS_DATABASE_URL, settings, or data/moral_metrics.db


def _publish(args: argparse.Namespace) -> int:
    """Publish one or more files as one version; prints what changed as one JSON object."""
    from moral_metrics.access import SYSTEM_SCOPE, Actor
    from moral_metrics.reference.messages import Refusal

    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(t("cli.no_file", args.lang, path=", ".join(missing)), file=sys.stderr)
        return 2
    files = [(Path(f).name, Path(f).read_bytes()) for f in args.files]
    try:
        done = _store(args).publish_files(files, Actor(args.by, "editor", SYSTEM_SCOPE), args.note)
    except Refusal as refused:
        json.dump(
            {"version": None, "provinces": [], "refused": refused.message.to_dict()}, sys.stdout, ensure_ascii=False
        )
        print()
        return 2
    errors = {c.filename: [m.to_dict() for m in c.result.errors] for c in done.checked if not c.result.ok}
    out = {"version": done.version_id, "provinces": done.provinces, "unchanged": done.unchanged, "errors": errors}
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()
    return 1 if errors else 0


def _status(args: argparse.Namespace) -> int:
    """The published data as one JSON object: records and summary as ``check --json``, plus provinces."""
    json.dump(_status_json(_store(args)), sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()
    return 0


def _status_json(store) -> dict:
    from moral_metrics.briefing.report import to_json
    from moral_metrics.model import LoadResult
    from moral_metrics.store.completeness import completeness, last_submissions
    from moral_metrics.store.merge import empty_tracker

    current = store.current_id()
    tracker = store.tracker(current) if current is not None else empty_tracker()
    slices, locks = store.table("slices"), store.table("locks")
    table = completeness(tracker, slices, locks)
    last = last_submissions(slices, store.events()).set_index("province_code")
    out = {k: v for k, v in to_json(LoadResult(tracker, tracker.warnings)).items() if k not in ("ok", "errors")}
    out["version"] = store.current_id()
    out["provinces"] = [
        _province_status(code, group, last) for code, group in table.groupby("province_code", sort=False)
    ]
    return out


def _province_status(code: str, group, last) -> dict:
    mine = last.loc[code] if code in last.index else None
    years = {
        str(int(r.program_year)): {
            "fiscal_year": None if r.fiscal_year != r.fiscal_year or r.fiscal_year is None else int(r.fiscal_year),
            "status": r.status,
            "expected": int(r.expected) if r.status not in ("not_due", "not_in_programme") else 0,
            "reported": int(r.reported),
            "on_time": None if r.on_time is None or r.on_time != r.on_time else bool(r.on_time),
            "locked": bool(r.locked),
        }
        for r in group.itertuples()
    }
    return {
        "province_code": code,
        "last_version": None if mine is None else int(mine["last_version"]),
        "last_published_at": None if mine is None else mine["last_published_at"].isoformat(),
        "last_published_by": None if mine is None else mine["last_published_by"],
        "years": years,
    }


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m moral_metrics", description="Moral Metrics tracker tools")
    sub = root.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate a tracker workbook and print the report")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--lang", choices=LANGS, default="th")
    check.set_defaults(run=_check)
    template = sub.add_parser("template", help="write a blank tracker workbook")
    template.add_argument("out")
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
    publish = sub.add_parser("publish", help="publish tracker files as one version (merged by province)")
    publish.add_argument("files", nargs="+", metavar="FILE")
    publish.add_argument("--by", required=True, help="who publishes (kept in the history)")
    publish.add_argument("--note", default="")
    publish.add_argument("--database", help="database URL (default: the app's)")
    publish.add_argument("--lang", choices=LANGS, default="th")
    publish.set_defaults(run=_publish)
    status = sub.add_parser("status", help="print the published data and who has reported, as JSON")
    status.add_argument("--database", help="database URL (default: the app's)")
    status.add_argument("--json", action="store_true", help="one JSON object (the only format)")
    status.set_defaults(run=_status)
    hashing = sub.add_parser("hash-passphrase", help="print the hash of an editor passphrase for secrets")
    hashing.add_argument("--stdin", action="store_true", help="read the passphrase from standard input")
    hashing.set_defaults(run=_hash_passphrase)
    return root


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    return int(args.run(args))
