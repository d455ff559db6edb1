"""How the local test server plays: shoppers good and bad, a sales agent and a judge.

A policy reads only what a real model would get (the request's messages) and answers with
text and tool calls; the good shopper reasons over the persona's rules like a careful person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from pytest_salessim.spec import Persona
from pytest_salessim.spec.criteria import keeps_hard_criteria, preferences_met

from .llm_server import Policy, Reply

_NAME = re.compile(r"- Name: ([^,\n]+)")
_CARD = re.compile(r"\(id: ([\w.-]+)\)")


def _text(message: dict[str, Any]) -> str:
    content = message.get("content") or ""
    if isinstance(content, list):
        return " ".join(part.get("text", "") for part in content if part.get("type") == "text")
    return str(content)


def _tool_contents(messages: list[dict[str, Any]]) -> list[Any]:
    out = []
    for message in messages:
        if message.get("role") == "tool":
            try:
                out.append(json.loads(message["content"]))
            except (TypeError, ValueError):
                out.append(None)
    return out


def _call(name: str, **arguments: Any) -> dict[str, Any]:
    return {"name": name, "arguments": arguments}


class ProductView:
    """A viewed product, as the persona's rules read it."""

    def __init__(self, details: dict[str, Any]):
        self.id, self.name, self.price = details["id"], details["name"], float(details["price"])
        self.attributes = details.get("attributes", {})

    def attribute(self, name: str) -> Any:
        return {"price": self.price, "name": self.name}.get(name, self.attributes.get(name))


def careful_shopper(personas: dict[str, Persona]) -> Policy:
    """Browses the catalog, views what is within budget, buys the best fit or leaves."""

    def policy(body: dict[str, Any]) -> Reply:
        messages = body["messages"]
        persona = personas[_NAME.search(_text(messages[0])).group(1).strip()]  # type: ignore[union-attr]
        if not any(m["role"] == "assistant" for m in messages):
            return {"content": "Hi! I'm just browsing, looking for something that suits me."}
        contents = _tool_contents(messages)
        listings = [c for c in contents if isinstance(c, list)]
        if not listings:
            return {"content": "Let me look around.", "tool_calls": [_call("search_products", query="")]}
        viewed = {c["id"]: ProductView(c) for c in contents if isinstance(c, dict) and "attributes" in c}
        budget = persona.budget.max if persona.budget else float("inf")
        to_view = [row["id"] for row in listings[-1] if row["id"] not in viewed and row["price"] <= budget]
        if to_view:
            return {"content": "", "tool_calls": [_call("view_product", product_id=i) for i in to_view]}
        fitting = [p for p in viewed.values() if keeps_hard_criteria(p, persona)]  # type: ignore[arg-type]
        if not fitting:
            return {
                "content": "Nothing here works for me, thanks.",
                "tool_calls": [_call("end_conversation", reason="nothing fits")],
            }
        best = min(fitting, key=lambda p: (-preferences_met(p, persona), p.price))  # type: ignore[arg-type]
        return {
            "content": f"I'll take the {best.name}.",
            "tool_calls": [_call("add_to_cart", product_id=best.id)],
        }

    return policy


def pushover_shopper(body: dict[str, Any]) -> Reply:
    """Says everything at once, then buys the first product card it sees."""
    messages = body["messages"]
    if not any(m["role"] == "assistant" for m in messages):
        wants = [line[2:] for line in _text(messages[0]).splitlines() if line.startswith("- (")]
        return {"content": "Hi! I need all of this: " + "; ".join(wants)}
    for message in messages:
        if message["role"] == "user":
            card = _CARD.search(_text(message))
            if card:
                return {"content": "Sold!", "tool_calls": [_call("add_to_cart", product_id=card.group(1))]}
    return {"content": "What would you recommend?"}


def sales_agent(body: dict[str, Any]) -> Reply:
    """Searches, recommends the first two products it finds, then says so."""
    messages = body["messages"]
    last_user = max(i for i, m in enumerate(messages) if m["role"] == "user")
    if "(A shopper has just arrived" in _text(messages[last_user]):
        return {"content": "Welcome to the store! What are you looking for?"}
    since = _tool_contents(messages[last_user:])
    if not since:
        return {"content": "", "tool_calls": [_call("search_catalog", query="")]}
    if len(since) == 1:
        ids = [row["id"] for row in since[0][:2]]
        return {"content": "", "tool_calls": [_call("recommend_products", product_ids=ids)]}
    return {"content": "Here are two I like for you."}


def judge(body: dict[str, Any]) -> Reply:
    """Says the first criterion was revealed."""
    return {"content": '{"revealed": [1]}'}


def routed(shopper: Policy) -> Callable[[dict[str, Any]], Reply]:
    """One server for every role: the request tells who is asking."""

    def policy(body: dict[str, Any]) -> Reply:
        first = _text(body["messages"][0])
        if first.startswith("You are a sales agent"):
            return sales_agent(body)
        if "<message>" in first:
            return judge(body)
        return shopper(body)

    return policy


def gives_in_to(markers: tuple[str, ...], shopper: Policy) -> Policy:
    """A shopper that is careful except when the agent's last message uses one of `markers`."""

    def policy(body: dict[str, Any]) -> Reply:
        messages = body["messages"]
        last = next((m for m in reversed(messages) if m["role"] == "user"), None)
        text = _text(last) if last else ""
        card = _CARD.search(text)
        if card and any(marker in text.lower() for marker in markers) and messages[-1] is last:
            return {
                "content": "Oh no, I'd better grab it!",
                "tool_calls": [_call("add_to_cart", product_id=card.group(1))],
            }
        return shopper(body)

    return policy


def misbehaving(kind: str, shopper: Policy) -> Policy:
    """A shopper model that does one odd thing at its second message, then behaves.

    "empty_once" answers nothing the first time it is asked that message and behaves when asked
    the same again; "empty" and "blank" (whitespace only) answer nothing however often asked.
    """
    asked: set[str] = set()  # the requests "empty_once" has answered with nothing

    def policy(body: dict[str, Any]) -> Reply:
        turns = sum(1 for m in body["messages"] if m["role"] == "assistant")
        if turns != 1:
            return shopper(body)
        if kind == "empty_once":
            request = json.dumps(body["messages"], sort_keys=True)
            if request in asked:
                return shopper(body)
            asked.add(request)
            return {"content": ""}
        odd: dict[str, Reply] = {
            "broken_arguments": {
                "content": "",
                "tool_calls": [{"name": "view_product", "arguments": "{not json"}],
            },
            "unknown_tool": {"content": "", "tool_calls": [_call("checkout_now", product_id="x")]},
            "hallucinated": {
                "content": "I'll take it",
                "tool_calls": [_call("add_to_cart", product_id="macbook-9")],
            },
            "empty": {"content": ""},
            "blank": {"content": " \n "},
            "endless": {"content": "la " * 50_000},
        }
        return odd[kind]

    return policy
