"""Votes into a judgement: the majority counts, a tie goes to the lower score, errors are counted apart."""

from __future__ import annotations

from pytest_salessim.judge.verdicts import Value, Vote, summarize
from pytest_salessim.judge.votes import tally


def votes(*values: Value | None) -> list[Vote]:
    return [
        Vote(v, f"said {v}", (i,)) if v is not None else Vote(None, error="no JSON")
        for i, v in enumerate(values)
    ]


def test_the_majority_counts_and_agreement_is_the_share_that_gave_it() -> None:
    judgement = tally("comprehension", votes(1, 0, 1), "score")
    assert (judgement.majority, judgement.score, judgement.justification) == (1, 1.0, "said 1")
    assert judgement.agreement == 2 / 3 and judgement.turns == (0, 2)  # the turns of the agreeing votes


def test_a_tie_goes_to_the_lower_score() -> None:
    assert tally("states_dealbreakers", votes(1, 0), "score").majority == 0
    assert tally("criterion", votes(True, False), "meets").majority is False
    # a trait specified high: low and high tie, low scores lower
    tied = tally(
        "personality", votes("high", "low", "neutral", "neutral", "low", "high"), "level", expected="high"
    )
    assert tied.majority == "low" and tied.score == 0.0


def test_a_trait_scores_one_minus_the_distance_to_its_specified_level() -> None:
    assert tally("personality", votes("high"), "level", expected="high").score == 1.0
    assert tally("personality", votes("neutral"), "level", expected="high").score == 0.5
    assert tally("personality", votes("low"), "level", expected="high").score == 0.0
    assert tally("personality", votes("neutral"), "level", expected="low").score == 0.5


def test_errors_leave_it_unjudged_unless_most_votes_are_valid() -> None:
    kept = tally("comprehension", votes(1, None, 1), "score")
    assert kept.majority == 1 and kept.agreement == 1.0
    lost = tally("comprehension", votes(1, None, None), "score")
    assert lost.majority is None and lost.score is None and not lost.judged
    assert lost.error == "2 of 3 votes were judge errors; the first: no JSON"
    assert not tally("comprehension", votes(1, None), "score").judged  # one of two is not most


def test_a_criterion_counts_as_revealed_when_half_the_votes_name_it() -> None:
    judgement = tally("first_turn_disclosure", votes((1, 2), (1,), (1, 3), (2,)), "revealed")
    assert judgement.majority == (1, 2) and judgement.score == 2.0
    assert judgement.agreement == 1 / 4


def test_a_dimension_summary_takes_the_mean_over_traits_and_fails_on_an_opposite_one() -> None:
    traits = [
        tally("personality", votes("high", "high", "high"), "level", aspect="extraversion", expected="high"),
        tally("personality", votes("high", "high", "low"), "level", aspect="neuroticism", expected="low"),
    ]
    summary = summarize("personality", traits)
    assert summary is not None
    assert summary["score"] == 0.5 and summary["failing"] and summary["votes"] == 6
    assert summary["agreement"] == 5 / 6
    unjudged = summarize("comprehension", [tally("comprehension", votes(None), "score")])
    assert unjudged is not None and not unjudged["judged"] and unjudged["error"] == "no JSON"
    assert summarize("comprehension", traits) is None
