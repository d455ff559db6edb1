"""--salessim-prompt-cache: Claude's calls mark their stable prefix, and the cache's tokens are counted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.conversation import play
from pytest_salessim.llm_client import takes_cache_marks
from pytest_salessim.prompt_cache import EPHEMERAL, marked, marks
from pytest_salessim.settings import Settings
from pytest_salessim.simulators import resolve
from pytest_salessim.spec import load_spec

from .anthropic_cache import PromptCache
from .conftest import NO_FIT, WRITER, spec_text
from .factories import scenarios
from .llm_policies import careful_shopper, routed
from .llm_server import LLMServer, Policy

Start = Callable[[Policy], LLMServer]
CLAUDE = "anthropic/claude-sonnet-4-5"  # a model litellm knows to cache, with its cached-token prices


def test_the_system_prompt_and_the_last_message_are_marked_and_the_messages_given_are_not() -> None:
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": "You are Emily."},
        {"role": "user", "content": "Hi!"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "a"}]},
        {"role": "tool", "tool_call_id": "a", "content": "[]"},
    ]
    sent = marked(messages)
    assert sent[0] == {"role": "system", "content": "You are Emily.", "cache_control": EPHEMERAL}
    assert sent[1:3] == messages[1:3]
    assert sent[3] == {**messages[3], "cache_control": EPHEMERAL}
    assert marks(sent) == 2 and marks(messages) == 0  # the call cache keys on the messages unmarked


def test_a_message_of_parts_is_marked_on_its_last_part() -> None:
    parts: list[dict[str, Any]] = [
        {"type": "text", "text": "Look:"},
        {"type": "image_url", "image_url": {"url": "data:,"}},
    ]
    sent = marked([{"role": "user", "content": parts}])
    assert sent == [{"role": "user", "content": [parts[0], {**parts[1], "cache_control": EPHEMERAL}]}]
    assert marked([]) == []


def test_only_models_whose_provider_caches_what_is_marked_are_marked() -> None:
    assert takes_cache_marks(CLAUDE)
    assert not takes_cache_marks("openai/gpt-5.5")  # OpenAI caches by itself
    assert not takes_cache_marks("anthropic/claude-local")  # litellm knows no cache for it


def test_the_local_server_reads_a_prefix_it_has_seen_as_anthropic_does() -> None:
    cache = PromptCache(minimum=100)
    first = {
        "system": [{"type": "text", "text": "s" * 400, "cache_control": EPHEMERAL}],
        "messages": [
            {"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": EPHEMERAL}]}
        ],
    }
    assert cache.usage({"messages": [{"role": "user", "content": "hi"}]}, 500) is None  # no mark
    written = cache.usage(first, 500)
    assert written is not None and written["cache_read_input_tokens"] == 0
    assert written["cache_creation_input_tokens"] == 500 and written["input_tokens"] == 0
    longer = {
        "system": first["system"],
        "messages": [
            {"role": "user", "content": "hi"},
            {"role": "assistant", "content": "hello"},
            {"role": "user", "content": [{"type": "text", "text": "more", "cache_control": EPHEMERAL}]},
        ],
    }
    read = cache.usage(longer, 550)
    assert read is not None and 0 < read["cache_read_input_tokens"] < 550
    assert sum(read.values()) == 550  # the same input tokens as without marks, shared out
    short = {
        "messages": [{"role": "user", "content": [{"type": "text", "text": "x", "cache_control": EPHEMERAL}]}]
    }
    assert cache.usage(short, 50) == {
        "input_tokens": 50,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }


def _two_runs(tmp_path: Path, server: LLMServer) -> dict[str, Any]:
    specs = scenarios(tmp_path)
    out = {}
    for mode in ("auto", "off"):
        before = len(server.requests)
        settings = Settings(api_base=server.url, retries=0, prompt_cache=mode)
        transcript = play(specs["writer"], resolve(CLAUDE, settings), 1, settings)
        out[mode] = (transcript, server.requests[before:])
    return out


def test_a_claude_conversation_reads_the_conversation_so_far_from_the_cache(
    tmp_path: Path, llm_server: Start
) -> None:
    specs = scenarios(tmp_path)
    server = llm_server(routed(careful_shopper({s.persona.name: s.persona for s in specs.values()})))
    server.prompt_cache.minimum = 0  # the test conversation is shorter than Sonnet's 1,024 tokens
    runs = _two_runs(tmp_path, server)
    cached, requests = runs["auto"]
    assert not server.rejected and len(requests) >= 3
    assert [r["cache_marks"] for r in requests] == [2] * len(requests)  # system prompt and last message
    reads = [r["usage"]["cached_tokens"] for r in requests]
    assert reads[0] == 0 and all(read > 0 for read in reads[1:])
    assert cached.usage.cached_tokens == sum(reads)
    assert cached.usage.cache_creation_tokens == sum(r["usage"]["cache_creation_tokens"] for r in requests)

    plain, unmarked = runs["off"]
    assert all("cache_marks" not in r for r in unmarked) and "cache_control" not in json.dumps(
        unmarked[0]["body"]
    )
    assert plain.usage.cached_tokens == plain.usage.cache_creation_tokens == 0
    assert plain.usage.prompt_tokens == cached.usage.prompt_tokens  # the same input, priced apart
    assert 0 < cached.usage.cost < plain.usage.cost  # litellm's cached-token prices


@pytest.fixture
def project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    return store


def test_the_agent_and_the_judge_are_marked_too_and_the_reports_count_the_cache(
    pytester: pytest.Pytester, project: Path, llm_server: Start
) -> None:
    personas = {s.persona.name: s.persona for s in load_spec(project / "laptops.yaml", project.parent)}
    server = llm_server(routed(careful_shopper(personas)))
    server.prompt_cache.minimum = 0
    result = pytester.runpytest(
        "specs",
        *("--model", CLAUDE, "--salessim-agent-model", CLAUDE, "--salessim-judge-model", CLAUDE),
        *("--salessim-judge-dimensions", "first_turn_disclosure", "--salessim-api-base", server.url),
    )
    assert not server.rejected
    assert all(r["cache_marks"] >= 1 for r in server.requests)
    questions: dict[str, list[dict[str, Any]]] = {}
    for r in server.requests:
        prompt = r["chat"]["messages"][0]["content"]
        if "<message>" in prompt:
            questions.setdefault(prompt, []).append(r)
    assert questions and all(len(votes) == 3 for votes in questions.values())
    for first, *others in questions.values():  # the first vote writes the prompt, the others read it
        assert first["usage"]["cached_tokens"] == 0 and all(r["usage"]["cached_tokens"] > 0 for r in others)
    result.stdout.fnmatch_lines(["*prompt cache: * of * input tokens (*%) read from it, * written to it"])
    document = json.loads((pytester.path / "reports" / "results.json").read_text())
    assert document["settings"]["prompt_cache"] == "auto"
    total = document["figures"][CLAUDE]["overall"]["usage"]["total"]
    assert total["cached_tokens"] == sum(r["usage"]["cached_tokens"] for r in server.requests)
    assert total["prompt_tokens"] == sum(r["usage"]["prompt_tokens"] for r in server.requests)
    assert document["items"][0]["usage"]["cache_creation_tokens"] > 0


def test_prompt_cache_takes_auto_or_off(pytester: pytest.Pytester, project: Path) -> None:
    result = pytester.runpytest("specs", "--salessim-prompt-cache", "on")
    result.stderr.fnmatch_lines(["*--salessim-prompt-cache must be auto or off, not 'on'*"])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
