"""What the judge sees, as plain values a rubric template reads (SPEC section 11, "the judge sees").

Every rubric gets `category_words`; the others by dimension:
  persona            name, age, background, speaking_style, emotion, knowledge, budget (text),
                     preferences and dealbreakers (texts): never the personality levels
  conversation       [{index, role, text, notes}]: every message, numbered as the transcript is
  shopper_messages   [{index, text}]: what the shopper wrote, and nothing else (personality)
  products           [{id, name, price, description, features, attributes}]: the products shown
  decision           what the shopper did, in words
"""

from __future__ import annotations

from typing import Any, TypedDict

from ..spec.model import Persona, Product, Scenario
from ..templating import money
from ..transcript import Transcript, Turn


class PersonaView(TypedDict):
    name: str
    age: int | None
    background: str
    speaking_style: str
    emotion: str
    knowledge: str
    budget: str
    preferences: list[str]
    dealbreakers: list[str]


class MessageView(TypedDict):
    index: int
    role: str
    text: str
    notes: list[str]


def traits(persona: Persona) -> dict[str, str]:
    """The Big-Five levels the persona specifies (any subset), as {trait: low|neutral|high}."""
    spec = getattr(persona, "personality", None)
    if not spec:
        return {}
    return {str(k): str(v) for k, v in spec.traits().items()}


def budget_text(persona: Persona) -> str:
    """`at most $500`, with the stretch a flexible budget allows."""
    budget = persona.budget
    if budget is None:
        return ""
    if budget.flexible <= 0:
        return f"at most {money(budget.max)} (absolute)"
    stretch = f"{money(budget.ceiling)} ({budget.flexible:.0%} over)"
    return f"at most {money(budget.max)}, but may stretch to {stretch}"


def persona_view(persona: Persona) -> PersonaView:
    return {
        "name": persona.name,
        "age": persona.age,
        "background": persona.background,
        "speaking_style": persona.speaking_style,
        "emotion": persona.emotion,
        "knowledge": persona.knowledge or "",
        "budget": budget_text(persona),
        "preferences": [c.text for c in persona.preferences],
        "dealbreakers": [c.text for c in persona.dealbreakers],
    }


def _notes(turn: Turn) -> list[str]:
    notes = [f"shows product {c['name']} ({money(float(c['price']))}, id {c['id']})" for c in turn.cards]
    for result in turn.tool_results:
        args = ", ".join(f"{v}" for v in result.call.arguments.values())
        notes.append(f"{result.call.name}({args})" + (f": error {result.error}" if result.error else ""))
    return notes


def conversation_view(transcript: Transcript) -> list[MessageView]:
    return [
        {"index": i, "role": t.role, "text": t.text.strip(), "notes": _notes(t)}
        for i, t in enumerate(transcript.turns)
    ]


def shopper_messages(transcript: Transcript) -> list[dict[str, Any]]:
    return [
        {"index": i, "text": t.text.strip()}
        for i, t in enumerate(transcript.turns)
        if t.role == "shopper" and t.text.strip()
    ]


def product_view(product: Product) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "price": money(product.price),
        "description": product.description,
        "features": list(product.features),
        "attributes": dict(product.attributes),
    }


def decision_text(transcript: Transcript, scenario: Scenario) -> str:
    decision = transcript.decision
    if decision.kind == "purchase":
        product = scenario.catalog.get(decision.product_id or "")
        if product is None:
            return f"bought {decision.product_id!r}, which is not a product of the store"
        return f"bought the {product.name} ({money(product.price)}, id {product.id})"
    if decision.kind == "no_purchase":
        return "left without buying" + (f" (saying: {decision.reason})" if decision.reason else "")
    return "did not decide before the conversation ended"


def shown_products(transcript: Transcript, scenario: Scenario) -> list[dict[str, Any]]:
    """The products the agent recommended or the shopper saw, in the order first shown."""
    order: dict[str, None] = {}
    for turn in transcript.turns:
        for card in turn.cards:
            order.setdefault(card["id"], None)
        for result in turn.tool_results:
            for product_id in result.product_ids:
                order.setdefault(product_id, None)
    found = (scenario.catalog.get(pid) for pid in order)
    return [product_view(p) for p in found if p is not None]


def criteria_list(persona: Persona) -> list[str]:
    """The criteria a first message may reveal, numbered from 1 in the disclosure rubric."""
    items = [c.text for c in persona.criteria]
    if persona.budget is not None:
        items.append(f"a budget of at most {money(persona.budget.max)}")
    return items
