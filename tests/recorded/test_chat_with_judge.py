"""A chat-format log graded with a judge over the local server: the judged dimensions apply to a
recorded conversation as to a played one, and no shopper model is asked anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_salessim.judge import summarize

from ..judge.conftest import Start, judgements
from ..judge_policies import rule_judge
from ..llm_server import LLMServer
from .conftest import chat_record, scenarios, shows, write_jsonl


def _judge_args(server: LLMServer) -> list[str]:
    return [
        "--salessim-api-base",
        server.url,
        "--salessim-judge-model",
        "openai/judge",
        "--salessim-judge-votes",
        "1",
        "--salessim-retries",
        "0",
        "-p",
        "no:cacheprovider",
    ]


def test_a_chat_log_is_graded_and_judged_over_the_local_server(
    pytester: pytest.Pytester, laptops: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge({s.persona.name: s for s in scenarios(laptops).values()}))
    wrong = chat_record(bought="dell-xps-13")
    wrong["messages"][-2]["content"] = "The Dell XPS 13 then, I'll take it."
    write_jsonl(laptops / "team.jsonl", chat_record(), wrong)
    result = pytester.runpytest("team.jsonl", *_judge_args(server), "-rA")
    result.assert_outcomes(passed=1, failed=1)
    shows(
        result,
        "PASSED team.jsonl::writer[[]team-shopper]",
        "FAILED team.jsonl::writer[[]team-shopper]#2*",
        "shopper 'Emily' did not act as its persona would (team-shopper, seed 0)",
        "  actual:   purchase dell-xps-13 (Dell XPS 13, $1,299)",
    )
    asked = [r["body"] for r in server.requests]
    assert asked and all(body["model"] == "judge" for body in asked)  # only the judge: no shopper is played
    lines = [
        json.loads(line) for line in (laptops / "reports" / "transcripts.jsonl").read_text().splitlines()
    ]
    assert [line["nodeid"] for line in lines] == [
        "team.jsonl::writer[team-shopper]",
        "team.jsonl::writer[team-shopper]#2",
    ]
    judged = {
        line["nodeid"]: {
            d: summarize(d, judgements(line)) for d in ("judged_alignment", "states_dealbreakers")
        }
        for line in lines
    }
    right, bought_wrong = judged.values()
    assert right["judged_alignment"]["score"] == 1 and bought_wrong["judged_alignment"]["score"] == 0
    assert right["states_dealbreakers"]["score"] == 1  # "it has to run Windows", said in its first message
    # the judge's calls and tokens are reported apart from the shopper's (none)
    document = json.loads((laptops / "reports" / "results.json").read_text())
    usage = document["figures"]["team-shopper"]["overall"]["usage"]
    assert usage["judge"]["calls"] == len(asked) and usage["shopper"]["calls"] == 0


def test_without_a_judge_a_recorded_run_keeps_the_judgements_it_had(
    pytester: pytest.Pytester, laptops: Path, llm_server: Start
) -> None:
    server = llm_server(rule_judge({s.persona.name: s for s in scenarios(laptops).values()}))
    write_jsonl(laptops / "team.jsonl", chat_record())
    pytester.runpytest("team.jsonl", *_judge_args(server), "--salessim-report", "judged")
    asked = len(server.requests)
    again = pytester.runpytest(
        "judged/transcripts.jsonl", "--salessim-report", "again", "-p", "no:cacheprovider"
    )
    again.assert_outcomes(passed=1)
    assert len(server.requests) == asked  # no model at all
    first = json.loads((laptops / "judged" / "results.json").read_text())
    second = json.loads((laptops / "again" / "results.json").read_text())
    assert first["figures"] == second["figures"]
    trial = second["items"][0]["trials"][0]
    assert trial["judge_usage"]["calls"] == asked and trial["first_turn_disclosures_judge"] is not None
