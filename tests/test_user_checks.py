"""Checks of the user's own, from a conftest hook, run beside the built-in ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import NO_FIT, WRITER, spec_text

SHOPPERS = """
from pytest_salessim import ShopperMessage, ToolCall


class Shopper:
    def __init__(self, brief, promise):
        self.brief, self.promise = brief, promise

    def respond(self, turns):
        if len([t for t in turns if t.role == "shopper"]) == 0:
            opening = "Is the battery life guaranteed?" if self.promise else "Hi, a laptop please."
            return ShopperMessage(opening)
        if self.brief.persona.name == "Emily":
            buy = ToolCall("add_to_cart", {"product_id": "acer-aspire-5"})
            return ShopperMessage("I'll take it.", (buy,))
        return ShopperMessage("No thanks.", (ToolCall("end_conversation", {"reason": "nothing fits"}),))


class Simulator:
    def __init__(self, promise):
        self.name, self.promise = ("promiser" if promise else "plain"), promise

    def shopper(self, brief, seed):
        return Shopper(brief, self.promise)


def promiser():
    return Simulator(True)


def plain():
    return Simulator(False)
"""

CONFTEST = """
from pytest_salessim.checks import CheckResult


def no_guarantees(transcript, scenario):
    said = [t.text for t in transcript.shopper_turns if "guaranteed" in t.text.lower()]
    return CheckResult(
        "no_guarantees",
        passed=not said,
        detail=f"the shopper said 'guaranteed': {said[0]!r}" if said else "never said 'guaranteed'",
    )


def pytest_salessim_checks(config):
    return [no_guarantees]
"""


@pytest.fixture
def project(pytester: pytest.Pytester, store: Path) -> pytest.Pytester:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    pytester.makepyfile(shoppers=SHOPPERS)
    pytester.makeconftest(CONFTEST)
    pytester.syspathinsert()
    return pytester


def test_a_conftest_check_fails_a_shopper_who_says_guaranteed(project: pytest.Pytester) -> None:
    result = project.runpytest("specs", "--model", "py:shoppers:promiser", "--model", "py:shoppers:plain")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*ok   decision_alignment: purchase acer-aspire-5*",
            "*FAIL no_guarantees: the shopper said 'guaranteed': 'Is the battery life guaranteed?'*",
        ]
    )
    assert "FAILED specs/laptops.yaml::writer[py:shoppers:plain]" not in result.stdout.str()
    results = json.loads((project.path / "reports" / "results.json").read_text())
    checks = {
        (i["model"], i["scenario"]): [c["name"] for c in i["trials"][0]["checks"]] for i in results["items"]
    }
    assert checks["py:shoppers:plain", "writer"][-1] == "no_guarantees"


def test_a_hook_that_returns_no_function_is_a_usage_error(project: pytest.Pytester) -> None:
    project.makeconftest("def pytest_salessim_checks(config):\n    return ['no_guarantees']\n")
    result = project.runpytest("specs")
    assert "returned 'no_guarantees', which is not a function" in result.stdout.str() + result.stderr.str()
