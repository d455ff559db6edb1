"""`--salessim-grading paper`: the same conversations, graded as the SalesSim paper grades them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import NO_FIT, WRITER, spec_text


@pytest.fixture
def project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return store


def test_strict_is_the_default(pytester: pytest.Pytester, project: Path) -> None:
    pytester.runpytest("specs", "-p", "no:cacheprovider").assert_outcomes(passed=2)
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    assert results["settings"]["grading"] is None


def test_paper_grading_credits_only_what_the_agent_recommended(
    pytester: pytest.Pytester, project: Path
) -> None:
    """The reference shopper finds the Acer by browsing the catalog; the script never recommends it."""
    result = pytester.runpytest("specs", "--salessim-grading", "paper", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*failure class: bought_unrecommended*",
            "*FAIL decision_alignment: bought acer-aspire-5, which the agent never recommended*",
            "*salessim: decision alignment per model (graded as the SalesSim paper)*",
            "*reference failure classes: bought_unrecommended 1*",
        ]
    )
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    assert results["settings"]["grading"] == "paper"


def test_the_ini_option_and_a_bad_value(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makeini("[pytest]\nsalessim_grading = paper\n")
    pytester.runpytest("specs", "-p", "no:cacheprovider").assert_outcomes(passed=1, failed=1)
    result = pytester.runpytest("specs", "--salessim-grading", "lenient")
    result.stderr.fnmatch_lines(["*--salessim-grading must be strict or paper, not 'lenient'*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
