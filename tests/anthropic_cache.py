"""Anthropic's prompt cache, as the local test server plays it for the Messages API.

A request marks blocks with `cache_control` (at most four). The prefix up to a mark (tools, then
system, then messages, in that order) is written to the cache when it is at least `minimum` tokens
long; a later request whose prefix up to one of its marks, or up to any of the 20 blocks before a
mark, was written reads it back. The usage says so as Anthropic does: `cache_read_input_tokens`
for the longest prefix read, `cache_creation_input_tokens` for what the request wrote beyond it,
`input_tokens` for the rest. Entries never expire here (Anthropic's last five minutes from last use).

Tokens are the server's rough count of the whole prompt, shared out over the blocks by their size,
so a request costs the same number of input tokens with marks as without.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

MAX_MARKS = 4  # "A maximum of 4 blocks with cache_control may be provided."
LOOKBACK = 20  # blocks before a mark at which Anthropic also looks for a cached prefix
SONNET_MINIMUM = 1024  # the fewest tokens Claude Sonnet caches; a shorter prefix is not cached


def blocks(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The request's blocks in cache order: each tool, each system block, each message's blocks."""
    out = [dict(tool, _at="tools") for tool in body.get("tools") or []]
    system = body.get("system")
    if isinstance(system, str):
        system = [{"type": "text", "text": system}] if system else []
    out += [dict(block, _at="system") for block in system or []]
    for message in body.get("messages") or []:
        content = message.get("content")
        parts = [{"type": "text", "text": content}] if isinstance(content, str) else content or []
        out += [dict(part, _at=message.get("role")) for part in parts]
    return out


def mark_count(body: dict[str, Any]) -> int:
    return sum("cache_control" in block for block in blocks(body))


class PromptCache:
    """The prefixes requests wrote, by the hash of their blocks; thread-safe (the server is threaded)."""

    def __init__(self, minimum: int = SONNET_MINIMUM):
        self.minimum = minimum
        self.entries: set[str] = set()
        self.lock = threading.Lock()

    def usage(self, body: dict[str, Any], input_tokens: int) -> dict[str, int] | None:
        """Anthropic's input token counts for a request of `input_tokens` in all; None without a mark."""
        found = blocks(body)
        marked = [i for i, block in enumerate(found) if "cache_control" in block]
        if not marked:
            return None
        sizes = [len(json.dumps({k: v for k, v in b.items() if k != "cache_control"})) for b in found]
        total = sum(sizes) or 1
        hashes, tokens, digest, size = [], [], hashlib.sha256(), 0
        for block, block_size in zip(found, sizes, strict=True):
            digest.update(json.dumps({k: v for k, v in block.items() if k != "cache_control"}).encode())
            hashes.append(digest.copy().hexdigest())
            size += block_size
            tokens.append(round(input_tokens * size / total))
        with self.lock:
            candidates = {i for mark in marked for i in range(max(0, mark - LOOKBACK), mark + 1)}
            hits = [i for i in candidates if hashes[i] in self.entries]
            read = tokens[max(hits)] if hits else 0
            written = [m for m in marked if tokens[m] >= self.minimum]
            self.entries.update(hashes[m] for m in written)
        created = max(0, max((tokens[m] for m in written), default=0) - read)
        return {
            "input_tokens": input_tokens - read - created,
            "cache_creation_input_tokens": created,
            "cache_read_input_tokens": read,
        }
