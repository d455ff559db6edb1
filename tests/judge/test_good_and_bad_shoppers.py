"""Each judged dimension tells a good shopper from a bad one: the local server judges by rules
(tests/judge_policies.py), the shoppers differ in one way each (shoppers.py), over real HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..judge_policies import rule_judge
from .conftest import Start, dimension_scores, judge_args, personas

PY = "py:tests.judge.shoppers:"


def test_each_dimension_tells_a_good_shopper_from_a_bad_one(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    models = [
        "reference",
        "weak",
        *(PY + n for n in ("tight_lipped", "chatty", "terse", "worrier", "jargon")),
    ]
    result = pytester.runpytest(*judge_args(server, *models))
    scores = dimension_scores(pytester.path / "reports")
    score = {m: {d: s["score"] for d, s in dims.items()} for m, dims in scores.items()}
    # states_dealbreakers: the reference says it needs Windows and names its budget; the tight-lipped never do
    assert score["reference"]["states_dealbreakers"] == 1
    assert score[PY + "tight_lipped"]["states_dealbreakers"] == 0
    # comprehension: a novice who talks of RAM, SSDs and GHz does not fit
    assert score["reference"]["comprehension"] == 1
    assert score[PY + "jargon"]["comprehension"] == 0
    # judged_alignment: the weak shopper buys what it is pitched first
    assert score["reference"]["judged_alignment"] == 1
    assert score["weak"]["judged_alignment"] == 0
    # personality (extraversion high, neuroticism low): chatty and calm fits; terse or worried does not
    assert score[PY + "chatty"]["personality"] == 1
    assert score[PY + "terse"]["personality"] == 0.5 and scores[PY + "terse"]["personality"]["failing"]
    assert score[PY + "worrier"]["personality"] < 1 and scores[PY + "worrier"]["personality"]["failing"]
    # first_turn_disclosure: the weak shopper says everything at once
    assert score["reference"]["first_turn_disclosure"] <= 1 < score["weak"]["first_turn_disclosure"] == 3
    # without `require`, a judged dimension is a figure: only the weak shopper's rule checks fail it
    result.assert_outcomes(passed=6, failed=1)
    assert all(s["agreement"] == 1 for dims in scores.values() for s in dims.values())


def test_the_personality_judge_sees_the_shopper_s_messages_only(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    pytester.runpytest(*judge_args(server, PY + "chatty"))
    asked = [r["body"]["messages"][-1]["content"] for r in server.requests]
    traits = [p for p in asked if "personality trait" in p]
    assert len(traits) == 2 * 3  # two specified traits, three votes each
    for prompt in traits:
        assert "AGENT" not in prompt and "Hi! Looking for a new laptop" not in prompt  # no agent message
        assert "Emily" not in prompt and "Freelance writer" not in prompt  # no persona
        messages = prompt.split("The shopper's messages")[1].split("Rate only")[0]
        assert "high" not in messages and "low" not in messages  # the shopper's words, never a level
        assert prompt.count("high") == 2  # the trait's description and the answer's scale, nothing else
