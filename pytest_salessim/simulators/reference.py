"""`reference`: an agenda-based shopper in the classic user-simulation tradition.

It discloses one criterion per turn (one at most in its opening, never the budget there), looks
at what it is shown, buys the best product its dealbreaker rules and budget allow (most
preferences met, then the cheapest; a flexible budget up to its ceiling), browses the catalog
itself before giving up, and leaves when nothing fits. Pitches do not move it. It judges rules and
`meets` lists only, so a scenario with a criterion that has neither is skipped, and it never sees
`expect`. Its personality and knowledge change its words, never its decision: extraversion (warm and
long, or terse), neuroticism (anxious hedges), knowledge (a novice asks what a spec term means; an
expert talks in specs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from ..spec.criteria import keeps_hard_criteria, preferences_met
from ..spec.model import Criterion, Product
from ..transcript import ToolCall, Turn
from .base import ShopperBrief, ShopperMessage
from .voice import Voice, spec_term


class ReferenceSimulator:
    name = "reference"

    def cannot_play(self, brief: ShopperBrief) -> str | None:
        undecided = [c for c in brief.persona.criteria if not c.decidable]
        if undecided:
            kind = "dealbreaker" if undecided[0].hard else "preference"
            return (
                f"reference judges rules and `meets` lists only; {kind} with neither: {undecided[0].text!r}"
            )
        return None

    def shopper(self, brief: ShopperBrief, seed: int) -> AgendaShopper:
        return AgendaShopper(brief, seed)


def _product(details: dict[str, object]) -> Product:
    return Product(
        id=str(details["id"]),
        name=str(details["name"]),
        price=float(details["price"]),  # type: ignore[arg-type]
        attributes=MappingProxyType(dict(details.get("attributes") or {})),  # type: ignore[call-overload]
    )


_ACRONYM = re.compile(r"\b[A-Z][A-Za-z0-9]*[A-Z0-9]\b")
_PLAIN = frozenset({"TV", "OK", "US", "USA", "UK", "EU", "AM", "PM", "ID", "XL", "XS", "II", "III"})


def _jargon(details: dict[str, Any]) -> list[str]:
    """The spec terms of a product's details a novice may not know: acronyms such as OS, SSD, OLED."""
    found: dict[str, None] = {}
    for key in details.get("attributes") or {}:
        term = spec_term(str(key))
        if term.isupper():
            found.setdefault(term, None)
    text = " ".join([str(details.get("description") or ""), *map(str, details.get("features") or [])])
    for token in _ACRONYM.findall(text):
        if token.isupper() and 2 <= len(token) <= 5 and token not in _PLAIN and not token.isdigit():
            found.setdefault(token, None)
    return list(found)


class AgendaShopper:
    def __init__(self, brief: ShopperBrief, seed: int):
        self.brief = brief
        self.persona = brief.persona
        persona = self.persona
        keywords = frozenset(k for c in persona.criteria for k in c.keywords) | {"budget"}
        self.voice = Voice(persona.speaking_style, seed, persona.personality, persona.knowledge, keywords)
        self.terms: dict[str, bool] = {}  # spec terms seen in product details -> asked about yet
        preferences = list(self.persona.preferences)
        self.agenda: list[Criterion | None] = [*preferences, *self.persona.dealbreakers]
        if self.persona.budget is not None:
            self.agenda.append(None)  # None stands for the budget
        self.seen: dict[str, str] = {}  # id -> name, in the order first seen
        self.viewed: dict[str, Product] = {}
        self.listed_prices: dict[str, float] = {}
        self.read_upto = 0
        self.browsed = False
        self.ruled_preferences = sum(1 for c in self.persona.preferences if c.decidable)

    def respond(self, turns: Sequence[Turn]) -> ShopperMessage:
        opening = self.read_upto == 0
        self._observe(turns)
        self.read_upto = len(turns)
        if opening:  # one criterion at most, never the budget (None): that is last on the agenda
            first = next((c for c in self.agenda if c is not None), None)
            if first is not None:
                self.agenda.remove(first)
            return ShopperMessage(self.voice.opening(self.brief.category, first))

        best = self._best()
        if best is not None and preferences_met(best, self.persona) == self.ruled_preferences:
            question = self._question()  # a novice asks what it did not understand before it buys
            return ShopperMessage(self.voice.styled(question)) if question else self._buy(best)
        to_view = [pid for pid in self.seen if pid not in self.viewed and self._worth_viewing(pid)]
        sentences = []
        rejected = [p for p in self.viewed.values() if not keeps_hard_criteria(p, self.persona)]
        if rejected and to_view == [] and self.agenda and self.voice.rng.random() < 0.5:
            sentences.append(self.voice.not_for_me(rejected[-1].name))
        if to_view:
            sentences.append(self.voice.ask_about([self.seen[pid] for pid in to_view[:2]]))
        if self.agenda:
            sentences.append(self._disclose(self.agenda.pop(0)))
        if sentences and self.persona.knowledge == "novice" and self.voice.rng.random() < 0.7:
            sentences.extend(filter(None, [self._question()]))
        calls = tuple(ToolCall("view_product", {"product_id": pid}) for pid in to_view)
        if to_view and not self.agenda and not self.browsed:
            # Told everything and still nothing fits it all: it looks through the catalog itself too,
            # rather than wait for a large store's agent to show every product a few at a time.
            self.browsed = True
            sentences.append(self.voice.browse())
            calls += (ToolCall("search_products", {"query": ""}),)
        if sentences or calls:
            return ShopperMessage(self.voice.styled(" ".join(sentences)) if sentences else "", calls)
        if not self.browsed:
            self.browsed = True
            return ShopperMessage(self.voice.browse(), (ToolCall("search_products", {"query": ""}),))
        if best is not None:
            return self._buy(best)
        return ShopperMessage(
            self.voice.leave(),
            (ToolCall("end_conversation", {"reason": "nothing keeps my dealbreakers and budget"}),),
        )

    def _observe(self, turns: Sequence[Turn]) -> None:
        for turn in turns[self.read_upto :]:
            for card in turn.cards:
                self.seen.setdefault(card["id"], card["name"])
                self.listed_prices[card["id"]] = float(card["price"])
            for result in turn.tool_results:
                if result.error or result.content is None:
                    continue
                if result.call.name == "view_product":
                    for term in _jargon(result.content):
                        self.terms.setdefault(term, False)
                    product = _product(result.content)
                    self.viewed[product.id] = product
                    self.seen.setdefault(product.id, product.name)
                elif result.call.name == "search_products":
                    for row in result.content:
                        self.seen.setdefault(row["id"], row["name"])
                        self.listed_prices[row["id"]] = float(row["price"])

    def _question(self) -> str | None:
        """A novice's question about the first spec term it has seen and not asked about yet."""
        unasked = [term for term, asked in self.terms.items() if not asked]
        if self.persona.knowledge != "novice" or not unasked:
            return None
        self.terms[unasked[0]] = True
        return self.voice.what_is(unasked[0])

    def _worth_viewing(self, product_id: str) -> bool:
        """A shopper skips what is plainly over its budget."""
        budget = self.persona.budget
        price = self.listed_prices.get(product_id)
        return budget is None or price is None or price <= budget.ceiling

    def _best(self) -> Product | None:
        fitting = [p for p in self.viewed.values() if keeps_hard_criteria(p, self.persona)]
        order = list(self.seen)
        fitting.sort(key=lambda p: (-preferences_met(p, self.persona), p.price, order.index(p.id)))
        return fitting[0] if fitting else None

    def _disclose(self, criterion: Criterion | None) -> str:
        if criterion is None:
            assert self.persona.budget is not None
            return self.voice.budget(self.persona.budget.max, self.persona.budget.flexible)
        return self.voice.criterion(criterion)

    def _buy(self, product: Product) -> ShopperMessage:
        return ShopperMessage(
            self.voice.buy(product.name), (ToolCall("add_to_cart", {"product_id": product.id}),)
        )
