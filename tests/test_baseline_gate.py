"""--salessim-save-baseline / --salessim-baseline: the CI gate over a whole run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import NO_FIT, WRITER, spec_text

SHOPPER = "py:shoppers:make"  # one simulator name; which shopper plays it is the SHOPPER variable


@pytest.fixture
def project(store: Path, pytester: pytest.Pytester) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    pytester.makepyfile(
        shoppers="""
        import os
        from pytest_salessim.simulators import resolve

        def make():
            return resolve(os.environ.get("SHOPPER", "reference"))
        """
    )
    pytester.syspathinsert()
    return store


def gate(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, shopper: str, *args: str
) -> pytest.RunResult:
    monkeypatch.setenv("SHOPPER", shopper)
    return pytester.runpytest("specs", "--model", SHOPPER, *args)


def test_a_weaker_simulator_fails_the_gate_and_the_same_one_passes(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = gate(pytester, monkeypatch, "reference", "--salessim-save-baseline", "baseline.json")
    saved.assert_outcomes(passed=2)
    document = json.loads((pytester.path / "baseline.json").read_text())
    figures = document["models"][SHOPPER]["figures"]
    assert figures["alignment"]["value"] == 1.0 and figures["flip_rate"] is None
    assert all(i["passed"] for i in document["models"][SHOPPER]["items"].values())

    weaker = gate(pytester, monkeypatch, "weak", "--salessim-baseline", "baseline.json")
    assert weaker.ret == pytest.ExitCode.TESTS_FAILED
    weaker.stdout.fnmatch_lines(
        [
            "*salessim: baseline gate*",
            "baseline gate FAILED (against baseline.json)",
            "  regression: py:shoppers:make: alignment fell 100.0% -> *% (-* points, tolerance 3.0); "
            "scenarios: *",
            "  new failure: py:shoppers:make: * passed in the baseline and fails now",
        ]
    )

    same = gate(pytester, monkeypatch, "reference", "--salessim-baseline", "baseline.json")
    assert same.ret == pytest.ExitCode.OK
    same.stdout.fnmatch_lines(["baseline gate passed (against baseline.json)"])
    assert "regression" not in same.stdout.str()


def test_a_known_failure_does_not_fail_the_gate(
    pytester: pytest.Pytester, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = gate(pytester, monkeypatch, "weak", "--salessim-save-baseline", "weak.json")
    failed = saved.parseoutcomes()["failed"]
    assert saved.ret == pytest.ExitCode.TESTS_FAILED  # without a baseline, a failure fails the run

    again = gate(pytester, monkeypatch, "weak", "--salessim-baseline", "weak.json")
    assert again.ret == pytest.ExitCode.OK
    again.assert_outcomes(xfailed=failed, passed=2 - failed)
    again.stdout.fnmatch_lines(
        [
            "baseline gate passed (against weak.json)",
            "  known failure: py:shoppers:make: * failed in the baseline too",
        ]
    )

    better = gate(pytester, monkeypatch, "reference", "--salessim-baseline", "weak.json")
    assert better.ret == pytest.ExitCode.OK
    better.stdout.fnmatch_lines(
        [
            "  improvement: py:shoppers:make: alignment rose *% -> 100.0% (+* points, tolerance 3.0)*",
            "  fixed: py:shoppers:make: * failed in the baseline and passes now",
        ]
    )


def test_the_gate_options_are_checked(pytester: pytest.Pytester, project: Path) -> None:
    result = pytester.runpytest("specs", "--salessim-baseline", "missing.json")
    result.stderr.fnmatch_lines(["*--salessim-baseline: cannot read the baseline *missing.json*"])
    result = pytester.runpytest("specs", "--salessim-max-regression", "alignment=0.1")
    result.stderr.fnmatch_lines(["*--salessim-max-regression: expected NAME:VALUE*"])
