"""What a shopper model's completion says and does: its text, its tool calls, and so its decision.

A completion is a string, or a list of chat messages (TRL's conversational format), of which the
"assistant" ones count. It decides with a tool call, as the shopper does in a run:

- in a message's `tool_calls` (OpenAI form `{"function": {"name", "arguments"}}` or flat
  `{"name", "arguments"}`; arguments a dict or a JSON string);
- in plain text, as a Hermes tool-call block
  `<tool_call>{"name": "add_to_cart", "arguments": {"product_id": "acer-aspire-5"}}</tool_call>`
  or as a call written out: `add_to_cart(acer-aspire-5)`, `add_to_cart("acer-aspire-5")`,
  `end_conversation(reason="nothing fits")`.

The calls run against the scenario's catalog in order, as in a run: the first `add_to_cart` or
`end_conversation` decides (an unknown product id is a hallucinated product); no deciding call is
`undecided`. The text is the completion without the tool-call markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..spec.model import Scenario
from ..tools import TOOL_NAMES, TOOL_SCHEMAS, Storefront
from ..transcript import Decision, ToolCall, Transcript, Turn

Completion = str | Sequence[Mapping[str, Any]]

_ARGUMENT = {t["name"]: t["parameters"]["required"][0] for t in TOOL_SCHEMAS}
_HERMES = re.compile(r"<tool_call>\s*(\{.*?\})\s*</tool_call>", re.S)
_WRITTEN = re.compile(
    rf"\b({'|'.join(TOOL_NAMES)})\(\s*(?:\w+\s*=\s*)?(?P<q>[\"']?)(?P<value>.*?)(?P=q)\s*\)", re.S
)


def _arguments(raw: Any) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    try:
        value = json.loads(raw or "{}")
    except (TypeError, json.JSONDecodeError):
        return {"__invalid_json__": str(raw)[:500]}
    return value if isinstance(value, dict) else {"__invalid_json__": str(raw)[:500]}


def _structured_call(raw: Mapping[str, Any]) -> ToolCall:
    nested = raw.get("function")
    function: Mapping[str, Any] = nested if isinstance(nested, Mapping) else raw
    name, arguments = str(function.get("name", "")), _arguments(function.get("arguments"))
    return ToolCall(name, arguments, str(raw.get("id") or ""))


def calls_in_text(text: str) -> tuple[str, tuple[ToolCall, ...]]:
    """The text without its tool-call markup, and the calls it writes out (in order)."""
    found: list[tuple[int, ToolCall]] = []
    for match in _HERMES.finditer(text):
        try:
            raw = json.loads(match[1])
        except json.JSONDecodeError:
            continue
        if isinstance(raw, dict):
            found.append((match.start(), _structured_call(raw)))
    text = _HERMES.sub(" ", text)
    for match in _WRITTEN.finditer(text):
        name = match[1]
        found.append((match.start(), ToolCall(name, {_ARGUMENT[name]: match["value"].strip()})))
    text = _WRITTEN.sub(" ", text)
    calls = tuple(call for _, call in sorted(found, key=lambda f: f[0]))
    return " ".join(text.split()), calls


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):  # content parts: [{"type": "text", "text": ...}, ...]
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, Mapping))
    return ""


def parse_completion(completion: Completion) -> tuple[str, tuple[ToolCall, ...]]:
    """The shopper's text and tool calls in a completion (see the module's docstring)."""
    if isinstance(completion, str):
        return calls_in_text(completion)
    texts: list[str] = []
    calls: list[ToolCall] = []
    for entry in completion:
        if entry.get("role", "assistant") != "assistant":
            continue
        text, written = calls_in_text(_content_text(entry.get("content")))
        texts.append(text)
        calls.extend(_structured_call(c) for c in entry.get("tool_calls") or ())
        calls.extend(written)
    return " ".join(t for t in texts if t), tuple(calls)


def completion_transcript(completion: Completion, scenario: Scenario) -> Transcript:
    """The completion as a one-turn conversation of `scenario`: its calls run on the catalog."""
    text, calls = parse_completion(completion)
    store = Storefront(scenario.catalog)
    results = tuple(store.call(call) for call in calls)
    turn = Turn("shopper", text, (), results)
    return Transcript(scenario.id, "completion", 0, (turn,), store.decision or Decision("undecided"), 0.0)


def is_opening(prompt: Any) -> bool:
    """True when the completion answers a prompt in which the shopper has not spoken yet."""
    if isinstance(prompt, str) or prompt is None:
        return True
    return not any(isinstance(m, Mapping) and m.get("role") == "assistant" for m in prompt)
