"""Criteria with neither a rule nor a `meets` list, judged per product once per run, serve `reference`,
the dealbreaker check and the failure classes as a rule would (SPEC section 11, last point)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.cli import main
from pytest_salessim.conversation import brief_for
from pytest_salessim.judge.criteria import CriteriaJudge, pending, undecided
from pytest_salessim.scheduler import ModelLoop
from pytest_salessim.settings import Settings
from pytest_salessim.simulators.reference import ReferenceSimulator
from pytest_salessim.spec import Scenario, load_spec

from ..judge_policies import fickle, prose_judge, rule_judge
from ..llm_server import LLMServer
from .conftest import Start

DATA = Path(__file__).parent.parent / "data" / "salessim"
MEETS = '"meets": true or false'


def _imported(root: Path) -> Path:
    """`salessim import` of the paper's laptop personas: free-text criteria, no rule for most."""
    personas, products = DATA / "personas" / "laptops.jsonl", DATA / "products" / "laptops.json"
    assert main(["import", str(personas), str(products), "--out", str(root / "specs")]) == 0
    return root / "specs" / "laptops.yaml"


def _scenario(spec: Path, root: Path, scenario_id: str) -> Scenario:
    return next(s for s in load_spec(spec, root) if s.id == scenario_id)


def _run(pytester: pytest.Pytester, server: LLMServer, spec: Path, *args: str) -> pytest.RunResult:
    judge = [
        "--salessim-api-base",
        server.url,
        "--salessim-judge-model",
        "openai/judge",
        "-p",
        "no:cacheprovider",
    ]
    return pytester.runpytest(str(spec), "--model", "reference", "--model", "weak", *judge, *args)


def test_reference_plays_an_imported_scenario_with_a_judge_and_its_criteria_are_asked_once(
    pytester: pytest.Pytester, llm_server: Start
) -> None:
    spec = _imported(pytester.path)
    maria = _scenario(spec, pytester.path, "maria-5")
    questions = len(undecided(maria.persona)) * len(maria.catalog.products)
    assert questions == 6 * 25
    skipped = pytester.runpytest(str(spec), "-k", "maria-5", "-p", "no:cacheprovider")
    skipped.assert_outcomes(skipped=1)  # no judge: reference cannot tell which laptops meet them
    server = llm_server(rule_judge())
    result = _run(pytester, server, spec, "-k", "maria-5", "--salessim-judge-votes", "1")
    result.assert_outcomes(passed=1, failed=1)  # reference buys a fitting laptop; weak says too much at once
    asked = [r for r in server.requests if MEETS in r["body"]["messages"][-1]["content"]]
    assert len(asked) == questions  # once for the run, not once per model
    lines = [
        json.loads(line)
        for line in (pytester.path / "reports" / "transcripts.jsonl").read_text().splitlines()
    ]
    criteria = [j for j in lines[0]["transcript"]["judgements"] if j["dimension"] == "criterion"]
    assert len(criteria) == questions
    assert {j["aspect"].split(": ", 1)[1] for j in criteria} == {c.text for c in undecided(maria.persona)}
    usage = sorted(line["transcript"]["judge_usage"]["calls"] for line in lines)
    assert usage[0] < questions <= usage[1]  # the calls counted once, on the item that asked them


def test_judged_meets_lists_serve_the_dealbreaker_check_and_the_failure_classes(
    pytester: pytest.Pytester, llm_server: Start
) -> None:
    """A judge that finds no laptop premium: weak breaks the judged dealbreaker, reference leaves."""
    spec = _imported(pytester.path)
    server = llm_server(lambda body: {"content": '{"meets": false, "justification": "not that I can see"}'})
    result = _run(pytester, server, spec, "-k", "jordan-2", "--salessim-judge-votes", "1")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*FAIL dealbreakers: * breaks the dealbreaker 'Must be a premium brand (Apple, Dell XPS, "
            "Microsoft Surface, or HP Spectre).' (met only by no product; * is not listed in `meets`)*",
        ]
    )
    # reference leaves though the authors' acceptable laptops were shown: too strict, by the judge's lists
    result.stdout.fnmatch_lines(["*  actual:   no_purchase*", "*failure class: too_strict*"])


def _decided(spec: Path, root: Path, server_url: str, votes: int) -> tuple[Any, ...]:
    scenario = _scenario(spec, root, "maria-5")
    settings = Settings(judge_model="openai/judge", api_base=server_url, judge_votes=votes, retries=0)
    judge = CriteriaJudge(settings)
    return ModelLoop.get().submit(judge.decided(scenario)).result(timeout=60)


def test_a_split_vote_or_a_judge_error_counts_as_not_met_and_is_kept_unjudged(
    pytester: pytest.Pytester, llm_server: Start
) -> None:
    spec = _imported(pytester.path)
    split = llm_server(fickle(rule_judge()))  # two votes, the second contradicting the first
    scenario, judgements, _ = _decided(spec, pytester.path, split.url, votes=2)
    assert all(j.majority is False and j.agreement == 0.5 for j in judgements)
    assert all(c.meets == () for c in scenario.persona.criteria if c.rule is None)
    prose = llm_server(prose_judge)
    scenario, judgements, spent = _decided(spec, pytester.path, prose.url, votes=1)
    assert all(not j.judged and "no JSON object" in j.error for j in judgements)
    assert all(c.meets == () for c in scenario.persona.criteria if c.rule is None)
    assert spent.calls == len(prose.requests) == 150


def test_a_simulator_is_asked_whether_it_can_play_the_scenario_as_it_will_be_judged(tmp_path: Path) -> None:
    scenario = _scenario(_imported(tmp_path), tmp_path, "jordan-2")
    assert len(undecided(scenario.persona)) == 6
    assert undecided(pending(scenario).persona) == []
    assert pending(scenario).persona.dealbreakers[0].meets == ()
    assert ReferenceSimulator().cannot_play(brief_for(scenario))
    assert ReferenceSimulator().cannot_play(brief_for(pending(scenario))) is None
