"""Commands on the published store, for operators who script provincial submissions.

Each acts as someone: ``--as NAME`` is an editor of the editors table in the secrets file
(default ``.streamlit/secrets.toml``), whose scope applies exactly as in the app; ``--by NAME``
is the operator of the server (central). Each prints one JSON object: ``version`` (the new
current version, or null when nothing changed) and, when refused, ``refused`` (the first reason's
message fields) and ``refusals`` (every reason). Exit 0 done, 1 refused or an invalid file, 2 an
unreadable file or bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

from moral_metrics.access.editors import editors_from
from moral_metrics.access.roles import Actor
from moral_metrics.cli.status import status_json
from moral_metrics.reference.calendar import DateProblem, past_day, thai_today
from moral_metrics.reference.i18n import LANGS, t
from moral_metrics.reference.messages import Refusal
from moral_metrics.reference.provinces import province_index

DEFAULT_SECRETS = Path(".streamlit/secrets.toml")
UNREADABLE = {"unreadable_file", "file_too_large"}


class BadArguments(Exception):
    """Arguments that name nothing usable: exit 2 with this text."""


def _print(out: dict[str, Any]) -> None:
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1, default=str)
    print()


def _store(args: argparse.Namespace):
    from moral_metrics.service import Service

    return Service(args.database)  # None: MORAL_METRICS_DATABASE_URL, settings, or data/moral_metrics.db


def actor_of(args: argparse.Namespace) -> Actor:
    """``--by``: the server's operator (central); ``--as``: an entry of the editors table, or refused."""
    if args.by is not None:
        if not args.by.strip():
            raise BadArguments("--by needs a name")
        return Actor.central(args.by.strip(), "command line")
    path = Path(args.secrets or DEFAULT_SECRETS)
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadArguments(f"{path}: {exc}") from exc
    table = editors_from(secrets)
    entry = table.for_name(args.who) or table.for_email(args.who)
    if entry is None:
        raise Refusal("not_allowed", name=args.who)
    return entry.actor("command line")


def _refused(refusal: Refusal, **extra: Any) -> int:
    out = {"version": None, **extra, "refused": refusal.message.to_dict()}
    out["refusals"] = [m.to_dict() for m in refusal.messages]
    _print(out)
    return 1


def _province(name: str) -> str:
    found = province_index().resolve(name)
    if found is None:
        raise BadArguments(f"unknown province: {name}")
    return found.code


def _acting(run):
    """Run a store command as the actor its arguments name; refusals and bad arguments as JSON/exit codes."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args, actor_of(args))
        except BadArguments as problem:
            print(str(problem), file=sys.stderr)
            return 2
        except Refusal as refusal:
            return _refused(refusal)

    return wrapped


def _publish(args: argparse.Namespace, actor: Actor) -> int:
    """Publish one or more files as one version; prints what changed as one JSON object."""
    missing = [f for f in args.files if not Path(f).is_file()]
    if missing:
        print(t("cli.no_file", args.lang, path=", ".join(missing)), file=sys.stderr)
        return 2
    from moral_metrics.service import distinct_files

    files, repeated = distinct_files([(Path(f).name, Path(f).read_bytes()) for f in args.files])
    done = _store(args).publish_files(files, actor, args.note, args.received_on)
    errors = {c.filename: [m.to_dict() for m in c.result.errors] for c in done.checked if not c.result.ok}
    out = {"version": done.version_id, "provinces": done.provinces, "unchanged": done.unchanged, "errors": errors}
    _print(out | {"duplicates": [{"file": name, "same_as": other} for name, other in repeated]})
    if any(m["code"] in UNREADABLE for found in errors.values() for m in found):
        return 2
    return 1 if errors else 0


def _locking(locked: bool):
    def run(args: argparse.Namespace, actor: Actor) -> int:
        store, province = _store(args), _province(args.province)
        done = store.set_lock(province, args.fiscal_year, locked, actor, args.note)
        _print(
            {"version": store.current_id() if done else None, "province": province, "locked": locked, "changed": done}
        )
        return 0

    return run


def _remove(args: argparse.Namespace, actor: Actor) -> int:
    store, province = _store(args), _province(args.province)
    years = set(args.years) if args.years else None
    preview = store.removal(province, years)
    version = store.remove(province, years, actor, args.note)
    _print({"version": version, "province": province, "years": args.years or "all", "rows": preview.rows})
    return 0


def _restore(args: argparse.Namespace, actor: Actor) -> int:
    store = _store(args)
    replaced = store.restore(args.version, actor, args.note, args.over_locks)
    _print({"version": args.version if replaced is not None else None, "replaced": replaced})
    return 0


def _erase(args: argparse.Namespace, actor: Actor) -> int:
    """Erase a person everywhere; prints the reference the history keeps (never the name)."""
    done = _store(args).erase_person(_province(args.province), args.name, actor, args.note)
    _print({"version": None, "found": done.found, **(done.summary() if done.found else {})})
    return 0


def _status(args: argparse.Namespace) -> int:
    """The published data as one JSON object: records and summary as ``check --json``, plus provinces."""
    _print(status_json(_store(args), args.include_private, args.summary))
    return 0


def _prebuild(args: argparse.Namespace) -> int:
    """Make a version's first screens into the shared cache (the worker a publish starts)."""
    made = _store(args).prebuild(args.version)
    print(json.dumps({"made": made}))
    return 0


def _hash_passphrase(args: argparse.Namespace) -> int:
    """Print the hash to put in secrets; the passphrase itself is never stored anywhere."""
    import getpass

    from moral_metrics.access.passphrase import hash_passphrase

    secret = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass("Editor passphrase: ")
    if len(secret) < 12:
        print("The passphrase needs at least 12 characters.", file=sys.stderr)
        return 2
    print(hash_passphrase(secret))
    return 0


def _who(command: argparse.ArgumentParser) -> None:
    who = command.add_mutually_exclusive_group(required=True)
    who.add_argument("--as", dest="who", metavar="NAME", help="an editor of the secrets file; their scope applies")
    who.add_argument("--by", metavar="NAME", help="the server's operator (central rights), kept in the history")
    command.add_argument("--secrets", metavar="PATH", help=f"the editors table (default {DEFAULT_SECRETS})")
    command.add_argument("--database", help="database URL (default: the app's)")
    command.add_argument("--note", default="", help="kept in the history")


def _day(text: str) -> dt.date:
    """A day as YYYY-MM-DD; a year past 2400 is Buddhist Era (2566-12-20 is 20 December 2023)."""
    try:
        year, month, day_of = (int(part) for part in text.strip().split("-"))
        day = past_day(year, month, day_of, thai_today())
    except DateProblem as problem:
        why = "a day still to come" if problem.code == "future" else "not a date (YYYY-MM-DD)"
        raise argparse.ArgumentTypeError(f"{why}: {text}") from problem
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from exc
    if day is None:  # cannot happen with three parts; says so rather than return None
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}")
    return day


def _whole(text: str) -> int:
    """A year or a version number: ASCII digits, at most nine of them."""
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise argparse.ArgumentTypeError(f"not a whole number: {text}")
    return int(text)


def add_commands(sub) -> None:
    publish = sub.add_parser("publish", help="publish tracker files as one version (merged by province)")
    publish.add_argument("files", nargs="+", metavar="FILE")
    publish.add_argument("--lang", choices=LANGS, default="th")
    publish.add_argument(
        "--received-on",
        type=_day,
        metavar="DATE",
        help="when a back-filled submission really came in (central only; on-time reporting counts from it)",
    )
    _who(publish)
    publish.set_defaults(run=_acting(_publish))
    for name, locked in (("lock", True), ("unlock", False)):
        command = sub.add_parser(name, help=f"{'accept and lock' if locked else 'unlock'} a province's fiscal year")
        command.add_argument("province")
        command.add_argument("fiscal_year", type=_whole, help="Buddhist Era, e.g. 2567")
        _who(command)
        command.set_defaults(run=_acting(_locking(locked)))
    remove = sub.add_parser("remove", help="remove a province, or some of its programme years, as a new version")
    remove.add_argument("province")
    remove.add_argument("--years", nargs="+", type=_whole, metavar="N", help="programme years (default: all)")
    _who(remove)
    remove.set_defaults(run=_acting(_remove))
    restore = sub.add_parser("restore", help="make an earlier version the current one again")
    restore.add_argument("version", type=_whole)
    restore.add_argument("--over-locks", action="store_true", help="also when it changes a locked year")
    _who(restore)
    restore.set_defaults(run=_acting(_restore))
    erase = sub.add_parser("erase-person", help="erase a person's name, citation and photo from every version")
    erase.add_argument("--province", required=True, help="ISO code or name")
    erase.add_argument("--name", required=True, help="the person's name as published")
    _who(erase)
    erase.set_defaults(run=_acting(_erase))
    status = sub.add_parser("status", help="print the published data and who has reported, as JSON")
    status.add_argument("--database", help="database URL (default: the app's)")
    status.add_argument("--json", action="store_true", help="one JSON object (the only format)")
    status.add_argument(
        "--include-private", action="store_true", help="also the names of people who have not agreed to be named"
    )
    status.add_argument(
        "--summary", action="store_true", help="provinces and programme years only (reporting and overall score)"
    )
    status.set_defaults(run=_status)
    prebuild = sub.add_parser("prebuild", help="make the current version's charts and tables for every server")
    prebuild.add_argument("--database", help="database URL (default: the app's)")
    prebuild.add_argument("--version", type=_whole, help="a version id (default: the current one)")
    prebuild.set_defaults(run=_prebuild)
    hashing = sub.add_parser("hash-passphrase", help="print the hash of an editor passphrase for secrets")
    hashing.add_argument("--stdin", action="store_true", help="read the passphrase from standard input")
    hashing.set_defaults(run=_hash_passphrase)
