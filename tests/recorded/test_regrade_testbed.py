"""Re-grading a real run of the shipped testbed (`pytest reports/transcripts.jsonl`) gives its outcomes
and figures again, exactly: every item, trial, check and figure of results.json, and the same export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest


def _items(document: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """results.json's items by (model, scenario, kind), without what names the file they came from."""
    out = {}
    for item in document["items"]:
        item = {k: v for k, v in item.items() if k != "nodeid"}
        item["trials"] = [{k: v for k, v in t.items() if k != "transcript_line"} for t in item["trials"]]
        out[(item["model"], item["scenario"], item["kind"])] = item
    return out


def _outcomes(result: pytest.RunResult) -> dict[str, str]:
    """{item name: outcome} from pytest's own lines (-rA), without the file part of the node id."""
    out = {}
    for line in result.outlines:
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "ERROR", "XFAIL") and "::" in rest:
            out[rest.split("::", 1)[1].split(" - ")[0]] = word
    return out


def test_regrading_the_testbed_run_reproduces_its_outcomes_and_figures(
    pytester: pytest.Pytester, shipped: Path
) -> None:
    played = pytester.runpytest(
        "specs", "--model", "reference", "--model", "weak", "-rA", "-p", "no:randomly"
    )
    regraded = pytester.runpytest(
        "reports/transcripts.jsonl",
        "--salessim-specs",
        "specs",
        "--salessim-report",
        "regraded",
        "--salessim-export",
        "regraded/train.jsonl",
        "-rA",
    )
    # the same items with the same outcomes: 76 pass, 76 fail, as played
    assert played.parseoutcomes() == regraded.parseoutcomes() == {"passed": 76, "failed": 76}
    assert _outcomes(played) == _outcomes(regraded)
    # the same summary table, line for line (the reports' folder aside)
    table = [
        line for line in played.outlines if line.startswith((" reference", " weak", "  weak", "  reference"))
    ]
    again = [
        line
        for line in regraded.outlines
        if line.startswith((" reference", " weak", "  weak", "  reference"))
    ]
    assert table == again and len(table) >= 5
    first = json.loads((shipped / "reports" / "results.json").read_text())
    second = json.loads((shipped / "regraded" / "results.json").read_text())
    # every figure, exactly (floats included), and every item, trial and check
    assert first["figures"] == second["figures"]
    assert first["summary"] == second["summary"]
    assert _items(first) == _items(second)
    assert second["figures"]["weak"]["overall"]["persuasion"]["flipped"] > 0  # flips re-graded too
    # the training export reads the personas from the spec files the records name
    rows = (shipped / "regraded" / "train.jsonl").read_text().splitlines()
    assert len(rows) == len((shipped / "reports" / "transcripts.jsonl").read_text().splitlines())
    regraded.stdout.fnmatch_lines(["salessim recorded: 178 conversations graded"])
