"""``status``: the reporting summary first, ``--summary`` without the data rows, and a closed
pipe (``status --json | head``) ends quietly with exit 0 (issue 24)."""

from __future__ import annotations

import json
import subprocess
import sys

from commands import ROOT, cli


def seeded_url(make_store, tmp_path) -> str:
    make_store(f"sqlite:///{tmp_path / 'status.db'}")
    return f"sqlite:///{tmp_path / 'status.db'}"


def test_summary_holds_provinces_and_years_only(make_store, tmp_path) -> None:
    url = seeded_url(make_store, tmp_path)
    full = json.loads(cli("status", "--json", "--database", url).stdout)
    short = cli("status", "--json", "--summary", "--database", url)
    assert short.returncode == 0 and short.stderr == ""
    summary = json.loads(short.stdout)
    assert list(full)[:3] == ["version", "private_names", "provinces"]  # who has reported comes first
    assert set(summary) == {"version", "private_names", "provinces", "rows"}
    assert summary["provinces"] == full["provinces"] and len(summary["provinces"]) == 77
    assert summary["rows"]["records"] == len(full["records"]) > 0
    scored = [y for p in summary["provinces"] for y in p["years"].values() if y["score"] is not None]
    assert scored and all(0 <= y["score"] <= 1 for y in scored)
    overall = {(s["province_code"], s["program_year"]): s["score"] for s in full["summary"] if s["area"] == "overall"}
    some = next(p for p in summary["provinces"] if (p["province_code"], 1) in overall)
    assert some["years"]["1"]["score"] == round(overall[(some["province_code"], 1)], 4)


def test_a_closed_pipe_ends_quietly(make_store, tmp_path) -> None:
    """The reader takes one line and goes away, as ``head -1`` does; the output is far larger than
    a pipe's buffer, so the command meets the closed pipe while writing."""
    url = seeded_url(make_store, tmp_path)
    command = [sys.executable, "-m", "moral_metrics", "status", "--json", "--database", url]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().strip() == b"{"
    process.stdout.close()
    error = process.stderr.read().decode()
    assert process.wait(timeout=300) == 0
    assert error == ""  # no BrokenPipeError traceback, no "Exception ignored" at exit
