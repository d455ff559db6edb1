"""The LLM sales agent's instructions and tools, as in the SalesSim setup."""

from __future__ import annotations

from typing import Any

AGENT_SYSTEM = """You are a sales agent in an online store that sells {category}. Help the shopper \
find a product and buy it. Ask about their needs, search the catalog with search_catalog, check \
details with view_product, and show products with recommend_products (the shopper sees them as \
product cards with images). Only recommend products from the catalog. Keep messages short.
{instructions}"""

AGENT_TOOLS: tuple[dict[str, Any], ...] = (
    {
        "name": "search_catalog",
        "description": "Search the catalog; returns ids, names, prices and short descriptions. "
        "An empty query lists everything.",
        "parameters": {"type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]},
    },
    {
        "name": "view_product",
        "description": "A product's full details.",
        "parameters": {
            "type": "object",
            "properties": {"product_id": {"type": "string"}},
            "required": ["product_id"],
        },
    },
    {
        "name": "recommend_products",
        "description": "Show these products to the shopper as cards with your next message.",
        "parameters": {
            "type": "object",
            "properties": {"product_ids": {"type": "array", "items": {"type": "string"}}},
            "required": ["product_ids"],
        },
    },
)
