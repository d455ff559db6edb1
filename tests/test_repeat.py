"""--salessim-repeat N and --salessim-min-pass-rate R: trials per item, and pass^k."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_salessim.metrics import pass_hat_k

from .conftest import WRITER, spec_text

FLAKY = """
from pytest_salessim import ShopperMessage, ToolCall


class Shopper:
    def __init__(self, seed):
        self.seed = seed

    def respond(self, turns):
        product = "acer-aspire-5" if self.seed % 2 == 0 else "dell-xps-13"
        return ShopperMessage("Hi.", (ToolCall("add_to_cart", {"product_id": product}),))


class Flaky:
    name = "flaky"

    def shopper(self, brief, seed):
        return Shopper(seed)
"""


@pytest.fixture
def flaky(pytester: pytest.Pytester, store: Path) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER))
    pytester.makepyfile(flaky_sim=FLAKY)
    pytester.syspathinsert()


def test_an_item_passes_when_enough_trials_pass(pytester: pytest.Pytester, flaky: None) -> None:
    args = ("specs", "--model", "py:flaky_sim:Flaky", "--salessim-repeat", "4")
    pytester.runpytest(*args, "--salessim-min-pass-rate", "0.5").assert_outcomes(passed=1)
    result = pytester.runpytest(*args, "--salessim-min-pass-rate", "0.75")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*2 of 4 trials passed (50%); the item needs 75%. The first failing trial:",
            "*actual:   purchase dell-xps-13*",
        ]
    )
    result.stdout.re_match_lines([r"^ py:flaky_sim:Flaky +1 +0 +4 +50.0%"])
    result.stdout.fnmatch_lines(
        ["*consistency over 4 trials: pass^1 0.50, pass^2 0.17, pass^3 0.00, pass^4 0.00*"]
    )


def test_bad_repeat_values_are_usage_errors(pytester: pytest.Pytester, flaky: None) -> None:
    result = pytester.runpytest("specs", "--salessim-repeat", "0")
    assert result.ret == pytest.ExitCode.USAGE_ERROR


def test_pass_hat_k_by_hand() -> None:
    # one item 2 of 4: pass^1 = 1/2, pass^2 = C(2,2)/C(4,2) = 1/6; another 4 of 4: 1 and 1
    assert pass_hat_k([(2, 4), (4, 4)], 1) == pytest.approx((0.5 + 1) / 2)
    assert pass_hat_k([(2, 4), (4, 4)], 2) == pytest.approx((1 / 6 + 1) / 2)
    assert pass_hat_k([(2, 4)], 3) == 0.0
