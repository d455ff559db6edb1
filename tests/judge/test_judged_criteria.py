"""Criteria with neither a rule nor a `meets` list, judged per product once per run, serve `reference`,
the dealbreaker check and the failure classes as a rule would (SPEC section 11, last point)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pytest_salessim.judge.criteria import CriteriaJudge, pending, undecided
from pytest_salessim.scheduler import ModelLoop
from pytest_salessim.settings import Settings
from pytest_salessim.spec import load_spec

from ..judge_policies import fickle, prose_judge, rule_judge
from .conftest import Start

REPO = Path(__file__).parent.parent.parent
MEETS = '"meets": true or false'


def _imported(pytester: pytest.Pytester) -> Path:
    shutil.copytree(REPO / "specs" / "salessim", pytester.path / "specs" / "salessim")
    return pytester.path / "specs" / "salessim" / "laptops.yaml"


def test_reference_and_the_dealbreaker_check_play_an_imported_scenario_with_a_judge(
    pytester: pytest.Pytester, llm_server: Start
) -> None:
    spec = _imported(pytester)
    server = llm_server(rule_judge())
    args = [
        "--salessim-api-base",
        server.url,
        "--salessim-judge-model",
        "openai/judge",
        "-p",
        "no:cacheprovider",
    ]
    result = pytester.runpytest(
        str(spec),
        "-k",
        "max-21",
        "--model",
        "reference",
        "--model",
        "weak",
        "--salessim-judge-votes",
        "1",
        *args,
    )
    result.assert_outcomes(passed=1, failed=1)  # without a judge, reference skips it (test_imported_specs)
    result.stdout.fnmatch_lines(
        [
            "*FAIL dealbreakers: * breaks the dealbreaker 'Must have dedicated GPU capable of running "
            "Unity and game builds.' (met only by no product; * is not listed in `meets`)*",
        ]
    )
    scenario = next(s for s in load_spec(spec, pytester.path) if s.id == "max-21")
    questions = len(undecided(scenario.persona)) * len(scenario.catalog.products)
    asked = [r for r in server.requests if MEETS in r["body"]["messages"][-1]["content"]]
    assert questions == 5 * 25 and len(asked) == questions  # once for the run, not once per model
    lines = [
        json.loads(line)
        for line in (pytester.path / "reports" / "transcripts.jsonl").read_text().splitlines()
    ]
    criteria = [j for j in lines[0]["transcript"]["judgements"] if j["dimension"] == "criterion"]
    assert len(criteria) == questions
    assert {j["aspect"].split(": ", 1)[1] for j in criteria} == {c.text for c in undecided(scenario.persona)}
    usage = {line["model"]: line["transcript"]["judge_usage"]["calls"] for line in lines}
    assert sorted(usage.values())[0] < questions <= sorted(usage.values())[1]  # counted once, where asked


def _decided(spec: Path, root: Path, server_url: str, votes: int) -> tuple[object, ...]:
    scenario = next(s for s in load_spec(spec, root) if s.id == "max-21")
    settings = Settings(judge_model="openai/judge", api_base=server_url, judge_votes=votes, retries=0)
    judge = CriteriaJudge(settings)
    return ModelLoop.get().submit(judge.decided(scenario)).result(timeout=60)


def test_a_split_vote_or_a_judge_error_counts_as_not_met_and_is_kept_unjudged(
    pytester: pytest.Pytester, llm_server: Start
) -> None:
    spec = _imported(pytester)
    split = llm_server(fickle(rule_judge()))  # two votes, the second contradicting the first
    scenario, judgements, _ = _decided(spec, pytester.path, split.url, votes=2)
    assert all(j.majority is False and j.agreement == 0.5 for j in judgements)  # type: ignore[attr-defined]
    assert all(c.meets == () for c in scenario.persona.criteria if c.rule is None)  # type: ignore[attr-defined]
    prose = llm_server(prose_judge)
    scenario, judgements, spent = _decided(spec, pytester.path, prose.url, votes=1)
    assert all(not j.judged and "no JSON object" in j.error for j in judgements)  # type: ignore[attr-defined]
    assert all(c.meets == () for c in scenario.persona.criteria if c.rule is None)  # type: ignore[attr-defined]
    assert spent.calls == len(prose.requests) == 125  # type: ignore[attr-defined]


def test_a_simulator_is_asked_whether_it_can_play_the_scenario_as_it_will_be_judged(tmp_path: Path) -> None:
    shutil.copytree(REPO / "specs" / "salessim", tmp_path / "salessim")
    scenario = next(
        s for s in load_spec(tmp_path / "salessim" / "laptops.yaml", tmp_path) if s.id == "max-21"
    )
    assert len(undecided(scenario.persona)) == 5
    assert undecided(pending(scenario).persona) == []
    assert pending(scenario).persona.dealbreakers[0].meets == ()
