"""The paper's grader on hand-made transcripts: one for each of its classes, and where it parts from ours."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from pytest_salessim.checks import FailureClass, decision_alignment
from pytest_salessim.checks.paper import named_in, paper_alignment, recommendations
from pytest_salessim.spec import Scenario
from pytest_salessim.transcript import Decision, ToolCall, ToolResult, Transcript, Turn

from .conftest import NO_FIT, WRITER
from .factories import scenarios

NAMES = {
    "acer-aspire-5": "Acer Aspire 5",
    "dell-xps-13": "Dell XPS 13",
    "asus-tuf": "ASUS TUF Gaming F15",
    "lenovo-chromebook": "Lenovo Chromebook 14",
}


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Scenario]:
    """writer accepts only acer-aspire-5; no-fit accepts nothing."""
    return {k: s.graded("paper") for k, s in scenarios(tmp_path, WRITER, NO_FIT).items()}


def agent(text: str, *shown: str) -> Turn:
    return Turn("agent", text, tuple({"id": i, "name": NAMES[i], "price": 1.0, "image": None} for i in shown))


def says(text: str) -> Turn:
    return Turn("shopper", text)


def searches(*found: str) -> Turn:
    return Turn("shopper", "", (), (ToolResult(ToolCall("search_products", {"query": ""}), [], None, found),))


def buys(product_id: str, *turns: Turn, known: bool = True) -> Transcript:
    call = ToolCall("add_to_cart", {"product_id": product_id})
    cart = Turn("shopper", "I'll take it.", (), (ToolResult(call, {}),))
    decision = Decision("purchase", product_id, hallucinated=not known)
    return Transcript("writer", "test", 0, (*turns, cart), decision, 0.0)


def leaves(*turns: Turn, undecided: bool = False) -> Transcript:
    if undecided:
        return Transcript("writer", "test", 0, turns, Decision("undecided"), 0.0)
    bye = Turn("shopper", "Bye.", (), (ToolResult(ToolCall("end_conversation", {"reason": "no"}), {}),))
    return Transcript("writer", "test", 0, (*turns, bye), Decision("no_purchase", reason="no"), 0.0)


HELLO = agent("Hi! What are you looking for?")
ASK = says("A Windows laptop with a big screen, please.")


def both(transcript: Transcript, scenario: Scenario) -> tuple[bool, bool]:
    """(strict, paper) alignment of one transcript."""
    return decision_alignment(transcript, scenario.graded("strict")).passed, paper_alignment(
        transcript, scenario
    ).passed


def test_aligned_purchase_of_a_recommended_acceptable_product(specs: dict[str, Scenario]) -> None:
    t = buys("acer-aspire-5", HELLO, ASK, agent("Try this one.", "acer-aspire-5"))
    result = decision_alignment(t, specs["writer"])
    assert result.passed and result.detail == "bought acer-aspire-5: acceptable and recommended by the agent"
    assert both(t, specs["writer"]) == (True, True)


def test_naming_a_product_in_the_text_recommends_it(specs: dict[str, Scenario]) -> None:
    t = buys("acer-aspire-5", HELLO, ASK, agent("Honestly, the ACER  Aspire 5 is what I'd buy."))
    assert recommendations(t, specs["writer"]) == {"acer-aspire-5": 2}
    assert paper_alignment(t, specs["writer"]).passed
    assert named_in("the Levi\u2019s 505 jeans", "Levi's 505") and not named_in("an Acer", "Acer Aspire 5")


def test_premature_ending_is_one_shopper_turn_whatever_it_decides(specs: dict[str, Scenario]) -> None:
    t = buys("acer-aspire-5", agent("Welcome! Our best laptop:", "acer-aspire-5"))
    result = paper_alignment(t, specs["writer"])
    assert result.failure_class == "premature_ending" and not result.passed
    assert both(t, specs["writer"]) == (True, False)
    left_at_once = leaves(HELLO)
    assert paper_alignment(left_at_once, specs["no-fit"]).failure_class == "premature_ending"


def test_overly_lenient_when_nothing_was_acceptable(specs: dict[str, Scenario]) -> None:
    t = buys("dell-xps-13", HELLO, ASK, agent("The XPS!", "dell-xps-13"))
    result = paper_alignment(t, specs["no-fit"])
    assert result.failure_class == "overly_lenient"
    assert result.detail == "bought dell-xps-13: nothing was acceptable"


def test_overly_lenient_when_no_acceptable_product_was_recommended(specs: dict[str, Scenario]) -> None:
    t = buys("dell-xps-13", HELLO, ASK, agent("The XPS!", "dell-xps-13"))
    result = paper_alignment(t, specs["writer"])
    assert result.failure_class == "overly_lenient"
    assert "no acceptable product was recommended" in result.detail


def test_chose_the_wrong_recommended_product(specs: dict[str, Scenario]) -> None:
    t = buys("dell-xps-13", HELLO, ASK, agent("Either of these.", "acer-aspire-5", "dell-xps-13"))
    result = paper_alignment(t, specs["writer"])
    assert result.failure_class == "chose_wrong_recommended"
    assert result.detail == "bought dell-xps-13, not acceptable, though the agent recommended acer-aspire-5"
    assert result.turns == (2, 2, 3)
    assert decision_alignment(t, specs["writer"].graded("strict")).failure_class == "overly_lenient"


def test_bought_a_product_the_agent_never_recommended(specs: dict[str, Scenario]) -> None:
    """Our shopper can search the catalog itself: we credit what it finds, the paper does not."""
    t = buys("acer-aspire-5", HELLO, ASK, agent("The XPS!", "dell-xps-13"), searches("acer-aspire-5"))
    result = paper_alignment(t, specs["writer"])
    assert result.failure_class == "bought_unrecommended"
    assert result.detail == "bought acer-aspire-5, which the agent never recommended"
    assert both(t, specs["writer"]) == (True, False)


def test_hallucinated_product(specs: dict[str, Scenario]) -> None:
    t = buys("macbook-pro-2031", HELLO, ASK, agent("The XPS!", "dell-xps-13"), known=False)
    assert paper_alignment(t, specs["writer"]).failure_class == "hallucinated_product"
    # with nothing acceptable the paper calls any purchase overly lenient first
    assert paper_alignment(t, specs["no-fit"]).failure_class == "overly_lenient"


def test_too_strict_left_although_an_acceptable_product_was_recommended(specs: dict[str, Scenario]) -> None:
    t = leaves(HELLO, ASK, agent("This one fits.", "acer-aspire-5"))
    result = paper_alignment(t, specs["writer"])
    assert result.failure_class == "too_strict"
    assert result.detail == "left although the agent recommended acer-aspire-5"
    assert result.turns == (2, 3)


def test_leaving_is_aligned_when_no_acceptable_product_was_recommended(specs: dict[str, Scenario]) -> None:
    """Even when the shopper saw the acceptable product through its own search: the paper asks only
    whether the agent recommended one; our strict grading calls that leaving too strict."""
    t = leaves(HELLO, ASK, agent("The XPS!", "dell-xps-13"), searches("acer-aspire-5"))
    result = paper_alignment(t, specs["writer"])
    assert result.passed and result.detail == "left: no acceptable product was recommended"
    assert both(t, specs["writer"]) == (False, True)
    assert decision_alignment(t, specs["writer"].graded("strict")).failure_class == "too_strict"
    assert paper_alignment(leaves(HELLO, ASK), specs["no-fit"]).detail == "left: nothing was acceptable"


def test_running_out_of_turns_counts_as_leaving(specs: dict[str, Scenario]) -> None:
    t = leaves(HELLO, ASK, agent("The XPS!", "dell-xps-13"), says("Hmm."), undecided=True)
    detail = paper_alignment(t, specs["writer"]).detail
    assert detail == "ran out of turns: no acceptable product was recommended"
    assert decision_alignment(t, specs["writer"].graded("strict")).failure_class == "undecided"


def test_the_paper_grader_gives_each_of_its_classes_and_only_those(specs: dict[str, Scenario]) -> None:
    """One transcript per class of the paper's grader (its own names in paper.py's docstring)."""
    writer, no_fit = specs["writer"], specs["no-fit"]
    shown = agent("Either of these.", "acer-aspire-5", "dell-xps-13")
    cases = {
        "premature_ending": (buys("acer-aspire-5", agent("Welcome!", "acer-aspire-5")), writer),
        "overly_lenient": (buys("dell-xps-13", HELLO, ASK, agent("The XPS!", "dell-xps-13")), no_fit),
        "chose_wrong_recommended": (buys("dell-xps-13", HELLO, ASK, shown), writer),
        "bought_unrecommended": (buys("acer-aspire-5", HELLO, ASK, searches("acer-aspire-5")), writer),
        "hallucinated_product": (
            buys("mbp", HELLO, ASK, agent("The XPS!", "dell-xps-13"), known=False),
            writer,
        ),
        "too_strict": (leaves(HELLO, ASK, agent("This one fits.", "acer-aspire-5")), writer),
    }
    produced = {name: paper_alignment(t, scenario).failure_class for name, (t, scenario) in cases.items()}
    assert produced == {name: name for name in cases}
    assert set(produced) <= set(get_args(FailureClass))  # each is a class results.json may carry


def test_a_spec_can_ask_for_the_papers_grading(tmp_path: Path) -> None:
    body = WRITER.replace("    expect:", "    checks: {grading: paper}\n    expect:")
    scenario = scenarios(tmp_path, body)["writer"]
    assert scenario.checks.grading == "paper"
    t = leaves(HELLO, ASK, agent("The XPS!", "dell-xps-13"), searches("acer-aspire-5"))
    assert decision_alignment(t, scenario).passed
    assert scenario.graded("strict").checks.grading == "strict"
    assert scenario.graded("paper") is scenario
