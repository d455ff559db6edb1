"""Chat-format logs as Transcripts: OpenAI chat messages, the shopper as `assistant`.

`{"scenario": ID, "model": NAME, "messages": [...]}`, one conversation a line, as teams log them and
as `--salessim-export` writes them: the sales agent speaks as `user` (product cards as lines
`[product card] NAME (id: ID) - $PRICE`, or a `cards` list of ids), the shopper as `assistant` with
tool calls, each result as a `tool` message; `system` messages are left out. The shopper's tool
calls decide as they do in a played conversation (tools.py: `add_to_cart` buys, an unknown id is a
hallucinated product, `end_conversation` leaves); a result the log holds is shown as it was logged.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from ..spec.model import Catalog, Scenario
from ..tools import Storefront
from ..transcript import Decision, ToolCall, ToolResult, Transcript, Turn, Usage
from .rollouts import text_of

CARD_LINE = re.compile(r"^\[product card\] .* \(id: ([^)\s]+)\) - \$[\d,]+(?:\.\d+)?$")


def _agent_turn(message: dict[str, Any], catalog: Catalog) -> Turn:
    lines, ids = [], []
    for line in text_of(message.get("content")).split("\n"):
        card = CARD_LINE.match(line.strip())
        if card and card.group(1) in catalog:
            ids.append(card.group(1))
        else:
            lines.append(line)
    for card in message.get("cards") or ():
        found = card.get("id") if isinstance(card, dict) else card
        if isinstance(found, str) and found in catalog:
            ids.append(found)
    products = [catalog.get(i) for i in dict.fromkeys(ids)]
    return Turn("agent", "\n".join(lines), tuple(p.card() for p in products if p is not None))


def _call(raw: Any, number: int) -> ToolCall:
    function = raw.get("function") if isinstance(raw, dict) else None
    if not isinstance(function, dict) or not function.get("name"):
        raise ValueError(f"message {number}: a tool call without a function name")
    arguments = function.get("arguments") or "{}"
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except json.JSONDecodeError:
            arguments = {"__invalid_json__": arguments}
    if not isinstance(arguments, dict):
        arguments = {"__invalid_json__": json.dumps(arguments)}
    return ToolCall(str(function["name"]), arguments, str(raw.get("id") or ""))


def _logged(result: ToolResult, content: Any, catalog: Catalog) -> ToolResult:
    """The store's result of a call, with the content the log holds in its place."""
    if isinstance(content, str):
        with contextlib.suppress(json.JSONDecodeError):
            content = json.loads(content)
    if isinstance(content, dict) and set(content) == {"error"}:
        return ToolResult(result.call, None, str(content["error"]), ())
    ids = tuple(i for i in _ids(content) if i in catalog)
    return ToolResult(result.call, content, None, ids if ids or content is not None else result.product_ids)


def _ids(content: Any) -> list[str]:
    """The product ids a tool result shows: `id` keys of an object or of a list of them."""
    items = content if isinstance(content, list) else [content]
    return [str(i["id"]) for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]


def read_chat(record: dict[str, Any], scenario: Scenario, model: str) -> Transcript:
    """The chat log as a transcript of `scenario`. Raises ValueError on a message it cannot read."""
    messages = record.get("messages")
    if not isinstance(messages, list):
        raise ValueError("a record missing its conversation (`messages`)")
    catalog = scenario.catalog
    store = Storefront(catalog)
    turns: list[Turn] = []
    pending: dict[str, int] = {}  # tool call id -> its result's place in the last shopper turn
    for number, message in enumerate(messages, 1):
        if not isinstance(message, dict):
            raise ValueError(f"message {number} is not an object")
        role = message.get("role")
        if role == "system":
            continue
        if role == "user":
            turns.append(_agent_turn(message, catalog))
        elif role == "assistant":
            calls = [_call(raw, number) for raw in message.get("tool_calls") or ()]
            results = tuple(store.call(call) for call in calls)
            pending = {call.id or f"#{i}": i for i, call in enumerate(calls)}
            turns.append(Turn("shopper", text_of(message.get("content")), (), results))
        elif role == "tool":
            if not turns or turns[-1].role != "shopper" or not pending:
                raise ValueError(f"message {number}: a tool result that answers no tool call")
            key = str(message.get("tool_call_id") or "")
            place = pending.pop(key) if key in pending else pending.pop(next(iter(pending)))
            last = turns[-1]
            logged = list(last.tool_results)
            logged[place] = _logged(logged[place], message.get("content"), catalog)
            turns[-1] = Turn("shopper", last.text, (), tuple(logged))
        else:
            raise ValueError(f"message {number}: unknown role {role!r}")
    found = record.get("usage")
    usage: dict[str, Any] = found if isinstance(found, dict) else {}
    seed = record.get("seed")
    return Transcript(
        scenario_id=scenario.id,
        model=model,
        seed=seed if isinstance(seed, int) else 0,
        turns=tuple(turns),
        decision=store.decision or Decision("undecided"),
        seconds=0.0,
        usage=Usage(
            int(usage.get("calls", 0)),
            int(usage.get("prompt_tokens", 0)),
            int(usage.get("completion_tokens", 0)),
            float(usage.get("cost", 0.0)),
        ),
    )
