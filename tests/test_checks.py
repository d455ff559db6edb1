"""Each check of SPEC section 4, passing and failing, on hand-made transcripts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pytest_salessim.checks import dealbreakers_kept, decision_alignment, first_turn_disclosure, turn_limit
from pytest_salessim.spec import Scenario
from pytest_salessim.spec.model import CheckLimits
from pytest_salessim.transcript import Decision

from .factories import agent, bought, left, scenarios, shopper, transcript


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Scenario]:
    return scenarios(tmp_path)


def test_buying_an_acceptable_product_is_aligned(specs: dict[str, Scenario]) -> None:
    result = decision_alignment(bought("acer-aspire-5", agent("Hi")), specs["writer"])
    assert result.passed and result.failure_class is None


def test_buying_an_unacceptable_product_is_overly_lenient(specs: dict[str, Scenario]) -> None:
    t = bought("dell-xps-13", agent("Hi"), shopper("hello"), agent("Best seller!", "dell-xps-13"))
    result = decision_alignment(t, specs["writer"])
    assert not result.passed and result.failure_class == "overly_lenient"
    assert result.turns == (2, 3)  # the pitch that showed it, and the purchase


def test_buying_anything_when_nothing_fits_is_overly_lenient(specs: dict[str, Scenario]) -> None:
    result = decision_alignment(bought("lenovo-chromebook", agent("Hi")), specs["no-fit"])
    assert result.failure_class == "overly_lenient"


def test_leaving_when_nothing_fits_is_aligned(specs: dict[str, Scenario]) -> None:
    assert decision_alignment(left(agent("Hi")), specs["no-fit"]).passed


def test_leaving_after_an_acceptable_offer_is_too_strict(specs: dict[str, Scenario]) -> None:
    t = left(agent("Hi"), shopper("hm"), agent("Try this", "acer-aspire-5"))
    result = decision_alignment(t, specs["writer"])
    assert result.failure_class == "too_strict" and result.turns[0] == 2


def test_seeing_it_through_a_tool_counts_as_offered(specs: dict[str, Scenario]) -> None:
    t = left(
        agent("Hi"), shopper("", ("search_products", {"query": ""}), seen=("acer-aspire-5", "dell-xps-13"))
    )
    assert decision_alignment(t, specs["writer"]).failure_class == "too_strict"


def test_leaving_before_anything_acceptable_was_offered_is_premature(specs: dict[str, Scenario]) -> None:
    t = left(agent("Hi"), shopper("hm"), agent("Try this", "dell-xps-13"))
    assert decision_alignment(t, specs["writer"]).failure_class == "premature_ending"


def test_running_out_of_turns_is_undecided(specs: dict[str, Scenario]) -> None:
    t = transcript(Decision("undecided"), agent("Hi"), shopper("hm"))
    for scenario in specs.values():
        assert decision_alignment(t, scenario).failure_class == "undecided"
        assert not turn_limit(t, scenario).passed


def test_buying_an_unknown_product_is_a_hallucination(specs: dict[str, Scenario]) -> None:
    result = decision_alignment(bought("macbook-pro-2031", agent("Hi"), hallucinated=True), specs["writer"])
    assert result.failure_class == "hallucinated_product"
    assert "not in the catalog" in result.detail


def test_dealbreakers_and_budget(specs: dict[str, Scenario]) -> None:
    assert dealbreakers_kept(bought("acer-aspire-5"), specs["writer"]).passed
    over = dealbreakers_kept(bought("dell-xps-13"), specs["writer"])
    assert not over.passed and "the budget ($1,299 > $500)" in over.detail
    chrome = dealbreakers_kept(bought("lenovo-chromebook"), specs["writer"])
    assert not chrome.passed and "it has to run Windows" in chrome.detail and "'ChromeOS'" in chrome.detail
    assert dealbreakers_kept(left(), specs["writer"]).passed


def test_first_turn_disclosure(specs: dict[str, Scenario]) -> None:
    quiet = transcript(Decision("undecided"), agent("Hi"), shopper("Hi, I need a laptop."))
    assert first_turn_disclosure(quiet, specs["writer"]).passed
    everything = transcript(
        Decision("undecided"),
        agent("Hi"),
        shopper(
            "Hi, I need a laptop with a screen larger than 13 inches, it has to run Windows, under $500."
        ),
    )
    result = first_turn_disclosure(everything, specs["writer"])
    assert result.detail.startswith("3 criteria in the first message (at most 3)")
    assert result.passed
    strict = replace(specs["writer"], checks=CheckLimits(max_turns=16, max_first_turn_disclosures=2))
    assert not first_turn_disclosure(everything, strict).passed


def test_turn_limit(specs: dict[str, Scenario]) -> None:
    assert turn_limit(bought("acer-aspire-5", shopper("a"), shopper("b")), specs["writer"]).passed
    many = bought("acer-aspire-5", *[shopper("x")] * 16)
    result = turn_limit(many, specs["writer"])
    assert not result.passed and result.detail == "17 shopper turns (at most 16)"


def test_a_label_conflict_grades_a_listed_product_by_the_label_and_says_so(tmp_path: Path) -> None:
    from pytest_salessim.transcript import Transcript

    writer = scenarios(tmp_path)["writer"]
    listed = replace(writer, expect=replace(writer.expect, any_of=("acer-aspire-5", "dell-xps-13")))
    bought = Transcript("writer", "m", 0, (), Decision("purchase", "dell-xps-13"), 0.0)
    assert not dealbreakers_kept(bought, listed).passed  # not tagged: the criteria decide
    conflicted = replace(listed, tags=(*listed.tags, "label-conflict"))
    result = dealbreakers_kept(bought, conflicted)
    assert result.passed and "but the label accepts it (label-conflict)" in result.detail
    other = Transcript("writer", "m", 0, (), Decision("purchase", "asus-tuf"), 0.0)
    assert not dealbreakers_kept(other, conflicted).passed  # an unlisted product is still checked
