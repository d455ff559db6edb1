"""A sales agent with no model and no script: it recommends what best matches what the shopper said.

Each reply ranks the catalog (BM25, `ranking.py`) against everything the shopper has said, the
latest message counting double, keeps to any spending limit the shopper stated, and recommends the
best `top_k` it has not shown yet, as cards and by name.
"""

from __future__ import annotations

import re
from collections import Counter

from ..spec.model import Catalog, RetrievalAgentSpec
from ..templating import catalog_context, money, render
from .ranking import index_of, terms
from .scripted import AgentMessage

_AMOUNT = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)|\b(\d[\d,]*(?:\.\d+)?)\s?(?:dollars|bucks|usd)\b", re.I)
_LIMIT_WORDS = re.compile(
    r"\b(budget|under|below|less|more|most|max(?:imum)?|up to|afford|spend|over|exceed|cheaper|between)\b",
    re.I,
)


def spending_limit(message: str) -> float | None:
    """The most the shopper says it will spend ("under $500", "my budget is 80 dollars"), if it says."""
    if not _LIMIT_WORDS.search(message):
        return None
    amounts = [float((a or b).replace(",", "")) for a, b in _AMOUNT.findall(message)]
    return max(amounts) if amounts else None


def _names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


class RetrievalAgent:
    """Plays one conversation; a product it has recommended is not recommended again."""

    def __init__(self, spec: RetrievalAgentSpec, catalog: Catalog, category: str):
        self.spec = spec
        self.catalog = catalog
        self.category = category.replace("_", " ")
        self.index = index_of(catalog)
        self.prices = {p.id: p.price for p in catalog.products}
        self.said: Counter[str] = Counter()
        self.limit: float | None = None
        self.shown: list[str] = []

    def greet(self) -> AgentMessage:
        if self.spec.greeting:
            context = {
                **catalog_context(self.catalog.get, self.catalog.products),
                "last_message": "",
                "turn": 0,
            }
            return AgentMessage(render(self.spec.greeting, context, self.spec.limits))
        return AgentMessage(f"Hi, welcome to our {self.category} store! What are you looking for today?")

    def reply(self, last_message: str, turn: int) -> AgentMessage:
        latest = Counter(terms(last_message))
        self.said.update(latest)
        self.limit = spending_limit(last_message) or self.limit
        ranked = [pid for pid, _ in self.index.rank(self.said + latest) if self._affordable(pid)]
        fresh = [pid for pid in ranked if pid not in self.shown][: self.spec.top_k]
        if not ranked:
            return AgentMessage(
                "I couldn't find anything that matches that yet. Could you tell me more about what you need?"
            )
        if not fresh:
            return AgentMessage(
                "Those are the closest matches I have for what you've described. "
                "Is there anything else that matters to you?"
            )
        self.shown += fresh
        products = [self.catalog.get(pid) for pid in fresh]
        shown = [p for p in products if p is not None]
        first = len(self.shown) == len(fresh)
        lead = "Based on what you've told me, I'd suggest" if first else "You might also like"
        text = f"{lead} the " + _names([f"{p.name} ({money(p.price)})" for p in shown]) + "."
        return AgentMessage(text, tuple(p.card() for p in shown))

    def _affordable(self, product_id: str) -> bool:
        return self.limit is None or self.prices[product_id] <= self.limit
