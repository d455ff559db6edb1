"""The shopper's tools (SPEC section 3) over one catalog: the only way a shopper acts."""

from __future__ import annotations

import re
from typing import Any

from .spec.model import Catalog, Product
from .transcript import Decision, ToolCall, ToolResult

TOOL_SCHEMAS: tuple[dict[str, Any], ...] = (
    {
        "name": "search_products",
        "description": "Search the store's catalog. Returns ids, names and prices of matching "
        "products; an empty query lists the whole catalog.",
        "parameters": {
            "type": "object",
            "properties": {"query": {"type": "string", "description": "what you are looking for"}},
            "required": ["query"],
        },
    },
    {
        "name": "view_product",
        "description": "See a product's full details (description, features, attributes, image).",
        "parameters": {
            "type": "object",
            "properties": {"product_id": {"type": "string"}},
            "required": ["product_id"],
        },
    },
    {
        "name": "add_to_cart",
        "description": "Buy this product. The conversation ends.",
        "parameters": {
            "type": "object",
            "properties": {"product_id": {"type": "string"}},
            "required": ["product_id"],
        },
    },
    {
        "name": "end_conversation",
        "description": "Leave without buying anything. The conversation ends.",
        "parameters": {
            "type": "object",
            "properties": {"reason": {"type": "string", "description": "why you are leaving"}},
            "required": ["reason"],
        },
    },
)
TOOL_NAMES = tuple(t["name"] for t in TOOL_SCHEMAS)
_TOKEN = re.compile(r"[a-z0-9]+")


def _searchable(product: Product) -> set[str]:
    values = [product.name, product.description, *product.features]
    for key, value in product.attributes.items():
        values.append(key.replace("_", " "))
        values.extend(str(v) for v in (value if isinstance(value, list) else [value]))
    return set(_TOKEN.findall(" ".join(values).lower()))


class Storefront:
    """Runs the shopper's tool calls for one conversation and records its decision."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.decision: Decision | None = None

    def call(self, call: ToolCall) -> ToolResult:
        if self.decision is not None:
            return ToolResult(call, None, "the conversation has already ended")
        handler = getattr(self, f"_{call.name}", None) if call.name in TOOL_NAMES else None
        if handler is None:
            return ToolResult(
                call, None, f"unknown tool {call.name!r}; the tools are {', '.join(TOOL_NAMES)}"
            )
        if "__invalid_json__" in call.arguments:
            return ToolResult(
                call, None, f"arguments are not valid JSON: {call.arguments['__invalid_json__']!r}"
            )
        try:
            result: ToolResult = handler(call, **call.arguments)
        except TypeError:
            wanted = next(t for t in TOOL_SCHEMAS if t["name"] == call.name)["parameters"]["required"]
            return ToolResult(
                call, None, f"{call.name} takes {', '.join(wanted)}; got {sorted(call.arguments)}"
            )
        return result

    def _search_products(self, call: ToolCall, query: str = "") -> ToolResult:
        words = set(_TOKEN.findall(str(query).lower()))
        if not words:
            found = list(self.catalog.products)
        else:
            scored = [(len(words & _searchable(p)), i, p) for i, p in enumerate(self.catalog.products)]
            found = [p for score, _, p in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]
        listing = [{"id": p.id, "name": p.name, "price": p.price} for p in found]
        return ToolResult(call, listing, None, tuple(p.id for p in found))

    def _view_product(self, call: ToolCall, product_id: str) -> ToolResult:
        product = self.catalog.get(str(product_id))
        if product is None:
            return ToolResult(call, None, f"no product with id {product_id!r}")
        return ToolResult(call, product.details(), None, (product.id,))

    def _add_to_cart(self, call: ToolCall, product_id: str) -> ToolResult:
        product_id = str(product_id)
        known = product_id in self.catalog
        self.decision = Decision("purchase", product_id, hallucinated=not known)
        return ToolResult(
            call,
            {"added": product_id} if known else None,
            None if known else f"no product with id {product_id!r}",
        )

    def _end_conversation(self, call: ToolCall, reason: str = "") -> ToolResult:
        self.decision = Decision("no_purchase", reason=str(reason))
        return ToolResult(call, {"ended": True})
