"""The imported SalesSim specs (specs/salessim/): one item per persona, skipped by `reference` with its
reason, played by LLM shoppers through the local server, and graded both ways."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .keyword_shopper import keyword_shopper
from .llm_server import LLMServer, Policy

REPO = Path(__file__).parent.parent
PERSONAS = 27 + 73 + 77
STRICT_ONLY = {"overly_lenient", "too_strict", "premature_ending", "undecided", "hallucinated_product"}


@pytest.fixture
def imported(pytester: pytest.Pytester) -> Path:
    shutil.copytree(REPO / "specs" / "salessim", pytester.path / "specs" / "salessim")
    return pytester.path


def test_one_item_per_persona_and_model(pytester: pytest.Pytester, imported: Path) -> None:
    result = pytester.runpytest("specs/salessim", "--collect-only", "-q", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(
        [
            "specs/salessim/female_clothing.yaml::jill-2288fdce[[]reference[]]",
            "specs/salessim/laptops.yaml::emily-1[[]reference[]]",
            f"{PERSONAS} tests collected*",
        ]
    )
    two = pytester.runpytest(
        "specs/salessim", "--collect-only", "-q", "--model", "reference", "--model", "weak"
    )
    two.stdout.fnmatch_lines([f"{2 * PERSONAS} tests collected*"])
    tagged = pytester.runpytest("specs/salessim", "--collect-only", "-q", "-m", "no-purchase and laptops")
    tagged.stdout.fnmatch_lines(["8/177 tests collected*"])


def test_reference_skips_them_with_its_reason_and_the_run_passes(
    pytester: pytest.Pytester, imported: Path
) -> None:
    """Free-text criteria have no rule: `reference` says so rather than guess."""
    result = pytester.runpytest("specs/salessim", "-rs", "-p", "no:cacheprovider")
    result.assert_outcomes(skipped=PERSONAS)
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(
        [
            "SKIPPED * reference judges rules and `meets` lists only; "
            "preference with neither: 'Prefers Windows.'"
        ]
    )


def test_the_readme_command_still_passes_with_them(pytester: pytest.Pytester) -> None:
    """`pytest specs/`: the testbed passes, the imported personas are skipped, the exit status is 0."""
    shutil.copytree(REPO / "specs", pytester.path / "specs")
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    result = pytester.runpytest("specs", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
    outcomes = result.parseoutcomes()
    assert outcomes["skipped"] == PERSONAS and "failed" not in outcomes


def _items(report: Path) -> dict[str, dict[str, Any]]:
    return {item["nodeid"]: item for item in json.loads(report.read_text())["items"]}


def test_a_keyword_shopper_over_http_graded_both_ways(
    pytester: pytest.Pytester, imported: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    """The same conversations, graded strictly and as the paper does (README: "Grading as the paper")."""
    server = llm_server(keyword_shopper)
    runs = {}
    for grading in ("strict", "paper"):
        pytester.runpytest(
            "specs/salessim",
            "--model",
            "openai/keyword",
            "--salessim-api-base",
            server.url,
            "--salessim-retries",
            "1",
            "--salessim-grading",
            grading,
            "--salessim-report",
            grading,
            "-p",
            "no:cacheprovider",
        )
        runs[grading] = _items(imported / grading / "results.json")
    strict, paper = runs["strict"], runs["paper"]
    assert len(strict) == len(paper) == PERSONAS
    trial = {g: {k: item["trials"][0] for k, item in run.items()} for g, run in runs.items()}
    assert all(trial["strict"][k]["decision"] == trial["paper"][k]["decision"] for k in strict)

    aligned = {g: sum(t["aligned"] for t in trials.values()) for g, trials in trial.items()}
    classes = {
        g: Counter(t["failure_class"] for t in trials.values() if t["failure_class"])
        for g, trials in trial.items()
    }
    pairs = Counter((trial["strict"][k]["failure_class"], trial["paper"][k]["failure_class"]) for k in strict)
    # the figures the README quotes
    assert aligned == {"strict": 24, "paper": 40}
    assert classes["strict"] == {"overly_lenient": 104, "too_strict": 49}
    assert classes["paper"] == {
        "overly_lenient": 75,
        "too_strict": 33,
        "chose_wrong_recommended": 26,
        "bought_unrecommended": 3,
    }
    assert set(classes["strict"]) <= STRICT_ONLY
    # where they differ: leaving after finding an acceptable product by its own search is too strict
    # for us and right for the paper; a purchase the agent never recommended earns the paper nothing
    assert pairs[("too_strict", None)] == 16
    assert pairs[("overly_lenient", "chose_wrong_recommended")] == 26
    assert pairs[("overly_lenient", "bought_unrecommended")] == 3
    assert pairs[(None, None)] == 24
