"""The rewards on hand-made completions (aligned, persuaded, over-disclosing), their weights, and
the multi-turn reward on whole conversations."""

from __future__ import annotations

import math
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim import ShopperBrief, ShopperMessage, ToolCall, Turn
from pytest_salessim.rewards import (
    DEFAULT_WEIGHTS,
    REWARDS,
    SIGNALS,
    combine,
    combined_reward,
    conversation_reward,
    dealbreakers_reward,
    decision_alignment_reward,
    disclosure_reward,
    normalised,
    parse_completion,
    play_scored,
    resolve_scenario,
    scenario_ref,
    scenario_rows,
    variety_reward,
    weighted_reward,
)
from pytest_salessim.simulators import resolve
from pytest_salessim.spec import Scenario

from .conftest import NO_FIT, WRITER
from .factories import scenarios

REPO = Path(__file__).parent.parent
# the writer of conftest.py, allowed one criterion in an opening (of three: screen, Windows, budget)
TERSE = WRITER.replace("id: writer", "id: terse-writer") + "    checks: {max_first_turn_disclosures: 1}\n"
GREETING = [{"role": "system", "content": "You are Emily."}, {"role": "user", "content": "Hi! A laptop?"}]


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Scenario]:
    return scenarios(tmp_path, WRITER, NO_FIT, TERSE)


def buys(product_id: str, text: str = "I'll take it.") -> list[dict[str, Any]]:
    """A conversational completion that buys, as TRL gives it (arguments a JSON string)."""
    call = {
        "type": "function",
        "function": {"name": "add_to_cart", "arguments": f'{{"product_id": "{product_id}"}}'},
    }
    return [{"role": "assistant", "content": text, "tool_calls": [call]}]


def rewards(
    function: Any, completions: Sequence[Any], scenario: Scenario, prompts: Any = None
) -> list[float]:
    return function(
        prompts or [GREETING] * len(completions), completions, scenario=[scenario] * len(completions)
    )


# --- how a completion decides ---


@pytest.mark.parametrize(
    "completion",
    [
        buys("acer-aspire-5"),
        [
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [{"name": "add_to_cart", "arguments": {"product_id": "acer-aspire-5"}}],
            }
        ],
        "Perfect, you know? add_to_cart(acer-aspire-5)",
        'Deal. add_to_cart(product_id="acer-aspire-5")',
        'Deal. <tool_call>{"name": "add_to_cart", "arguments": {"product_id": "acer-aspire-5"}}</tool_call>',
        [{"role": "assistant", "content": [{"type": "text", "text": "Yes: add_to_cart('acer-aspire-5')"}]}],
    ],
)
def test_every_documented_form_of_buying_is_read(completion: Any, specs: dict[str, Scenario]) -> None:
    text, calls = parse_completion(completion)
    assert [(c.name, c.arguments) for c in calls] == [("add_to_cart", {"product_id": "acer-aspire-5"})]
    assert "add_to_cart" not in text and "tool_call" not in text
    assert rewards(decision_alignment_reward, [completion], specs["writer"]) == [1.0]


def test_the_first_deciding_call_decides(specs: dict[str, Scenario]) -> None:
    completion = "view_product(acer-aspire-5) add_to_cart(dell-xps-13) add_to_cart(acer-aspire-5)"
    assert rewards(decision_alignment_reward, [completion], specs["writer"]) == [0.0]


# --- decision alignment and dealbreakers ---


def test_an_aligned_purchase_scores_one_on_both(specs: dict[str, Scenario]) -> None:
    completion = [buys("acer-aspire-5")]
    assert rewards(decision_alignment_reward, completion, specs["writer"]) == [1.0]
    assert rewards(dealbreakers_reward, completion, specs["writer"]) == [1.0]


def test_a_persuaded_purchase_over_budget_scores_zero_on_both(specs: dict[str, Scenario]) -> None:
    completion = [buys("dell-xps-13", "Only two left at that price? Fine, I'll take the XPS!")]
    assert rewards(decision_alignment_reward, completion, specs["writer"]) == [0.0]
    assert rewards(dealbreakers_reward, completion, specs["writer"]) == [0.0]


def test_a_persuaded_purchase_breaking_a_dealbreaker_scores_zero(specs: dict[str, Scenario]) -> None:
    completion = [buys("lenovo-chromebook", "It's on sale, so ChromeOS is fine I guess.")]  # not Windows
    assert rewards(dealbreakers_reward, completion, specs["writer"]) == [0.0]
    assert rewards(dealbreakers_reward, completion, specs["no-fit"]) == [0.0]


def test_leaving_is_aligned_only_when_nothing_fits(specs: dict[str, Scenario]) -> None:
    completion = ["Nothing here runs Windows under $350. end_conversation(nothing fits)"]
    assert rewards(decision_alignment_reward, completion, specs["no-fit"]) == [1.0]
    assert rewards(decision_alignment_reward, completion, specs["writer"]) == [0.0]
    assert rewards(dealbreakers_reward, completion, specs["writer"]) == [1.0]  # nothing bought


def test_no_decision_and_an_invented_product_are_not_aligned(specs: dict[str, Scenario]) -> None:
    completions = ["Hmm, let me think about it.", buys("macbook-pro-m9")]
    assert rewards(decision_alignment_reward, completions, specs["writer"]) == [0.0, 0.0]
    assert rewards(dealbreakers_reward, completions, specs["writer"]) == [1.0, 1.0]


def test_the_scenario_column_names_a_spec_file_and_id(specs: dict[str, Scenario], tmp_path: Path) -> None:
    writer = specs["writer"]
    ref = scenario_ref(writer, tmp_path)
    assert ref == "specs/laptops.yaml::writer"
    assert resolve_scenario(ref, tmp_path) == writer
    got = decision_alignment_reward(None, [buys("acer-aspire-5")], scenario=[ref], spec_root=[str(tmp_path)])
    assert got == [1.0]
    with pytest.raises(ValueError, match="has no scenario 'nobody'"):
        resolve_scenario("specs/laptops.yaml::nobody", tmp_path)
    with pytest.raises(ValueError, match="needs the dataset column `scenario`"):
        decision_alignment_reward(None, [buys("acer-aspire-5")])


# --- disclosure in an opening message ---


def test_revealing_few_criteria_in_an_opening_scores_one(specs: dict[str, Scenario]) -> None:
    completion = ["Hi, you know, I need a laptop for writing. It has to run Windows."]  # one criterion
    assert rewards(disclosure_reward, completion, specs["terse-writer"]) == [1.0]


def test_over_disclosing_in_an_opening_scores_less_down_to_zero(specs: dict[str, Scenario]) -> None:
    two = "I need Windows and a screen larger than 13 inches."
    three = "I need Windows, a screen larger than 13 inches, and my budget is $500."
    got = rewards(disclosure_reward, [two, three], specs["terse-writer"])
    assert got == [0.5, 0.0]  # limit 1 of 3 criteria: each one over the limit costs half
    assert rewards(disclosure_reward, [three], specs["writer"]) == [1.0]  # the default limit is 3


def test_only_an_opening_is_judged_for_disclosure(specs: dict[str, Scenario]) -> None:
    later = [*GREETING, {"role": "assistant", "content": "Hi."}, {"role": "user", "content": "What else?"}]
    three = "Windows, a screen larger than 13 inches, $500 at most."
    assert rewards(disclosure_reward, [three], specs["terse-writer"], prompts=[later]) == [1.0]


# --- lexical variety ---


def test_variety_is_one_minus_the_similarity_to_the_batch(specs: dict[str, Scenario]) -> None:
    same = "Hi, I need a Windows laptop for writing novels."
    other = "Looking for something light with a big bright display, please."
    got = variety_reward(None, [same, same, other])
    assert got[0] == got[1] and 0.4 < got[0] < 0.6  # like one of its two peers, unlike the other
    assert got[2] == pytest.approx(1.0)
    assert variety_reward(None, [same, same]) == pytest.approx([0.0, 0.0])


def test_variety_of_one_completion_is_its_distinct_2_and_silence_scores_zero() -> None:
    assert variety_reward(None, ["the laptop the laptop the laptop"]) == [pytest.approx(2 / 5)]
    assert variety_reward(None, ["add_to_cart(acer-aspire-5)", "I will do it."]) == [
        0.0,
        0.0,
    ]  # no content word


# --- the weighted combination ---


def test_weights_are_normalised() -> None:
    assert normalised({"decision_alignment": 3, "disclosure": 1}) == {
        "decision_alignment": 0.75,
        "disclosure": 0.25,
    }
    assert normalised(DEFAULT_WEIGHTS, SIGNALS) == {  # a conversation no judge graded
        "decision_alignment": 0.5,
        "dealbreakers": 0.25,
        "disclosure": 0.125,
        "variety": 0.125,
    }
    assert math.isclose(sum(normalised({"variety": 7, "dealbreakers": 0.5}).values()), 1.0)


@pytest.mark.parametrize(
    ("weights", "error"),
    [
        ({"charm": 1}, "unknown reward signal"),
        ({"decision_alignment": -1, "disclosure": 2}, "must not be negative"),
        ({"decision_alignment": 0}, "must not all be zero"),
    ],
)
def test_bad_weights_are_errors(weights: dict[str, float], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        weighted_reward(weights)


def test_the_combination_weighs_each_signal(specs: dict[str, Scenario]) -> None:
    # aligned, but every criterion in the opening message: alignment 1, disclosure 0
    blurt = buys(
        "acer-aspire-5", "Windows, a screen larger than 13 inches, $500 at most. I'll take the Acer."
    )
    terse = specs["terse-writer"]
    assert rewards(weighted_reward({"decision_alignment": 3, "disclosure": 1}), [blurt], terse) == [0.75]
    assert rewards(weighted_reward({"decision_alignment": 1, "disclosure": 3}), [blurt], terse) == [0.25]
    assert rewards(weighted_reward({"disclosure": 1}), [blurt], terse) == [0.0]
    # the default combination is the same weighted mean of the four rewards
    batch = [blurt, buys("dell-xps-13", "The best seller, sure!"), "Tell me more about the screens."]
    each = {name: rewards(function, batch, terse) for name, function in REWARDS.items()}
    expected = [combine({name: each[name][i] for name in each}) for i in range(len(batch))]
    assert rewards(combined_reward, batch, terse) == pytest.approx(expected)
    assert expected[0] > expected[2] > expected[1]  # aligned > undecided > persuaded


# --- the multi-turn reward ---


class Persuadable:
    """Buys whatever the agent shows first, after an opening that reveals one criterion."""

    name = "persuadable"

    def shopper(self, brief: ShopperBrief, seed: int) -> Any:
        class Shopper:
            def respond(self, turns: Sequence[Turn]) -> ShopperMessage:
                cards = [card for turn in turns for card in turn.cards]
                if cards:
                    return ShopperMessage("Sold!", (ToolCall("add_to_cart", {"product_id": cards[0]["id"]}),))
                return ShopperMessage("Hi, I'm after a cheap laptop, you know.")

        return Shopper()


def test_a_whole_conversation_scores_as_its_checks(specs: dict[str, Scenario]) -> None:
    writer = specs["terse-writer"]  # at most one criterion in the opening
    reference = play_scored(writer, "reference", seed=1)
    assert reference.transcript.decision.product_id == "acer-aspire-5"
    assert {k: v for k, v in reference.scores.items() if k != "variety"} == {
        "decision_alignment": 1.0,
        "dealbreakers": 1.0,
        "disclosure": 1.0,
    }
    assert reference.reward == pytest.approx(combine(reference.scores)) and reference.reward > 0.9

    persuaded = play_scored(writer, Persuadable(), seed=1)  # the agent's cheap pick: ChromeOS
    assert persuaded.transcript.decision.product_id == "lenovo-chromebook"
    assert persuaded.scores["decision_alignment"] == persuaded.scores["dealbreakers"] == 0.0
    weak = play_scored(writer, "weak", seed=1)  # every criterion at once, then the first product shown
    assert weak.scores["disclosure"] == 0.0 and weak.reward == conversation_reward(writer, "weak", seed=1)
    assert weak.reward < 0.2 < persuaded.reward < 0.5 < reference.reward


def test_the_multi_turn_reward_takes_weights_and_a_scenario_column_value(
    specs: dict[str, Scenario], tmp_path: Path
) -> None:
    only_alignment = {"decision_alignment": 1.0}
    ref = "specs/laptops.yaml::no-fit"
    assert conversation_reward(ref, resolve("reference"), weights=only_alignment, root=tmp_path) == 1.0
    assert conversation_reward(ref, "weak", weights=only_alignment, root=tmp_path) == 0.0


# --- rows to train on, from spec files ---


@pytest.fixture
def laptops(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "fixtures", tmp_path / "fixtures")
    (tmp_path / "specs").mkdir()
    shutil.copy(REPO / "specs" / "laptops.yaml", tmp_path / "specs" / "laptops.yaml")
    return tmp_path


def test_opening_rows_end_with_the_greeting(laptops: Path) -> None:
    rows = scenario_rows([laptops / "specs"], laptops)
    assert len(rows) == 10
    for row in rows:
        assert [m["role"] for m in row["prompt"]] == ["system", "user"]
        assert row["scenario"].startswith("specs/laptops.yaml::") and row["stage"] == "opening"
        assert set(row) == {"prompt", "scenario", "spec_root", "category", "stage"}
    first = resolve_scenario(rows[0]["scenario"], rows[0]["spec_root"])
    assert first.persona.name in rows[0]["prompt"][0]["content"]  # the persona is the system prompt


def test_decision_rows_are_answered_right_by_what_the_reference_did(laptops: Path) -> None:
    rows = scenario_rows([laptops / "specs"], laptops, stage="decision")
    assert len(rows) == 10
    columns = {"scenario": [r["scenario"] for r in rows], "spec_root": [r["spec_root"] for r in rows]}
    prompts = [r["prompt"] for r in rows]
    assert all(
        p[-1]["role"] in ("user", "tool") and any(m["role"] == "assistant" for m in p) for p in prompts
    )
    replays = [play_scored(r["scenario"], "reference", root=laptops) for r in rows]
    said = []
    for replay in replays:
        last = replay.transcript.turns[-1]
        said.append(
            " ".join([last.text, *(f"{c.name}({next(iter(c.arguments.values()))})" for c in last.tool_calls)])
        )
    assert decision_alignment_reward(prompts, said, **columns) == [1.0] * 10
    assert decision_alignment_reward(prompts, ["Hmm."] * 10, **columns) == [0.0] * 10
