"""Marks for the provider's prompt cache (--salessim-prompt-cache): a long conversation re-sends its
whole prefix with every call, which Anthropic bills at a tenth of the input price once it is cached.

Anthropic caches only what a request marks (`cache_control` on a block; litellm passes it through
from OpenAI-shaped messages); OpenAI, DeepSeek and Gemini cache by themselves and need no mark.
Two of the four marks Anthropic allows are used: the system prompt (with the tools before it, the
part every call of a conversation shares) and the last message, so that each call writes the
conversation so far and the next call reads it back. A prefix shorter than the model's minimum
(1,024 tokens for Sonnet) is neither written nor read, and costs nothing extra.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

EPHEMERAL = {"type": "ephemeral"}  # Anthropic's one kind of cache entry: five minutes from last use


def marked(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy of OpenAI-shaped messages with the system prompt and the last message marked.

    A message whose content is a list of parts is marked on its last part (litellm reads a mark
    there); any other (text, a tool result, an assistant's tool calls) on the message itself.
    The messages given are left as they were: the call cache keys on them unmarked.
    """
    out = list(messages)
    systems = [i for i, m in enumerate(out) if m.get("role") == "system"]
    targets = {len(out) - 1, *systems[-1:]} if out else set()  # the system prompt ends at its last
    for index in targets:
        out[index] = _mark(out[index])
    return out


def _mark(message: dict[str, Any]) -> dict[str, Any]:
    content = message.get("content")
    if isinstance(content, list) and content and isinstance(content[-1], dict):
        return {**message, "content": [*content[:-1], {**content[-1], "cache_control": EPHEMERAL}]}
    return {**message, "cache_control": EPHEMERAL}


def marks(messages: Sequence[dict[str, Any]]) -> int:
    """How many cache marks messages carry (on messages and on their parts)."""
    count = 0
    for message in messages:
        count += "cache_control" in message
        content = message.get("content")
        if isinstance(content, list):
            count += sum(isinstance(p, dict) and "cache_control" in p for p in content)
    return count
