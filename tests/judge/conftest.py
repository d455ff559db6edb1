"""Judge tests: a spec whose persona the judge has something to say about, and a run over the local server."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.judge import summarize
from pytest_salessim.judge.verdicts import DIMENSIONS, Judgement, Vote
from pytest_salessim.spec import Scenario, load_spec

from ..conftest import spec_text
from ..llm_server import LLMServer, Policy

Start = Callable[[Policy], LLMServer]

JUDGED_WRITER = """\
  - id: writer
    persona:
      name: Emily
      background: Freelance writer.
      knowledge: novice
      personality: {extraversion: high, neuroticism: low}
      budget: 500
      preferences:
        - text: a screen larger than 13 inches
          rule: {attribute: screen_in, gt: 13}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""


@pytest.fixture
def judged_project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(spec_text(JUDGED_WRITER))
    return store


def personas(specs: Path) -> dict[str, Scenario]:
    """The project's scenarios by persona name, as the rule judge looks them up."""
    return {s.persona.name: s for f in sorted(specs.glob("*.yaml")) for s in load_spec(f, specs.parent)}


def judge_args(server: LLMServer, *models: str) -> list[str]:
    args = ["specs", "--salessim-api-base", server.url, "--salessim-judge-model", "openai/judge"]
    args += ["--salessim-retries", "0", "--salessim-timeout", "5", "-p", "no:cacheprovider"]
    for model in models:
        args += ["--model", model]
    return args


def judgements(trial: dict[str, Any]) -> list[Judgement]:
    """The judgements of one trial of results.json, as records again."""
    out = []
    for j in trial["transcript"]["judgements"] or []:
        votes = tuple(
            Vote(
                tuple(v["value"]) if isinstance(v["value"], list) else v["value"],
                v["justification"],
                tuple(v["turns"]),
                v["error"],
            )
            for v in j["votes"]
        )
        majority = tuple(j["majority"]) if isinstance(j["majority"], list) else j["majority"]
        out.append(
            Judgement(
                j["dimension"],
                votes,
                majority,
                j["score"],
                j["agreement"],
                j["justification"],
                tuple(j["turns"]),
                j["aspect"],
                j["expected"],
                j["error"],
            )
        )
    return out


def dimension_scores(reports: Path) -> dict[str, dict[str, Any]]:
    """{model: {dimension: summary}} of the first trial of each item, from transcripts.jsonl."""
    out: dict[str, dict[str, Any]] = {}
    for line in (reports / "transcripts.jsonl").read_text().splitlines():
        trial = json.loads(line)
        if trial["trial"] == 0:
            found = judgements(trial)
            out[trial["model"]] = {d: s for d in DIMENSIONS if (s := summarize(d, found)) is not None}
    return out
