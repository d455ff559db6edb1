"""The test server's Messages API keeps Anthropic's rules, and the plugin's Anthropic route reaches it."""

from __future__ import annotations

import base64
import copy
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.conversation import play
from pytest_salessim.llm_client import PLACEHOLDER_KEY, api_base_for
from pytest_salessim.settings import Settings
from pytest_salessim.simulators import resolve

from .factories import scenarios
from .llm_policies import careful_shopper, routed
from .llm_server import LLMServer, Policy
from .test_llm import _png

Start = Callable[[Policy], LLMServer]
PNG = base64.b64encode(_png()).decode()
HEADERS = {"content-type": "application/json", "x-api-key": "k", "anthropic-version": "2023-06-01"}
VALID: dict[str, Any] = {
    "model": "claude-local",
    "max_tokens": 1024,
    "system": [{"type": "text", "text": "You are Emily, shopping for a laptop."}],
    "tools": [{"name": "view_product", "input_schema": {"type": "object", "properties": {}}}],
    "messages": [
        {"role": "user", "content": "Hi! Looking for a laptop?"},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Let me look."},
                {"type": "tool_use", "id": "toolu_1", "name": "view_product", "input": {"product_id": "a"}},
            ],
        },
        {
            "role": "user",
            "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": '{"id": "a"}'},
                {"type": "text", "text": "(images of the products you viewed)"},
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
                {"type": "text", "text": "Anything else?"},
            ],
        },
    ],
}


@pytest.fixture
def server() -> Iterator[LLMServer]:
    """A server whose shopper views a product, then buys it (no litellm: raw HTTP)."""

    def policy(body: dict[str, Any]) -> dict[str, Any]:
        if body["messages"][-1]["role"] == "tool":
            return {"content": "", "tool_calls": [{"name": "add_to_cart", "arguments": {"product_id": "a"}}]}
        return {
            "content": "I'll take it.",
            "tool_calls": [{"name": "view_product", "arguments": '{"product_id": "a"}'}],
        }

    started = LLMServer(policy).start()
    yield started
    started.stop()


def post(server: LLMServer, body: Any, path: str = "/v1/messages", **headers: str) -> tuple[int, Any]:
    root = server.url.removesuffix("/v1")
    request = urllib.request.Request(root + path, json.dumps(body).encode(), {**HEADERS, **headers})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_a_valid_request_gets_a_message_and_the_policy_reads_it_as_openai_shaped(server: LLMServer) -> None:
    status, reply = post(server, VALID)
    assert status == 200
    assert reply["type"] == "message" and reply["role"] == "assistant" and reply["stop_reason"] == "tool_use"
    assert [b["type"] for b in reply["content"]] == ["text", "tool_use"]
    assert reply["content"][1]["name"] == "view_product" and reply["content"][1]["input"] == {
        "product_id": "a"
    }
    assert reply["content"][1]["id"].startswith("toolu_")
    assert set(reply["usage"]) == {"input_tokens", "output_tokens"}
    chat = server.requests[-1]["chat"]
    assert chat["messages"] == [
        {"role": "system", "content": "You are Emily, shopping for a laptop."},
        {"role": "user", "content": "Hi! Looking for a laptop?"},
        {
            "role": "assistant",
            "content": "Let me look.",
            "tool_calls": [
                {
                    "id": "toolu_1",
                    "type": "function",
                    "function": {"name": "view_product", "arguments": '{"product_id": "a"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "toolu_1", "content": '{"id": "a"}'},
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "(images of the products you viewed)"},
                {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
                {"type": "text", "text": "Anything else?"},
            ],
        },
    ]
    assert chat["tools"][0]["function"]["name"] == "view_product"
    _, again = post(server, {**VALID, "messages": VALID["messages"][:2] + [_answer("toolu_1")]})
    assert again["stop_reason"] == "tool_use" and [b["type"] for b in again["content"]] == ["tool_use"]


def _answer(tool_id: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"type": "tool_result", "tool_use_id": tool_id, "content": "{}"}]}


def _with(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    body = copy.deepcopy(VALID)
    change(body)
    return body


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], object]:
    def change(body: dict[str, Any]) -> None:
        target = body
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


BROKEN = {
    "no max_tokens": (lambda b: b.pop("max_tokens"), "max_tokens: Field required"),
    "empty string content": (
        _set(("messages", 0, "content"), ""),
        "all messages must have non-empty content",
    ),
    "empty list content": (_set(("messages", 0, "content"), []), "all messages must have non-empty content"),
    "null assistant content": (_set(("messages", 1, "content"), None), "messages.1.content: Input should be"),
    "empty text block": (
        _set(("messages", 1, "content", 0, "text"), ""),
        "messages.1.content.0.text: text content blocks must be non-empty",
    ),
    "blank text block": (
        _set(("messages", 2, "content", 3, "text"), " \n"),
        "must contain non-whitespace text",
    ),
    "first turn the assistant's": (lambda b: b["messages"].pop(0), 'first message must use the "user" role'),
    "two user turns in a row": (
        lambda b: b["messages"].insert(1, {"role": "user", "content": "Hello?"}),
        'found multiple "user" roles in a row',
    ),
    "a system turn in messages": (
        lambda b: b["messages"].insert(0, {"role": "system", "content": "x"}),
        "messages.0.role: Input should be 'user' or 'assistant'",
    ),
    "a tool_result answering nothing": (
        _set(("messages", 2, "content", 0, "tool_use_id"), "toolu_9"),
        "unexpected `tool_use_id` found in `tool_result` blocks: toolu_9",
    ),
    "a tool_use not answered": (
        _set(("messages", 2, "content"), "Anything else?"),
        "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_1",
    ),
    "a tool_use answered two turns later": (
        _set(
            ("messages", slice(2, 2)),
            [{"role": "user", "content": "wait"}, {"role": "assistant", "content": "ok"}],
        ),
        "messages.1: `tool_use` ids were found without `tool_result` blocks immediately after",
    ),
    "the last turn a tool_use": (
        lambda b: b["messages"].pop(),
        "without `tool_result` blocks immediately after",
    ),
    "text before the tool_result": (
        lambda b: b["messages"][2]["content"].reverse(),
        "`tool_result` blocks must come first",
    ),
    "a tool_use in a user turn": (
        lambda b: b["messages"][0].update(
            content=[{"type": "tool_use", "id": "t", "name": "x", "input": {}}]
        ),
        "a user message cannot hold a 'tool_use' block",
    ),
    "an image of an unknown type": (
        _set(("messages", 2, "content", 2, "source", "media_type"), "image/tiff"),
        "media_type: Input should be one of",
    ),
    "a tool without an input schema": (lambda b: b["tools"][0].pop("input_schema"), "input_schema"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_request_anthropic_refuses_gets_anthropics_400(server: LLMServer, name: str) -> None:
    change, message = BROKEN[name]
    status, reply = post(server, _with(change))
    assert status == 400, reply
    assert reply["type"] == "error" and reply["error"]["type"] == "invalid_request_error"
    assert message in reply["error"]["message"]
    assert server.rejected == [reply["error"]["message"]]


def test_an_empty_final_assistant_turn_is_allowed_as_anthropic_allows_it(server: LLMServer) -> None:
    body = _with(lambda b: b["messages"].append({"role": "assistant", "content": []}))
    assert post(server, body)[0] == 200
    body = _with(lambda b: b["messages"].append({"role": "assistant", "content": "I think "}))
    status, reply = post(server, body)
    assert status == 400 and "trailing whitespace" in reply["error"]["message"]


def test_headers_anthropic_requires(server: LLMServer) -> None:
    status, reply = post(server, VALID, **{"x-api-key": ""})
    assert status == 401 and reply["error"]["type"] == "authentication_error"
    status, reply = post(server, VALID, **{"anthropic-version": ""})
    assert status == 400 and "anthropic-version" in reply["error"]["message"]


@pytest.mark.parametrize(
    ("messages", "message"),
    [
        (
            [
                {"role": "user", "content": "Hi"},
                {"role": "assistant", "content": None},
                {"role": "user", "content": "?"},
            ],
            "Invalid value for 'messages[1].content': expected a string, got null.",
        ),
        (
            [{"role": "user", "content": "Hi"}, {"role": "tool", "tool_call_id": "call_1", "content": "{}"}],
            "messages with role 'tool' must be a response to a preceeding message with 'tool_calls'",
        ),
        (
            [
                {"role": "user", "content": "Hi"},
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {"id": "call_1", "type": "function", "function": {"name": "x", "arguments": "{}"}}
                    ],
                },
                {"role": "user", "content": "?"},
            ],
            "The following tool_call_ids did not have response messages: call_1",
        ),
    ],
    ids=["null assistant content", "a tool message answering nothing", "a tool call not answered"],
)
def test_a_request_openai_refuses_gets_openais_400(server: LLMServer, messages: list, message: str) -> None:
    status, reply = post(server, {"model": "m", "messages": messages}, "/v1/chat/completions")
    assert status == 400 and reply["error"]["type"] == "invalid_request_error"
    assert message in reply["error"]["message"]


def test_faults_come_in_the_shape_of_the_api_asked(server: LLMServer) -> None:
    from .llm_server import Fault

    server.faults = [Fault(529), Fault(429), Fault(500)]
    assert post(server, VALID) == (
        529,
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
    )
    status, reply = post(server, VALID)
    assert status == 429 and reply["error"]["type"] == "rate_limit_error"
    status, reply = post(
        server, {"model": "m", "messages": [{"role": "user", "content": "Hi"}]}, "/v1/chat/completions"
    )
    assert status == 500 and reply["error"]["type"] == "server_error"
    assert post(server, VALID, "/v1/v1/messages")[0] == 404  # no route but the two APIs'


@pytest.mark.parametrize(
    ("model", "given", "used"),
    [
        ("anthropic/claude-local", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000"),
        ("anthropic/claude-local", "http://127.0.0.1:8000/v1/", "http://127.0.0.1:8000"),
        ("claude-sonnet-4-5", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000"),  # litellm places it
        ("anthropic/claude-local", "http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("anthropic/claude-local", "http://127.0.0.1:8000/v1/messages", "http://127.0.0.1:8000/v1/messages"),
        ("openai/local", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
        ("hosted_vllm/qwen3", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
    ],
)
def test_the_api_base_each_route_is_given(model: str, given: str, used: str) -> None:
    """One --salessim-api-base URL, as OpenAI clients take it, serves litellm's Anthropic route too."""
    assert api_base_for(model, given) == used


def test_the_anthropic_route_reaches_the_local_server_with_a_placeholder_key(
    tmp_path: Path, llm_server: Start, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    specs = scenarios(tmp_path)
    server = llm_server(routed(careful_shopper({s.persona.name: s.persona for s in specs.values()})))
    settings = Settings(api_base=server.url, retries=0)
    transcript = play(specs["writer"], resolve("anthropic/no-key", settings), 1, settings)
    assert transcript.decision.product_id == "acer-aspire-5"
    assert transcript.usage.calls == len(server.requests) >= 3 and not server.rejected
    assert transcript.usage.prompt_tokens == sum(r["usage"]["prompt_tokens"] for r in server.requests)
    headers = [{k.lower(): v for k, v in r["headers"].items()} for r in server.requests]
    assert {r["path"] for r in server.requests} == {"/v1/messages"}
    assert {h["x-api-key"] for h in headers} == {PLACEHOLDER_KEY} and all(
        "anthropic-version" in h for h in headers
    )
    assert {r["body"]["model"] for r in server.requests} == {"no-key"}

    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-local-test-key")
    before = len(server.requests)
    play(specs["writer"], resolve("anthropic/with-key", settings), 1, settings)
    headers = [{k.lower(): v for k, v in r["headers"].items()} for r in server.requests[before:]]
    assert {h["x-api-key"] for h in headers} == {"sk-ant-local-test-key"}  # the user's key, when set
