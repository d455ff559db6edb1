"""The judged dimensions as reward components: where a judge graded a conversation, each is a signal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_salessim.rewards import DEFAULT_WEIGHTS, combine, normalised, play_scored, weighted_reward
from pytest_salessim.settings import Settings
from pytest_salessim.spec import load_spec

from ..judge_policies import prose_judge, rule_judge
from .conftest import Start, judge_args, personas


def test_a_judged_conversation_scores_each_dimension(judged_project: Path, llm_server: Start) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    writer = load_spec(judged_project / "laptops.yaml", judged_project.parent)[0]
    settings = Settings(judge_model="openai/judge", api_base=server.url, retries=0)
    chatty = play_scored(writer, "py:tests.judge.shoppers:chatty", seed=1, settings=settings)
    terse = play_scored(writer, "py:tests.judge.shoppers:terse", seed=1, settings=settings)
    judged = {"comprehension", "states_dealbreakers", "judged_alignment", "personality"}
    assert judged <= set(chatty.scores) and judged <= set(terse.scores)
    assert chatty.scores["personality"] == 1.0 and terse.scores["personality"] == 0.5
    assert chatty.reward == pytest.approx(combine(chatty.scores)) and chatty.reward > terse.reward
    unjudged = play_scored(writer, "py:tests.judge.shoppers:chatty", seed=1, settings=Settings())
    assert not judged & set(unjudged.scores)  # no judge: the four rule signals, weighed as ever
    assert unjudged.reward == pytest.approx(
        combine(unjudged.scores, {k: DEFAULT_WEIGHTS[k] for k in unjudged.scores})
    )


def test_a_dimension_the_judge_could_not_score_is_no_signal(judged_project: Path, llm_server: Start) -> None:
    server = llm_server(prose_judge)
    writer = load_spec(judged_project / "laptops.yaml", judged_project.parent)[0]
    settings = Settings(judge_model="openai/judge", api_base=server.url, retries=0)
    scored = play_scored(writer, "py:tests.judge.shoppers:chatty", seed=1, settings=settings)
    assert set(scored.scores) == {"decision_alignment", "dealbreakers", "disclosure", "variety"}


def test_judged_weights_are_left_to_the_multi_turn_reward() -> None:
    assert normalised({"personality": 1, "decision_alignment": 1}) == {
        "decision_alignment": 0.5,
        "personality": 0.5,
    }
    with pytest.raises(ValueError, match="the judged signals need a whole conversation"):
        weighted_reward({"personality": 1})
    assert weighted_reward(DEFAULT_WEIGHTS).weights == normalised(  # type: ignore[attr-defined]
        {
            k: w
            for k, w in DEFAULT_WEIGHTS.items()
            if k in ("decision_alignment", "dealbreakers", "disclosure", "variety")
        }
    )


def test_the_export_scores_each_judged_dimension(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    pytester.runpytest(
        *judge_args(server, "py:tests.judge.shoppers:terse"), "--salessim-export", "train.jsonl"
    )
    row = json.loads((pytester.path / "train.jsonl").read_text().splitlines()[0])
    assert row["scores"]["personality"] == 0.5  # extraversion high judged low; neuroticism low as specified
    assert row["scores"]["states_dealbreakers"] == 0.0  # six words a message: its limits go unsaid
    assert row["scores"]["combined"] == pytest.approx(
        combine({k: v for k, v in row["scores"].items() if k != "combined"})
    )
