"""The SalesSim authors' rollouts as Transcripts: speaker/text turns, recommendations by title, and a
decision stated in words.

Their shopper decides in its text (`[ACCEPT]` with the product it buys, `[DONE]` to leave) or, in
later versions, with a tool call logged as `shopper_action` (`add_to_cart` naming the product). The
product is matched to the catalog by name (products.py): named in the accepting message, else the
one product recommended just before. A decision that matches no product, or several, is
`unmatched` and the conversation is not graded (never a silent guess). The decision is written into
the transcript as the tool call our shopper would have made, its content saying how it was matched.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..spec.model import Catalog, Product, Scenario
from ..transcript import Decision, ToolCall, ToolResult, Transcript, Turn
from .heads import structured
from .products import NameMatch, match_name, match_text, named_in, unique

_TOKENS = re.compile(r"\s*\[(?:ACCEPT|DONE|REJECT)\]\s*")
AGENT_SPEAKERS = frozenset({"salesperson", "sales agent", "salesbot", "agent"})
SHOPPER_SPEAKERS = frozenset({"shopper", "customer", "shopperbot"})


@dataclass(frozen=True)
class Rollout:
    """A rollout read: its transcript, how its names were matched, and, when its decision matches no
    one product, why (the item is then an error, not graded)."""

    transcript: Transcript
    notes: tuple[str, ...]
    unmatched: str | None = None


def text_of(value: Any) -> str:
    """A turn's text: a string, or the text blocks of a content list (images left out)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        blocks = [b.get("text") for b in value if isinstance(b, dict) and b.get("type") == "text"]
        return "\n".join(b for b in blocks if isinstance(b, str))
    return ""


def item_title(item: Any) -> str | None:
    """A recommended item's title, as the authors' grader reads it (a string, metadata.title, the
    first line of page_content, or a name)."""
    if isinstance(item, str):
        return item.strip() or None
    if not isinstance(item, dict):
        return None
    metadata = item.get("metadata")
    for found in (
        metadata.get("title") if isinstance(metadata, dict) else None,
        metadata.get("name") if isinstance(metadata, dict) else None,
        item.get("name"),
        item.get("title"),
    ):
        if isinstance(found, str) and found.strip():
            return found.strip()
    content = item.get("page_content")
    if isinstance(content, str) and content.strip():
        return content.strip().splitlines()[0].strip() or None
    return None


def _action(entry: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """`shopper_action` ({"name": ..., "arguments": "{...}"}, itself often a JSON string), if any."""
    action = entry.get("shopper_action")
    if isinstance(action, str):
        try:
            action = json.loads(action)
        except json.JSONDecodeError:
            action = structured(action, dict)
    if not isinstance(action, dict):
        return None
    name = action.get("name") or (action.get("function") or {}).get("name")
    arguments = action.get("arguments", (action.get("function") or {}).get("arguments", {}))
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except json.JSONDecodeError:
            arguments = {}
    return (str(name), arguments) if name and isinstance(arguments, dict) else None


class _Reader:
    def __init__(self, scenario: Scenario):
        self.catalog: Catalog = scenario.catalog
        self.notes: list[str] = []
        self.unmatched: str | None = None
        self.decision: Decision | None = None

    def agent(self, entry: dict[str, Any], text: str) -> tuple[Turn, list[Product]]:
        cards: list[Product] = []
        for item in entry.get("recommended_items") or ():
            title = item_title(item)
            if title is None:
                continue
            match = match_name(title, self.catalog)
            if match.product is not None:
                cards.append(match.product)
                if match.how != "by name":
                    self.notes.append(f"recommended {match.describe()}")
            else:
                self.notes.append(f"recommended {match.describe()}: no card shown")
        cards = unique(cards)
        shown = unique([*cards, *named_in(text, self.catalog)])
        return Turn("agent", text, tuple(p.card() for p in cards)), shown

    def shopper(self, entry: dict[str, Any], text: str, shown: list[Product], number: int) -> Turn:
        said = _TOKENS.sub(" ", text).strip()
        if self.decision is not None or self.unmatched is not None:
            return Turn("shopper", said)
        action = _action(entry)
        if action is not None and action[0] == "add_to_cart":
            named = next(
                (str(action[1][k]) for k in ("product", "product_name", "product_id") if k in action[1]), ""
            )
            return self._bought(match_name(named, self.catalog), said, number, "add_to_cart")
        if "[ACCEPT]" in text:
            return self._bought(match_text(text, self.catalog, shown), said, number, "[ACCEPT]")
        if (action is not None and action[0] == "end_conversation") or "[DONE]" in text:
            reason = str(action[1].get("reason", "")) if action else ""
            self.decision = Decision("no_purchase", reason=reason)
            call = ToolCall("end_conversation", {"reason": reason or said})
            return Turn("shopper", said, (), (ToolResult(call, {"ended": True}),))
        return Turn("shopper", said)

    def _bought(self, match: NameMatch, said: str, number: int, how: str) -> Turn:
        if match.product is None:
            self.unmatched = f"decision unmatched: {how} in message {number}: {match.describe()}"
            return Turn("shopper", said)
        product = match.product
        note = f"{how} in message {number}: {match.describe()}"
        self.notes.insert(0, note)
        self.decision = Decision("purchase", product.id)
        call = ToolCall("add_to_cart", {"product_id": product.id})
        return Turn("shopper", said, (), (ToolResult(call, {"added": product.id, "matched": note}),))


def read_rollout(record: dict[str, Any], scenario: Scenario, model: str) -> Rollout:
    """The rollout as a transcript of `scenario`. Raises ValueError on a turn it cannot read."""
    entries = structured(record.get("conversation"), list)
    if entries is None:
        raise ValueError("a record missing its conversation (`conversation`)")
    reader = _Reader(scenario)
    turns: list[Turn] = []
    shown: list[Product] = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ValueError(f"message {number} of the conversation is not an object")
        speaker = str(entry.get("speaker") or entry.get("role") or "").strip().lower()
        text = text_of(entry.get("text", entry.get("content")))
        if speaker in AGENT_SPEAKERS:
            turn, shown = reader.agent(entry, text)
        elif speaker in SHOPPER_SPEAKERS:
            turn = reader.shopper(entry, text, shown, number)
        else:
            raise ValueError(f"message {number}: unknown speaker {speaker or '(none)'!r}")
        turns.append(turn)
    decision = reader.decision
    if decision is None and reader.unmatched is None:
        outcome = record.get("outcome")
        if outcome == "accepted":
            reader.unmatched = (
                "decision unmatched: the outcome is `accepted` but no message accepts a product"
            )
        elif outcome == "ended_by_shopper":
            decision = Decision("no_purchase")
    transcript = Transcript(
        scenario_id=scenario.id,
        model=model,
        seed=0,
        turns=tuple(turns),
        decision=decision or Decision("undecided"),
        seconds=0.0,
    )
    return Rollout(transcript, tuple(reader.notes), reader.unmatched)
