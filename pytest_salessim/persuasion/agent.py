"""The sales agent under a persuasion variant: the push takes precedence at the turns it is active."""

from __future__ import annotations

from collections.abc import Awaitable

from ..agent import AgentMessage
from ..conversation import SalesAgent
from ..spec.model import Scenario
from .library import Tactic
from .variants import PersuasionVariant, agent_lines


class PersuadingAgent:
    def __init__(
        self, base: SalesAgent, variant: PersuasionVariant, scenario: Scenario, library: dict[str, Tactic]
    ):
        self.base = base
        self.variant = variant
        self.lines = agent_lines(variant, scenario, library)
        target = scenario.catalog.get(variant.target)
        assert target is not None
        self.card = target.card()
        self.said: list[dict[str, object]] = []

    @property
    def usage(self):  # type: ignore[no-untyped-def]
        return getattr(self.base, "usage", None)

    def greet(self) -> AgentMessage | Awaitable[AgentMessage]:
        return self.base.greet()

    def reply(self, last_message: str, turn: int) -> AgentMessage | Awaitable[AgentMessage]:
        if not self.variant.active(turn):
            return self.base.reply(last_message, turn)
        text = " ".join(self.lines)
        self.said.append({"turn": turn, "say": text})
        return AgentMessage(text, (self.card,))
