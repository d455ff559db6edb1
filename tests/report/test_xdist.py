"""Under pytest-xdist the reports are complete, written once (by the controller), with the same figures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).parent.parent.parent
TESTBED_ONLY = shutil.ignore_patterns("salessim")  # the hand-made testbed, not the imported personas

# each process of the run says whether it wrote the reports (the run stashes where it wrote them)
COUNTING_CONFTEST = """
from pathlib import Path

import pytest

from pytest_salessim.report import WRITTEN


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    role = "worker" if hasattr(session.config, "workerinput") else "controller"
    wrote = session.config.stash.get(WRITTEN, None) is not None
    with (Path(__file__).parent / "writers.log").open("a") as log:
        log.write(f"{role} {'wrote' if wrote else 'did not write'}\\n")
"""


def project(root: Path) -> Path:
    """A copy of the shipped testbed, its own rootdir (so each run has its own Hypothesis database)."""
    shutil.copytree(REPO / "specs", root / "specs", ignore=TESTBED_ONLY)
    shutil.copytree(REPO / "fixtures", root / "fixtures")
    (root / "pytest.ini").write_text("[pytest]\n")
    (root / "conftest.py").write_text(COUNTING_CONFTEST)
    return root


def without_seconds(value: Any) -> Any:
    """Figures minus wall time, the one thing that differs from run to run."""
    if isinstance(value, dict):
        return {k: without_seconds(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [without_seconds(v) for v in value]
    return value


def test_n4_gives_the_same_figures_written_once(pytester: pytest.Pytester) -> None:
    serial, parallel = project(pytester.path / "serial"), project(pytester.path / "parallel")
    args = ("--model", "reference", "--model", "weak", "-p", "no:cacheprovider")
    pytester.runpytest("serial/specs", *args)
    pytester.runpytest("parallel/specs", *args, "-n", "4")

    one = json.loads((serial / "reports" / "results.json").read_text())
    four = json.loads((parallel / "reports" / "results.json").read_text())
    assert without_seconds(four["figures"]) == without_seconds(one["figures"])
    assert [i["nodeid"] for i in four["items"]] == [i["nodeid"] for i in one["items"]]
    assert len(four["items"]) >= 100 and four["summary"] == one["summary"]
    lines = (parallel / "reports" / "transcripts.jsonl").read_text().splitlines()
    assert len(lines) == len((serial / "reports" / "transcripts.jsonl").read_text().splitlines())

    writers = (parallel / "writers.log").read_text().splitlines()
    assert writers.count("controller wrote") == 1
    assert sorted(writers) == ["controller wrote"] + ["worker did not write"] * 4
