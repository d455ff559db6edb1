"""Reading a judge's answer: one JSON object, text around it allowed; anything else is a judge error."""

from __future__ import annotations

import pytest

from pytest_salessim.judge.answers import json_objects, read_vote


def test_an_object_in_prose_or_a_fence_is_read() -> None:
    text = 'Sure.\n```json\n{"score": 1, "justification": "states both", "turns": [1, 3]}\n```\nDone.'
    vote = read_vote(text, "score", turns=5)
    assert (vote.value, vote.justification, vote.turns, vote.error) == (1, "states both", (1, 3), None)


def test_prose_is_a_judge_error_never_a_score() -> None:
    vote = read_vote("The shopper did well, I'd say 1.", "score")
    assert vote.value is None and vote.error and 'no JSON object with "score"' in vote.error


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ('{"score": 2}', "score"),
        ('{"score": true}', "score"),
        ('{"score": "1"}', "score"),
        ('{"level": "very high"}', "level"),
        ('{"meets": "yes"}', "meets"),
        ('{"revealed": [0, 9]}', "revealed"),
        ('{"revealed": "1, 2"}', "revealed"),
    ],
)
def test_a_value_off_the_scale_is_a_judge_error(text: str, scale: str) -> None:
    vote = read_vote(text, scale, criteria=3)  # type: ignore[arg-type]
    assert vote.value is None and vote.error


def test_levels_are_read_in_any_case_and_revealed_lists_sorted_once() -> None:
    assert read_vote('{"level": "High"}', "level").value == "high"
    assert read_vote('{"revealed": [3, 1, 3]}', "revealed", criteria=3).value == (1, 3)
    assert read_vote('{"meets": false, "justification": "no"}', "meets").value is False


def test_the_turns_pointed_at_come_from_the_list_or_the_justification_and_stay_in_range() -> None:
    listed = read_vote('{"score": 0, "turns": [2, 40, "x"]}', "score", turns=6)
    assert listed.turns == (2,)
    said = read_vote('{"score": 0, "justification": "in [3] and turn 5 it never says"}', "score", turns=6)
    assert said.turns == (3, 5)


def test_the_first_object_with_the_key_counts() -> None:
    assert json_objects('a {"x": 1} b {"score": 0} {bad') == [{"x": 1}, {"score": 0}]
    assert read_vote('{"x": 1} then {"score": 0}', "score").value == 0
