"""Judge errors (prose, values off the scale, faults past the retries) leave a dimension unjudged, counted
apart, never a score; a judge that changes its mind between votes shows in the agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..judge_policies import fickle, off_scale_judge, prose_judge, rule_judge
from ..llm_server import Fault
from .conftest import Start, dimension_scores, judge_args, personas

CHATTY = "py:tests.judge.shoppers:chatty"


def test_a_judge_that_answers_prose_leaves_every_dimension_unjudged(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(prose_judge)
    result = pytester.runpytest(*judge_args(server, CHATTY))
    result.assert_outcomes(passed=1)  # never a fail, never an error
    scores = dimension_scores(pytester.path / "reports")[CHATTY]
    assert set(scores) == {
        "comprehension",
        "states_dealbreakers",
        "judged_alignment",
        "personality",
        "first_turn_disclosure",
    }
    assert all(not s["judged"] and s["score"] is None for s in scores.values())
    assert scores["comprehension"]["error"].startswith(
        '3 of 3 votes were judge errors; the first: no JSON object with "score" in the answer'
    )


def test_values_off_the_scale_are_judge_errors_too(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(off_scale_judge)
    result = pytester.runpytest(*judge_args(server, CHATTY))
    result.assert_outcomes(passed=1)
    scores = dimension_scores(pytester.path / "reports")[CHATTY]
    assert all(not s["judged"] for s in scores.values())
    assert "score 7 is off the scale (0 or 1)" in scores["comprehension"]["error"]
    assert "level 'very high' is off the scale" in scores["personality"]["error"]


def test_a_judge_fault_past_the_retries_is_no_item_error(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge())
    server.always = Fault(503)
    result = pytester.runpytest(*judge_args(server, CHATTY))
    result.assert_outcomes(passed=1)
    scores = dimension_scores(pytester.path / "reports")[CHATTY]
    assert all(not s["judged"] for s in scores.values())
    assert "judge fault: model openai/judge failed" in scores["judged_alignment"]["error"]


def test_a_judge_that_changes_its_answer_between_votes_agrees_less(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(fickle(rule_judge(personas(judged_project))))
    pytester.runpytest(*judge_args(server, CHATTY))
    scores = dimension_scores(pytester.path / "reports")[CHATTY]
    for dimension in ("comprehension", "states_dealbreakers", "judged_alignment", "personality"):
        assert scores[dimension]["judged"] and scores[dimension]["agreement"] == pytest.approx(2 / 3)
    assert scores["states_dealbreakers"]["score"] == 1  # votes 1, 0, 1: the majority still holds
    seeds = sorted({r["body"].get("seed") for r in server.requests})
    assert seeds == [0, 1, 2]  # each vote asked apart


def test_judge_tokens_are_counted_apart_from_the_shopper_s(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    pytester.runpytest(*judge_args(server, CHATTY))
    line = json.loads((pytester.path / "reports" / "transcripts.jsonl").read_text().splitlines()[0])
    transcript = line["transcript"]
    assert transcript["usage"]["calls"] == 0  # a Python shopper
    assert transcript["judge_usage"]["calls"] == len(server.requests) == (4 + 2) * 3  # 4 dimensions, 2 traits
    assert transcript["judge_usage"]["prompt_tokens"] == sum(
        r["usage"]["prompt_tokens"] for r in server.requests
    )
