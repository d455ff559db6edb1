"""An LLM sales agent with catalog tools and product cards, in place of a script."""

from __future__ import annotations

import json
from typing import Any

from ..llm_client import ModelClient
from ..spec.model import Catalog
from ..tools import Storefront
from ..transcript import ToolCall, Usage
from .prompts import AGENT_SYSTEM, AGENT_TOOLS
from .scripted import AgentMessage

MAX_TOOL_ROUNDS = 4


class LLMSalesAgent:
    """Plays one conversation; its own tool calls stay inside its turn."""

    def __init__(self, client: ModelClient, instructions: str, catalog: Catalog, category: str):
        self.client = client
        self.catalog = catalog
        self.lookup = Storefront(catalog)
        self.usage = Usage()
        system = AGENT_SYSTEM.format(category=category.replace("_", " "), instructions=instructions).strip()
        self.messages: list[dict[str, Any]] = [{"role": "system", "content": system}]

    async def greet(self) -> AgentMessage:
        self.messages.append({"role": "user", "content": "(A shopper has just arrived. Greet them.)"})
        return await self._turn()

    async def reply(self, last_message: str, turn: int) -> AgentMessage:
        self.messages.append({"role": "user", "content": last_message})
        return await self._turn()

    async def _turn(self) -> AgentMessage:
        cards: dict[str, dict[str, Any]] = {}
        for _ in range(MAX_TOOL_ROUNDS + 1):
            completion = await self.client.complete(self.messages, list(AGENT_TOOLS))
            self.usage += completion.usage
            message = completion.message
            if not message["content"].strip() and not message["tool_calls"]:
                # said nothing: no empty assistant message in its history (providers refuse one)
                return AgentMessage("", tuple(cards.values()))
            text = message["content"] if message["content"].strip() else None
            entry: dict[str, Any] = {"role": "assistant", "content": text}
            if message["tool_calls"]:
                entry["tool_calls"] = [
                    {
                        "id": c["id"],
                        "type": "function",
                        "function": {"name": c["name"], "arguments": c["arguments"]},
                    }
                    for c in message["tool_calls"]
                ]
            self.messages.append(entry)
            if not message["tool_calls"]:
                return AgentMessage(message["content"].strip(), tuple(cards.values()))
            for call in message["tool_calls"]:
                result = self._tool(call["name"], call["arguments"], cards)
                self.messages.append(
                    {"role": "tool", "tool_call_id": call["id"], "content": json.dumps(result)}
                )
        return AgentMessage("Let me know if any of these work for you.", tuple(cards.values()))

    def _tool(self, name: str, raw: str, cards: dict[str, dict[str, Any]]) -> Any:
        try:
            args = json.loads(raw or "{}")
        except json.JSONDecodeError:
            return {"error": "arguments are not valid JSON"}
        if name == "search_catalog":
            found = self.lookup.call(ToolCall("search_products", {"query": str(args.get("query", ""))}))
            return [{**row, "description": self.catalog.get(row["id"]).description} for row in found.content]  # type: ignore[union-attr]
        if name == "view_product":
            result = self.lookup.call(
                ToolCall("view_product", {"product_id": str(args.get("product_id", ""))})
            )
            return result.content if result.error is None else {"error": result.error}
        if name == "recommend_products":
            unknown = []
            for product_id in args.get("product_ids", []) or []:
                product = self.catalog.get(str(product_id))
                if product is None:
                    unknown.append(product_id)
                else:
                    cards[product.id] = product.card()
            return {"shown": list(cards), "unknown": unknown}
        return {"error": f"unknown tool {name!r}"}
