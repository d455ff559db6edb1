"""The scripted sales agent: greeting, rules on the shopper's words, pitches in order, fallback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..spec.model import AgentLine, Catalog, ScriptedAgentSpec, Trigger
from ..spec.regex import search, words_pattern
from ..templating import TemplateProblem, catalog_context, render


@dataclass(frozen=True)
class AgentMessage:
    text: str
    cards: tuple[dict[str, Any], ...] = ()


def triggered(trigger: Trigger, message: str) -> bool:
    """Whole words or phrases, case-insensitive; a regex is a search. In linear time (RE2), whatever
    the shopper writes."""
    pattern = trigger.regex if trigger.regex is not None else words_pattern(trigger.words)
    return search(pattern, message)


class ScriptProblem(TemplateProblem):
    """A line of the script that did not render during a conversation: an error of the item, naming
    the line (`rules[2].say`) and why."""


class ScriptedAgent:
    """Plays one conversation of a spec's script; pitches are used once each, in order."""

    def __init__(self, spec: ScriptedAgentSpec, catalog: Catalog):
        self.spec = spec
        self.catalog = catalog
        self._pitches = list(enumerate(spec.pitches))
        self._context = catalog_context(catalog.get, catalog.products)

    def greet(self) -> AgentMessage:
        return AgentMessage(self._render("greeting", self.spec.greeting, "", 0))

    def reply(self, last_message: str, turn: int) -> AgentMessage:
        for index, rule in enumerate(self.spec.rules):
            if rule.when and triggered(rule.when, last_message):
                when = f"regex {rule.when.regex!r}" if rule.when.regex else f"words {list(rule.when.words)}"
                return self.say(rule, last_message, turn, f"rules[{index}].say (when {when})")
        if self._pitches:
            index, pitch = self._pitches.pop(0)
            return self.say(pitch, last_message, turn, f"pitches[{index}].say")
        return self.say(AgentLine(self.spec.fallback), last_message, turn, "fallback")

    def say(self, line: AgentLine, last_message: str, turn: int, name: str = "agent line") -> AgentMessage:
        text = self._render(name, line.say, last_message, turn)
        cards = []
        for product_id in line.recommend:
            product = self.catalog.get(product_id)
            if product is not None:
                cards.append(product.card())
        return AgentMessage(text, tuple(cards))

    def _render(self, name: str, source: str, last_message: str, turn: int) -> str:
        context = {**self._context, "last_message": last_message, "turn": turn}
        try:
            return render(source, context, self.spec.limits)
        except TemplateProblem as err:
            raise ScriptProblem(f"the sales agent's {name} did not render at turn {turn}: {err}") from None
