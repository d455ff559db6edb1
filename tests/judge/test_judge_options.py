"""The judge's options: votes, which dimensions, rubrics of one's own; and its calls recorded and replayed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..judge_policies import rule_judge
from .conftest import Start, dimension_scores, judge_args, personas

CHATTY = "py:tests.judge.shoppers:chatty"


def _asked(server: object) -> list[str]:
    return [r["body"]["messages"][-1]["content"] for r in server.requests]  # type: ignore[attr-defined]


def test_replay_from_the_cache_makes_no_call_and_gives_every_vote_back(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    pytester.runpytest(*judge_args(server, CHATTY), "--salessim-cache", "calls")
    recorded = dimension_scores(pytester.path / "reports")
    calls = len(server.requests)
    assert calls == 6 * 3 and len(list((pytester.path / "calls").rglob("*.json"))) == calls  # a file per vote
    server.requests.clear()
    replay = pytester.runpytest(
        *judge_args(server, CHATTY), "--salessim-cache", "calls", "--salessim-record", "replay"
    )
    replay.assert_outcomes(passed=1)
    assert server.requests == []
    assert dimension_scores(pytester.path / "reports") == recorded


def test_votes_and_dimensions_are_chosen_on_the_command_line(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    args = judge_args(server, CHATTY)
    pytester.runpytest(*args, "--salessim-judge-votes", "5", "--salessim-judge-dimensions", "comprehension")
    assert len(server.requests) == 5 and all("how much that character knows" in p for p in _asked(server))
    assert set(dimension_scores(pytester.path / "reports")[CHATTY]) == {"comprehension"}
    server.requests.clear()
    pytester.runpytest(
        *args, "--salessim-judge-votes", "1", "--salessim-judge-dimensions", "personality,judged_alignment"
    )
    assert len(server.requests) == 2 + 1  # two traits and judged_alignment, one vote each


def test_a_required_dimension_is_judged_whatever_the_dimensions_asked(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    pytester.makeini("[pytest]\nsalessim_require = states_dealbreakers\n")
    server = llm_server(rule_judge(personas(judged_project)))
    pytester.runpytest(*judge_args(server, CHATTY), "--salessim-judge-dimensions", "comprehension")
    assert set(dimension_scores(pytester.path / "reports")[CHATTY]) == {
        "comprehension",
        "states_dealbreakers",
    }


def test_a_rubric_of_one_s_own_replaces_the_built_in_one(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    rubrics = pytester.path / "rubrics"
    rubrics.mkdir()
    (rubrics / "comprehension.j2").write_text(
        "House rubric for {{ persona.name }} ({{ persona.knowledge }}): "
        "{% for m in conversation %}[{{ m.index }}] {{ m.role }}: {{ m.text }} {% endfor %}"
        'Answer {"score": 0 or 1, "justification": "..."}'
    )
    pytester.makeini("[pytest]\nsalessim_judge_prompts = rubrics\n")
    server = llm_server(lambda body: {"content": '{"score": 1, "justification": "house rules"}'})
    pytester.runpytest(
        *judge_args(server, CHATTY), "--salessim-judge-dimensions", "comprehension,judged_alignment"
    )
    asked = _asked(server)
    assert sum(p.startswith("House rubric for Emily (novice): [0] agent: Hi!") for p in asked) == 3
    assert sum("buys one product or leaves" in p for p in asked) == 3  # the built-in rubric for the other


def test_bad_judge_options_are_usage_errors(pytester: pytest.Pytester, judged_project: Path) -> None:
    for args, message in [
        (("--salessim-judge-votes", "0"), "*--salessim-judge-votes must be at least 1, not 0*"),
        (("--salessim-judge-dimensions", "charm"), "*--salessim-judge-dimensions: unknown charm; known: *"),
    ]:
        result = pytester.runpytest("specs", *args)
        assert result.ret == pytest.ExitCode.USAGE_ERROR
        result.stderr.fnmatch_lines([message])
    pytester.makeini("[pytest]\nsalessim_judge_prompts = nowhere\n")
    result = pytester.runpytest("specs")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*salessim_judge_prompts: no such folder */nowhere*"])


def test_a_rubric_that_does_not_render_leaves_its_dimension_unjudged(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    rubrics = pytester.path / "rubrics"
    rubrics.mkdir()
    (rubrics / "comprehension.j2").write_text("{{ persona.shoe_size }} and {{ nothing_here }}")
    pytester.makeini("[pytest]\nsalessim_judge_prompts = rubrics\n")
    server = llm_server(rule_judge(personas(judged_project)))
    result = pytester.runpytest(*judge_args(server, CHATTY), "--salessim-judge-dimensions", "comprehension")
    result.assert_outcomes(passed=1)
    assert server.requests == []
    summary = dimension_scores(pytester.path / "reports")[CHATTY]["comprehension"]
    assert (
        not summary["judged"]
        and "rubric " in summary["error"]
        and "comprehension.j2 does not render" in summary["error"]
    )


def test_an_unknown_judge_model_is_an_error_of_each_item_in_one_line(
    pytester: pytest.Pytester, judged_project: Path
) -> None:
    result = pytester.runpytest(
        "specs", "--model", CHATTY, "--salessim-judge-model", "no-such-judge", "-p", "no:cacheprovider"
    )
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*--salessim-judge-model no-such-judge: no such model (no-such-judge: not an alias*"]
    )
    assert "Traceback" not in result.stdout.str()
