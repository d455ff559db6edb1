"""Each run-level figure on hand-made records, against values computed by hand."""

from __future__ import annotations

import math
import random

import pytest

from pytest_salessim.diversity import mean_pairwise_similarity
from pytest_salessim.metrics import conversations, group_figures, persuasion_figures, wilson
from pytest_salessim.report.figures import run_figures
from pytest_salessim.report.people import human_reference

from .records import persuasion, record, trial, usage

RECORDS = [
    record(
        "m",
        "a",
        trial(
            first=1,
            turns=4,
            text="red shoes please",
            seconds=1.0,
            shopper=usage(2, 100, 20, 0.01),
            agent=usage(1, 50, 5, 0.002),
        ),
    ),
    record(
        "m",
        "b",
        trial(
            passed=False,
            failure_class="overly_lenient",
            first=5,
            turns=2,
            text="red boots now",
            seconds=2.0,
            shopper=usage(1, 10, 2, 0.001),
        ),
        tags=("budget",),
    ),
    record(
        "m",
        "c",
        trial(passed=False, failure_class="too_strict", first=3, judged=4, turns=9, text="blue shoes"),
        category="headphones",
        tags=("budget",),
    ),
    record("m", "d", trial(first=0, turns=6, text="a quiet pair"), category="headphones"),
    record("other", "a", trial(text="something else entirely")),
]


def test_alignment_failure_classes_and_wilson_interval() -> None:
    fig = group_figures(RECORDS[:4], [c for c in conversations(RECORDS) if c.item["model"] == "m"])
    assert (fig.items, fig.passed, fig.trials, fig.aligned) == (4, 2, 4, 2)
    assert fig.alignment == 0.5
    assert fig.failure_classes == {"overly_lenient": 1, "too_strict": 1}
    # Wilson for 2 of 4 at z = 1.96, from its formula
    z, n, p = 1.96, 4, 0.5
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert fig.alignment_interval == pytest.approx(
        ((centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n))
    )
    assert wilson(0, 0) == (0.0, 1.0)


def test_tokens_read_from_and_written_to_the_prompt_cache_are_summed() -> None:
    cached = {**usage(2, 1000, 20, 0.01), "cached_tokens": 700, "cache_creation_tokens": 200}
    records = [
        record("m", "a", trial(shopper=cached)),
        record("m", "b", trial(shopper=usage(1, 300, 2, 0.001))),
    ]
    fig = group_figures(records, conversations(records))
    assert fig.usage["shopper"]["prompt_tokens"] == 1300
    assert fig.usage["shopper"]["cached_tokens"] == 700 == fig.usage["total"]["cached_tokens"]
    assert fig.usage["total"]["cache_creation_tokens"] == 200


def test_first_turn_criteria_turns_usage_and_time() -> None:
    fig = group_figures(RECORDS[:4], [c for c in conversations(RECORDS) if c.item["model"] == "m"])
    # the judge's count (4) stands in for the keyword count (3) where there is one, as in the check
    assert fig.first_turn_criteria == pytest.approx((1 + 5 + 4 + 0) / 4)
    assert fig.first_turn_judged == 1
    assert fig.first_turn_at_most_3 == pytest.approx(2 / 4)
    assert fig.shopper_turns == pytest.approx((4 + 2 + 9 + 6) / 4)
    uncached = {"cached_tokens": 0, "cache_creation_tokens": 0}  # records from before the prompt cache
    assert fig.usage["shopper"] == {
        **{"calls": 3, "tokens": 132, "cost": pytest.approx(0.011), "prompt_tokens": 110, **uncached}
    }
    assert fig.usage["agent"] == {
        "calls": 1,
        "tokens": 55,
        "cost": pytest.approx(0.002),
        "prompt_tokens": 50,
        **uncached,
    }
    assert fig.usage["total"] == {
        **{"calls": 4, "tokens": 187, "cost": pytest.approx(0.013), "prompt_tokens": 160, **uncached}
    }
    assert fig.seconds == pytest.approx(1.0 + 2.0 + 0.5 + 0.5)
    assert fig.pass_hat == {1: 0.5}


def test_similarity_is_fitted_within_each_model_and_category() -> None:
    convs = {(c.item["model"], c.item["scenario"]): c.similarity for c in conversations(RECORDS)}
    laptops = mean_pairwise_similarity(["red shoes please", "red boots now"])
    headphones = mean_pairwise_similarity(["blue shoes", "a quiet pair"])
    assert convs[("m", "a")] == pytest.approx(laptops) and convs[("m", "b")] == pytest.approx(laptops)
    assert headphones == 0.0 and convs[("m", "c")] == 0.0
    assert convs[("other", "a")] is None  # alone in its category: no similarity
    fig = group_figures(RECORDS[:4], [c for c in conversations(RECORDS) if c.item["model"] == "m"])
    assert fig.tfidf_similarity == pytest.approx((2 * laptops + 2 * headphones) / 4)
    # distinct-2 over the model's shopper text: 2 + 2 + 1 + 2 bigrams, all different
    assert fig.distinct_2 == 1.0


def test_pass_hat_k_over_repeats() -> None:
    item = record("m", "r", trial(), trial(passed=False, failure_class="undecided"), trial(), trial())
    fig = group_figures([item], conversations([item]))
    assert fig.pass_hat == pytest.approx({1: 3 / 4, 2: 3 / 6, 3: 1 / 4, 4: 0.0})
    assert (fig.items, fig.trials, fig.aligned) == (1, 4, 3)


def test_persuasion_flip_rate_and_most_effective_tactics() -> None:
    records = [
        record(
            "m",
            "p1",
            trial(),
            kind="persuasion",
            persuasion=persuasion(10, 3, {"scarcity": (4, 2), "authority": (6, 1)}, minimal=True),
        ),
        record("m", "p2", trial(), kind="persuasion", persuasion=persuasion(5, 0, {"authority": (5, 0)})),
        record("m", "plain", trial()),
    ]
    fig = persuasion_figures(records)
    assert (fig.items, fig.flipped_items, fig.variants_tried, fig.flipped) == (2, 1, 15, 3)
    assert fig.flip_rate == pytest.approx(3 / 15)
    assert fig.flip_interval == pytest.approx(wilson(3, 15))
    assert [(t.name, t.tried, t.flipped) for t in fig.tactics] == [("scarcity", 4, 2), ("authority", 11, 1)]
    # persuasion items stay out of alignment
    group = group_figures(records, conversations(records))
    assert (group.items, group.trials) == (1, 1)
    assert persuasion_figures([]).flip_rate is None


def test_run_figures_split_by_category_and_tag_and_do_not_depend_on_order() -> None:
    figures = run_figures(RECORDS, ["m", "other"], human_reference())
    m = figures["m"]
    assert set(m["by_category"]) == {"laptops", "headphones"}
    assert m["by_tag"]["budget"]["trials"] == 2 and m["by_tag"]["budget"]["aligned"] == 0
    assert m["by_category"]["headphones"]["failure_classes"] == {"too_strict": 1}
    assert m["overall"]["alignment_ci95"] == pytest.approx(list(wilson(2, 4)))
    shuffled = RECORDS[:]
    random.Random(3).shuffle(shuffled)
    assert run_figures(shuffled, ["m", "other"], human_reference()) == figures


def test_gap_to_people_is_the_model_minus_the_people() -> None:
    reference = human_reference()
    gap = run_figures(RECORDS, ["m"], reference)["m"]["gap_to_people"]
    people = reference["figures"]["first_turn_criteria"]["value"]
    assert gap["first_turn_criteria"]["difference"] == pytest.approx(2.5 - people)
    assert gap["shopper_turns"]["people"] == reference["figures"]["shopper_turns"]["value"]
    assert set(gap) == {"first_turn_criteria", "first_turn_at_most_3", "tfidf_similarity", "shopper_turns"}
