"""The `weak` shopper, the negative control: says everything, buys the first pitch."""

from __future__ import annotations

from pathlib import Path

from pytest_salessim.checks import disclosed, run_checks
from pytest_salessim.conversation import play
from pytest_salessim.simulators import resolve

from ..factories import scenarios


def test_discloses_everything_at_once_and_buys_the_first_pitch(tmp_path: Path) -> None:
    scenario = scenarios(tmp_path)["writer"]
    t = play(scenario, resolve("weak"), 0)
    assert len(disclosed(t.first_shopper_text(), scenario.persona)) == 3  # both criteria and the budget
    first_card = next(card["id"] for turn in t.turns for card in turn.cards)
    assert t.decision.product_id == first_card == "lenovo-chromebook"
    failed = {c.name: c for c in run_checks(t, scenario) if not c.passed}
    assert failed["decision_alignment"].failure_class == "overly_lenient"
    assert "dealbreakers" in failed


def test_buys_in_a_store_where_nothing_fits(tmp_path: Path) -> None:
    scenario = scenarios(tmp_path)["no-fit"]
    t = play(scenario, resolve("weak"), 0)
    assert t.decision.kind == "purchase"
