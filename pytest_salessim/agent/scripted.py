"""The scripted sales agent: greeting, rules on the shopper's words, pitches in order, fallback."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..spec.model import AgentLine, Catalog, ScriptedAgentSpec, Trigger
from ..templating import catalog_context, render


@dataclass(frozen=True)
class AgentMessage:
    text: str
    cards: tuple[dict[str, Any], ...] = ()


@lru_cache(maxsize=4096)
def _pattern(trigger: Trigger) -> re.Pattern[str]:
    if trigger.regex is not None:
        return re.compile(trigger.regex, re.IGNORECASE)
    words = sorted(trigger.words, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def triggered(trigger: Trigger, message: str) -> bool:
    """Whole words or phrases, case-insensitive; a regex is a search."""
    return _pattern(trigger).search(message) is not None


class ScriptedAgent:
    """Plays one conversation of a spec's script; pitches are used once each, in order."""

    def __init__(self, spec: ScriptedAgentSpec, catalog: Catalog):
        self.spec = spec
        self.catalog = catalog
        self._pitches = list(spec.pitches)
        self._context = catalog_context(catalog.get, catalog.products)

    def greet(self) -> AgentMessage:
        return AgentMessage(render(self.spec.greeting, {**self._context, "last_message": "", "turn": 0}))

    def reply(self, last_message: str, turn: int) -> AgentMessage:
        line = next((r for r in self.spec.rules if r.when and triggered(r.when, last_message)), None)
        if line is None and self._pitches:
            line = self._pitches.pop(0)
        if line is None:
            line = AgentLine(self.spec.fallback)
        return self.say(line, last_message, turn)

    def say(self, line: AgentLine, last_message: str, turn: int) -> AgentMessage:
        text = render(line.say, {**self._context, "last_message": last_message, "turn": turn})
        cards = []
        for product_id in line.recommend:
            product = self.catalog.get(product_id)
            if product is not None:
                cards.append(product.card())
        return AgentMessage(text, tuple(cards))
