"""A real run of the shipped testbed writes the three reports; Chromium shows the summary and a transcript."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from .chromium import dump_dom, needs_chromium, screenshot
from .test_json_report import validate

REPO = Path(__file__).parent.parent.parent
TESTBED_ONLY = shutil.ignore_patterns("salessim")  # the hand-made testbed, not the imported personas


@pytest.fixture
def testbed(pytester: pytest.Pytester) -> Path:
    shutil.copytree(REPO / "specs", pytester.path / "specs", ignore=TESTBED_ONLY)
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    return pytester.path


@needs_chromium
def test_a_run_with_failures_and_images_gives_a_report_chromium_reads(
    pytester: pytest.Pytester, testbed: Path, tmp_path: Path
) -> None:
    result = pytester.runpytest("specs", "--model", "reference", "--model", "weak", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*reports: reports/report.html, results.json, transcripts.jsonl"])
    reports = testbed / "reports"

    results = json.loads((reports / "results.json").read_text())
    validate(results)
    reference, weak = results["figures"]["reference"]["overall"], results["figures"]["weak"]["overall"]
    assert reference["alignment"] == 1.0 and weak["alignment"] < 0.2
    assert weak["failure_classes"]["overly_lenient"] >= 40
    assert weak["first_turn_criteria"] > reference["first_turn_criteria"]
    assert len(results["figures"]["weak"]["by_category"]) == 5
    lines = (reports / "transcripts.jsonl").read_text().splitlines()
    assert len(lines) == sum(len(item["trials"]) for item in results["items"])
    assert any('"image": "fixtures/images/' in line for line in lines)
    assert str(testbed) not in (reports / "results.json").read_text() + "".join(lines)

    page = reports / "report.html"
    dom = dump_dom(page, tmp_path)
    table = re.search(r'<table id="alignment-table">.*?</table>', dom, re.S)
    assert table is not None
    assert "<th>reference</th>" in table[0] and "<th>weak</th>" in table[0]
    assert table[0].count("<tr>") >= 1 + 5 + 1  # header, five categories, all
    assert '<svg id="failure-chart"' in dom
    transcript = re.search(
        r'<div class="chat transcript">.*?<div class="turn shopper[^"]*">.*?</div>', dom, re.S
    )
    assert transcript is not None
    assert re.search(r'class="pimg img-\d+"', dom)  # a product card with its embedded image
    assert re.search(r'id="filter-count">\d+ of \d+ items<', dom)

    shot = screenshot(page, tmp_path, tmp_path / "report.png")
    if os.environ.get(
        "SALESSIM_SCREENSHOT"
    ):  # SALESSIM_SCREENSHOT=docs/report.png refreshes the README's image
        shutil.copyfile(shot, REPO / os.environ["SALESSIM_SCREENSHOT"])


def test_no_records_no_reports(pytester: pytest.Pytester, testbed: Path) -> None:
    result = pytester.runpytest("specs", "--collect-only", "-q", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        ["specs/laptops.yaml::data-science-student[[]reference[]]", "*tests collected*"]
    )
    assert not (testbed / "reports").exists()


def test_the_report_directory_is_an_option(pytester: pytest.Pytester, testbed: Path) -> None:
    args = (
        "specs/laptops.yaml",
        "-k",
        "not persuasion",
        "-p",
        "no:cacheprovider",
        "--salessim-report",
        "out/r",
    )
    pytester.runpytest(*args).assert_outcomes(passed=10)
    assert sorted(p.name for p in (testbed / "out" / "r").iterdir()) == [
        "report.html",
        "results.json",
        "transcripts.jsonl",
    ]
