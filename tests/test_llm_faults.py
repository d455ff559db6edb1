"""A model server that misbehaves: every fault has a defined outcome, and every item is recorded."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_salessim.spec import load_spec

from .conftest import NO_FIT, WRITER, spec_text
from .llm_policies import careful_shopper, misbehaving, routed
from .llm_server import APIS, Fault, LLMServer, Policy
from .test_llm import run as run_model

Start = Callable[[Policy], LLMServer]


@pytest.fixture
def project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return store


def careful(project: Path) -> Policy:
    return careful_shopper(
        {s.persona.name: s.persona for s in load_spec(project / "laptops.yaml", project.parent)}
    )


def run(
    pytester: pytest.Pytester, server: LLMServer, *args: str, model: str = "openai/odd"
) -> tuple[pytest.RunResult, dict]:
    result = run_model(pytester, server, model, *args)
    results = json.loads((pytester.path / "reports" / "results.json").read_text())
    return result, results


def trials(results: dict) -> list[dict]:
    return [t for item in results["items"] for t in item["trials"]]


@pytest.mark.parametrize(
    ("fault", "outcome"),
    [
        (Fault(200, body="this is not json"), "errors"),
        (Fault(503, {"retry-after": "0"}), "errors"),
    ],
    ids=["invalid-json", "503-always"],
)
def test_broken_responses_are_item_errors(
    pytester: pytest.Pytester, project: Path, llm_server: Start, fault: Fault, outcome: str
) -> None:
    server = llm_server(routed(careful(project)))
    server.always = fault
    result, results = run(pytester, server)
    result.assert_outcomes(**{outcome: 2})
    assert "Traceback" not in result.stdout.str()
    assert [r["outcome"] for r in results["not_played"]] == ["error", "error"]
    assert all(
        r["reason"].startswith("model openai/odd failed after 2 attempts") for r in results["not_played"]
    )
    assert len(server.requests) == 4  # one retry each


def test_a_rate_limit_is_retried_after_the_delay_it_asks_for(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(routed(careful(project)))
    server.faults = [Fault(429, {"retry-after": "1"}, '{"error": {"message": "slow down"}}')]
    result, results = run(pytester, server, "--salessim-concurrency", "1")
    result.assert_outcomes(passed=2)
    assert len(results["items"]) == 2


@pytest.mark.parametrize(
    ("kind", "expect"),
    [
        ("broken_arguments", "arguments are not valid JSON"),
        ("unknown_tool", "unknown tool 'checkout_now'"),
    ],
)
def test_bad_tool_calls_go_back_to_the_shopper_as_errors(
    pytester: pytest.Pytester, project: Path, llm_server: Start, kind: str, expect: str
) -> None:
    server = llm_server(routed(misbehaving(kind, careful(project))))
    result, results = run(pytester, server)
    result.assert_outcomes(passed=2)  # it recovered: the error came back to it as a tool result
    tool_messages = [m for r in server.requests for m in r["body"]["messages"] if m["role"] == "tool"]
    assert any(expect in m["content"] for m in tool_messages)


def test_a_hallucinated_product_is_the_shoppers_failure(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(routed(misbehaving("hallucinated", careful(project))))
    result, results = run(pytester, server)
    result.assert_outcomes(failed=2)
    assert {t["failure_class"] for t in trials(results)} == {"hallucinated_product"}


def _asked(server: LLMServer) -> Counter[str]:
    """How often each request was made (the messages as the shopper's policy read them)."""
    return Counter(json.dumps(r["chat"]["messages"], sort_keys=True) for r in server.requests)


def _empty_assistant_messages(server: LLMServer) -> list[dict]:
    return [
        m
        for r in server.requests
        for m in r["chat"]["messages"]
        if m["role"] == "assistant" and not (m.get("content") or "").strip() and not m.get("tool_calls")
    ]


@pytest.mark.parametrize("api", APIS)
def test_an_empty_reply_is_asked_again_once(
    pytester: pytest.Pytester, project: Path, llm_server: Start, api: str
) -> None:
    server = llm_server(routed(misbehaving("empty_once", careful(project))))
    result, results = run(pytester, server, model=f"{api}/odd")
    result.assert_outcomes(passed=2)  # asked again, it went on
    assert sorted(Counter(_asked(server).values()).items()) == [(1, len(server.requests) - 4), (2, 2)]
    assert not server.rejected and not _empty_assistant_messages(server)
    lines = (pytester.path / "reports" / "transcripts.jsonl").read_text().splitlines()
    shopper_turns = [
        turn
        for line in lines
        for turn in json.loads(line)["transcript"]["turns"]
        if turn["role"] == "shopper"
    ]
    assert all(turn["text"].strip() or turn["tool_results"] for turn in shopper_turns)  # no empty turn kept


@pytest.mark.parametrize("api", APIS)
def test_two_empty_replies_in_a_row_fail_as_empty_reply(
    pytester: pytest.Pytester, project: Path, llm_server: Start, api: str
) -> None:
    server = llm_server(routed(misbehaving("empty", careful(project))))
    result, results = run(pytester, server, model=f"{api}/odd")
    result.assert_outcomes(failed=2)  # the shopper's failure, not an error of the infrastructure
    result.stdout.fnmatch_lines(["*actual:   undecided (the shopper replied with nothing, twice)*"])
    result.stdout.fnmatch_lines(["*failure class: empty_reply*"])
    assert {t["failure_class"] for t in trials(results)} == {"empty_reply"}
    # per conversation: its first message, then the second asked twice, then the end
    assert len(server.requests) == 6 and sorted(_asked(server).values()) == [1, 1, 2, 2]
    assert not server.rejected and not _empty_assistant_messages(server)


def test_endless_text_is_recorded_and_bounded(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    server = llm_server(routed(misbehaving("endless", careful(project))))
    result, results = run(pytester, server)
    result.assert_outcomes(passed=2)
    lines = (pytester.path / "reports" / "transcripts.jsonl").read_text().splitlines()
    longest = max(len(turn["text"]) for line in lines for turn in json.loads(line)["transcript"]["turns"])
    assert longest <= 20_100


def test_a_fake_key_never_leaks(
    pytester: pytest.Pytester, project: Path, llm_server: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = "sk-test-DO-NOT-LEAK-4f1c9e"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    server = llm_server(routed(careful(project)))
    server.faults = [
        Fault(401, body=json.dumps({"error": {"message": f"Incorrect API key provided: {key}"}}))
    ]
    result, _ = run(pytester, server, "--junitxml=junit.xml", "--salessim-export", "export.jsonl")
    sent = [{k.lower(): v for k, v in r["headers"].items()} for r in server.requests]
    assert any(h.get("authorization") == f"Bearer {key}" for h in sent)  # it was sent
    outputs = [result.stdout.str(), result.stderr.str()]
    outputs += [
        p.read_text(errors="replace")
        for p in pytester.path.rglob("*")
        if p.is_file() and p.suffix in (".json", ".jsonl", ".html", ".xml", ".txt")
    ]
    assert not [text for text in outputs if key in text]
    result.stdout.fnmatch_lines(["*AuthenticationError*"])
