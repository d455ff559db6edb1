"""A conversation as chat messages from the shopper's side: what a shopper model is trained on.

The persona is the system message (the LLM shopper's own prompt), the sales agent speaks as
"user", the shopper answers as "assistant" with OpenAI-style tool calls, and each tool result
follows as a "tool" message. Every message has the same five keys, and tool-call arguments and
tool results are JSON strings, so a file of them loads as one Arrow schema (`datasets`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..spec.model import Scenario
from ..tools import TOOL_SCHEMAS


def persona_prompt(scenario: Scenario, template: Path | None = None) -> str:
    """The persona as the LLM shopper's system prompt (`salessim_shopper_prompt` when given)."""
    from ..conversation import brief_for
    from ..simulators.llm import DEFAULT_PROMPT, shopper_prompt

    return shopper_prompt(brief_for(scenario), template or DEFAULT_PROMPT)


def openai_tools() -> list[dict[str, Any]]:
    """The shopper's four tools as OpenAI function schemas (for a chat template's `tools`)."""
    return [{"type": "function", "function": dict(schema)} for schema in TOOL_SCHEMAS]


def message(role: str, content: str, **extra: Any) -> dict[str, Any]:
    """One chat message with every key present, so that all rows share one schema."""
    return {"role": role, "content": content, "tool_calls": [], "tool_call_id": None, "name": None, **extra}


def card_line(card: Mapping[str, Any]) -> str:
    """A product card as text, as the LLM shopper is shown it."""
    return f"[product card] {card['name']} (id: {card['id']}) - ${float(card['price']):,.2f}"


def _call_id(call: Mapping[str, Any], turn: int, index: int) -> str:
    return str(call.get("id") or f"call_{turn}_{index}")


def chat_messages(transcript: Mapping[str, Any], system: str) -> list[dict[str, Any]]:
    """The messages of a transcript in its plain-JSON form (`Transcript.to_dict()`), system first."""
    out = [message("system", system)]
    for turn_index, turn in enumerate(transcript["turns"]):
        if turn["role"] == "agent":
            text = "\n".join([turn["text"], *(card_line(c) for c in turn["cards"])])
            out.append(message("user", text))
            continue
        results = turn["tool_results"]
        calls = [
            {
                "id": _call_id(r["call"], turn_index, i),
                "type": "function",
                "function": {
                    "name": r["call"]["name"],
                    "arguments": json.dumps(r["call"]["arguments"], ensure_ascii=False),
                },
            }
            for i, r in enumerate(results)
        ]
        out.append(message("assistant", turn["text"], tool_calls=calls))
        for i, result in enumerate(results):
            content = {"error": result["error"]} if result["error"] else result["content"]
            out.append(
                message(
                    "tool",
                    json.dumps(content, ensure_ascii=False),
                    tool_call_id=_call_id(result["call"], turn_index, i),
                    name=result["call"]["name"],
                )
            )
    return out
