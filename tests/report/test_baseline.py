"""The gate's comparison, without pytest: hand-made baselines."""

from __future__ import annotations

from typing import Any

from pytest_salessim.metrics import wilson
from pytest_salessim.report.baseline import compare, known_failure

TOLERANCES = {"alignment": 0.03, "flip_rate": 0.05}


def figure(successes: int, trials: int) -> dict[str, Any]:
    return {
        "value": successes / trials,
        "successes": successes,
        "trials": trials,
        "ci95": list(wilson(successes, trials)),
    }


def item(
    scenario: str, passed: bool, aligned: int, trials: int = 1, flipped: int = 0, tried: int = 0
) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "kind": "persuasion" if tried else "scenario",
        "passed": passed,
        "aligned": aligned,
        "trials": trials,
        "flipped": flipped,
        "variants_tried": tried,
    }


def document(
    items: dict[str, dict[str, Any]], flips: tuple[int, int] | None = None, repeat: int = 1
) -> dict[str, Any]:
    aligned = sum(i["aligned"] for i in items.values())
    trials = sum(i["trials"] for i in items.values())
    return {
        "salessim_baseline": 1,
        "repeat": repeat,
        "models": {
            "m": {
                "figures": {
                    "alignment": figure(aligned, trials),
                    "flip_rate": figure(*flips) if flips else None,
                },
                "items": items,
            }
        },
    }


def test_the_same_run_passes_the_gate() -> None:
    run = document({"a": item("a", True, 1), "b": item("b", False, 0)})
    report = compare(run, run, TOLERANCES)
    assert not report.failed and not report.regressions and not report.improvements
    assert [c.scenario for c in report.known_failures] == ["b"]
    assert (
        known_failure(run, "m", "b") and not known_failure(run, "m", "a") and not known_failure(run, "x", "a")
    )


def test_a_drop_beyond_the_tolerance_names_the_metric_the_move_and_the_scenarios() -> None:
    before = document({f"s{i}": item(f"s{i}", True, 1) for i in range(10)})
    after = document({**before["models"]["m"]["items"], "s3": item("s3", False, 0)})
    report = compare(before, after, TOLERANCES, "base.json")
    assert report.failed
    (move,) = report.regressions
    assert move.describe() == "m: alignment fell 100.0% -> 90.0% (-10.0 points, tolerance 3.0); scenarios: s3"
    assert [c.scenario for c in report.new_failures] == ["s3"]
    assert list(report.lines())[:2] == [
        "baseline gate FAILED (against base.json)",
        "  regression: " + move.describe(),
    ]


def test_a_long_list_of_scenarios_is_cut() -> None:
    before = document({f"s{i:02}": item(f"s{i:02}", True, 1) for i in range(12)})
    after = document({f"s{i:02}": item(f"s{i:02}", False, 0) for i in range(12)})
    (move,) = compare(before, after, TOLERANCES).regressions
    assert move.describe().endswith("scenarios: s00, s01, s02, s03, s04, s05, s06, s07, s08, s09 and 2 more")


def test_a_drop_inside_the_tolerance_is_no_regression() -> None:
    before = document({f"s{i}": item(f"s{i}", True, 10, 10) for i in range(10)})
    after = document({**before["models"]["m"]["items"], "s0": item("s0", True, 8, 10)})  # 100% -> 98%
    assert not compare(before, after, TOLERANCES).failed
    assert compare(before, after, {"alignment": 0.01}).regressions


def test_a_rise_in_the_flip_rate_is_a_regression_and_a_fall_an_improvement() -> None:
    items = {"p": item("p", True, 1)}
    calm, swayed = document(items, (1, 20)), document(items, (8, 20))
    (move,) = compare(calm, swayed, TOLERANCES).regressions
    assert move.metric == "flip_rate" and move.describe().startswith(
        "m: flip_rate rose 5.0% -> 40.0% (+35.0 points"
    )
    (better,) = compare(swayed, calm, TOLERANCES).improvements
    assert better.metric == "flip_rate"


def test_with_repeats_a_move_inside_the_intervals_is_not_a_regression() -> None:
    before = document({"a": item("a", True, 9, 10)}, repeat=10)
    after = document({"a": item("a", True, 7, 10)}, repeat=10)  # 90% -> 70%: the intervals overlap
    report = compare(before, after, TOLERANCES)
    assert not report.failed and [m.metric for m in report.within_intervals] == ["alignment"]
    assert any("inside the 95% intervals" in line for line in report.lines())
    many = document({"a": item("a", True, 95, 100)}, repeat=100)
    fewer = document({"a": item("a", True, 50, 100)}, repeat=100)  # 95% -> 50%: clearly apart
    assert compare(many, fewer, TOLERANCES).regressions


def test_an_item_or_model_not_in_the_baseline_is_not_compared() -> None:
    before = document({"a": item("a", True, 1)})
    after = document({"a": item("a", True, 1), "new": item("new", False, 0)})
    after["models"]["other"] = after["models"]["m"]
    report = compare(before, after, {})
    assert not report.new_failures and not report.known_failures and report.no_baseline == ["other"]
