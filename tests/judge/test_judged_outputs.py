"""The judged dimensions in the outputs: the terminal's second table, results.json (valid against its
schema) with every vote and the persona, and the baseline gate on each dimension."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pytest_salessim.report.json_report import SCHEMA_FILE

from ..judge_policies import fickle, rule_judge
from .conftest import Start, judge_args, personas

PY = "py:tests.judge.shoppers:"


def test_the_terminal_shows_a_table_of_the_judged_dimensions_per_model(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(fickle(rule_judge(personas(judged_project))))
    result = pytester.runpytest(*judge_args(server, PY + "chatty", PY + "terse"))
    result.stdout.re_match_lines(
        [
            r"^  judged dimensions by openai/judge, 3 votes a question \(rate of 1s, or mean; .*\)$",
            r"^ model +dimension +judged +rate / mean +95% CI +agreement +failing +unjudged *$",
            r"^ py:tests.judge.shoppers:chatty +comprehension +1 +100.0% +21%-100% +67% +0 +0 *$",
            r"^ py:tests.judge.shoppers:chatty +personality +1 +1.00 +- +67% +0 +0 *$",
            r"^ py:tests.judge.shoppers:chatty +first_turn_disclosure +1 +1.00 +- +\d+% +- +0 *$",
            r"^ py:tests.judge.shoppers:terse +personality +1 +0.50 +- +67% +1 +0 *$",
        ]
    )
    result.stdout.re_match_lines(
        [r"^  py:tests.judge.shoppers:chatty judge: 18 calls, [\d,]+ tokens, \$0.0000 .*$"]
    )
    offline = pytester.runpytest("specs", "--model", PY + "chatty", "-p", "no:cacheprovider")
    assert "judged dimensions" not in offline.stdout.str()


def test_results_json_carries_every_dimension_every_vote_and_the_persona(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge(personas(judged_project)))
    pytester.runpytest(*judge_args(server, PY + "chatty"))
    document = json.loads((pytester.path / "reports" / "results.json").read_text())
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text())).validate(document)
    judged = document["figures"][PY + "chatty"]["judged"]
    assert list(judged) == [
        "comprehension",
        "states_dealbreakers",
        "judged_alignment",
        "personality",
        "first_turn_disclosure",
    ]
    assert judged["states_dealbreakers"] == {
        "kind": "rate",
        "judged": 1,
        "unjudged": 0,
        "value": 1.0,
        "ci95": judged["states_dealbreakers"]["ci95"],
        "agreement": 1.0,
        "failing": 0,
    }
    item = document["items"][0]
    assert item["persona"]["personality"] == {"extraversion": "high", "neuroticism": "low"}
    assert item["persona"]["knowledge"] == "novice" and item["persona"]["budget"]["max"] == 500
    assert item["persona"]["criteria"][1] == {
        "text": "it has to run Windows",
        "hard": True,
        "rule": "os = 'Windows'",
        "meets": None,
    }
    trial = item["trials"][0]
    traits = [j for j in trial["judgements"] if j["dimension"] == "personality"]
    assert [(j["aspect"], j["expected"], j["majority"]) for j in traits] == [
        ("extraversion", "high", "high"),
        ("neuroticism", "low", "low"),
    ]
    assert [v["value"] for v in traits[0]["votes"]] == ["high"] * 3 and traits[0]["justification"]
    assert trial["dimensions"]["personality"]["score"] == 1.0


def test_the_baseline_gate_fails_a_run_whose_judged_dimension_fell(
    pytester: pytest.Pytester, judged_project: Path, llm_server: Start
) -> None:
    fair = llm_server(rule_judge(personas(judged_project)))
    saved = pytester.runpytest(*judge_args(fair, PY + "chatty"), "--salessim-save-baseline", "baseline.json")
    assert saved.ret == pytest.ExitCode.OK
    figures = json.loads((pytester.path / "baseline.json").read_text())["models"][PY + "chatty"]["figures"]
    assert figures["states_dealbreakers"]["value"] == 1.0 and figures["personality"]["value"] == 1.0
    harsh = llm_server(
        lambda body: {"content": '{"score": 0, "level": "low", "revealed": [], "justification": "no"}'}
    )
    gated = pytester.runpytest(*judge_args(harsh, PY + "chatty"), "--salessim-baseline", "baseline.json")
    assert gated.ret == pytest.ExitCode.TESTS_FAILED  # the item passes: the dimensions are figures
    gated.stdout.fnmatch_lines(
        [
            "baseline gate FAILED (against baseline.json)",
            "  regression: py:tests.judge.shoppers:chatty: states_dealbreakers fell 100.0% -> 0.0% "
            "(-100.0 points, tolerance 5.0); scenarios: writer",
        ]
    )
    gated.stdout.fnmatch_lines(
        ["  improvement: *first_turn_disclosure fell 1.00 -> 0.00 criteria*", "*1 passed*"]
    )
