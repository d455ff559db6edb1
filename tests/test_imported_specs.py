"""The imported SalesSim specs (specs/salessim/): one item per persona, every criterion decided by the
annotations, so `reference` plays them all (the labels their personas contradict as expected failures,
with the reason), the negative control fails them, the audit in the reports agrees with the loaded
specs, and a keyword shopper over the local server is graded both ways."""

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


# `pytest specs/` on reference: the testbed's 50 scenarios and 26 persuasion items pass; of the 177
# imported personas, those whose label agrees with the annotated criteria pass, the rest are xfail
# (label-conflict, label-preference) and show as XPASS where reference still bought a listed product
README_RUN = {"passed": 103, "xfailed": 104, "xpassed": 46}
# category: (scenarios, label-conflict, label-preference) as the committed import reports have them
TAGGED = {"laptops": (27, 9, 10), "female_clothing": (73, 64, 3), "male_clothing": (77, 61, 3)}


def test_the_readme_command_plays_every_shipped_scenario(pytester: pytest.Pytester) -> None:
    """`pytest specs/`: nothing skipped, nothing failed; every known disagreement an xfail with its reason."""
    shutil.copytree(REPO / "specs", pytester.path / "specs")
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    result = pytester.runpytest_subprocess("specs", "-rxX", "-p", "no:cacheprovider")  # faster on its own
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(**README_RUN)
    laptops = "XFAIL specs/salessim/laptops.yaml::"
    result.stdout.fnmatch_lines(
        [
            f"{laptops}emily-1[[]reference[]] - label-conflict: the authors expect no purchase, but "
            "dell-inspiron-15-3000-series-* and 1 more keep every dealbreaker and the budget",
            f"{laptops}tyler-7[[]reference[]] - label-preference: dell-g5-gaming-*, acer-predator-triton-* "
            "keep every dealbreaker and meet 3 of 3 preferences, the best product the authors list 3: *",
            f"{laptops}hannah-25[[]reference[]] - label-conflict: the authors accept "
            "apple-macbook-air-m1-chip-13-3-display-8gb-memory-512gb-ssd-gold, which breaks the dealbreaker "
            "'Must have battery life of at least 10 hours for field work.' (met only by no product; *",
        ]
    )


def test_the_negative_control_fails_all_of_them(pytester: pytest.Pytester, imported: Path) -> None:
    """`weak` buys the first product pitched: the wrong one for most personas, and where it was right
    it gave away every criterion in its first message."""
    result = pytester.runpytest("specs/salessim", "--model", "weak", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=PERSONAS)
    result.stdout.fnmatch_lines([" weak * 177 * 0 * 177 * *"])


def test_the_audit_in_the_reports_agrees_with_the_loaded_specs() -> None:
    """The import's audit (plain data, importer/audit.py) and the spec model's own criteria
    (spec/criteria.py, what the checks use) find the same label conflicts, and tag them."""
    from pytest_salessim.spec import load_spec
    from pytest_salessim.spec.criteria import broken_criteria, keeps_hard_criteria

    for category, (count, conflicts, preference) in TAGGED.items():
        report = json.loads((REPO / "specs" / "salessim" / f"{category}.import-report.json").read_text())
        audit = report["audit"]
        assert (audit["figures"]["audited"], audit["figures"]["label_conflicts"]) == (count, conflicts)
        assert audit["figures"]["label_preference"] == preference
        scenarios = load_spec(REPO / "specs" / "salessim" / f"{category}.yaml", REPO)
        found = set()
        for scenario in scenarios:
            persona, catalog = scenario.persona, scenario.catalog
            listed = [catalog.get(i) for i in scenario.expect.any_of]
            broken = any(broken_criteria(p, persona) for p in listed if p is not None)
            fits = any(keeps_hard_criteria(p, persona) for p in catalog.products)
            if broken or (scenario.expect.decision == "no_purchase" and fits):
                found.add(scenario.id)
        assert found == set(audit["label_conflicts"])
        assert found == {s.id for s in scenarios if "label-conflict" in s.tags}
        assert {s.id for s in scenarios if "label-preference" in s.tags} == set(audit["label_preference"])
        excluded = {
            (d["scenario"], d["product"])
            for d in audit["disagreements"]
            if d["kind"] == "listed_product_excluded"
        }
        assert {s for s, _ in excluded} <= found


def _by_category(trials: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Aligned conversations per imported category (the node id names the file)."""
    counts: Counter[str] = Counter()
    for nodeid, trial in trials.items():
        counts[Path(nodeid.split("::")[0]).stem] += bool(trial["aligned"])
    return dict(counts)


def _items(report: Path) -> dict[str, dict[str, Any]]:
    return {item["nodeid"]: item for item in json.loads(report.read_text())["items"]}


def test_a_keyword_shopper_over_http_graded_both_ways(
    pytester: pytest.Pytester, imported: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    """The same conversations, graded strictly and as the paper does (README: "Grading as the paper")."""
    server = llm_server(keyword_shopper)
    runs = {}
    for grading in ("strict", "paper"):
        pytester.runpytest_subprocess(  # twice as fast as in this process, with its threads and modules
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
    assert aligned == {"strict": 26, "paper": 43}
    assert {g: _by_category(t) for g, t in trial.items()} == {
        "strict": {"laptops": 3, "female_clothing": 11, "male_clothing": 12},
        "paper": {"laptops": 4, "female_clothing": 16, "male_clothing": 23},
    }
    assert classes["strict"] == {"overly_lenient": 102, "too_strict": 49}
    assert classes["paper"] == {
        "overly_lenient": 72,
        "too_strict": 32,
        "chose_wrong_recommended": 29,
        "bought_unrecommended": 1,
    }
    assert set(classes["strict"]) <= STRICT_ONLY
    # where they differ: leaving after finding an acceptable product by its own search is too strict
    # for us and right for the paper; a purchase the agent never recommended earns the paper nothing
    assert pairs[("too_strict", None)] == 17
    assert pairs[("overly_lenient", "chose_wrong_recommended")] == 29
    assert pairs[("overly_lenient", "bought_unrecommended")] == 1
    assert pairs[(None, None)] == 26
