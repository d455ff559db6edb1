"""The public contract of a shopper simulator: what it is told, and what it answers."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..spec.model import Persona
from ..tools import TOOL_SCHEMAS
from ..transcript import ToolCall, Turn, Usage


@dataclass(frozen=True)
class ShopperBrief:
    """Everything a shopper may know: its persona, the store and its tools. Never `expect`."""

    scenario_id: str
    category: str
    persona: Persona
    tools: tuple[dict[str, Any], ...] = TOOL_SCHEMAS


@dataclass(frozen=True)
class ShopperMessage:
    """One shopper turn: text, tool calls, or both."""

    text: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    usage: Usage = field(default_factory=Usage)


@runtime_checkable
class Shopper(Protocol):
    """Plays one conversation."""

    def respond(self, turns: Sequence[Turn]) -> ShopperMessage | Awaitable[ShopperMessage]:
        """The next shopper message, given every turn so far (tool results included).

        A coroutine for shoppers that await models (their simulator sets `calls_models = True`).
        """
        ...


@runtime_checkable
class Simulator(Protocol):
    """A shopper simulator under test: `--model NAME` resolves to one of these.

    It may also define `cannot_play(brief) -> str | None`: a reason to skip a scenario it
    cannot judge (the item is then skipped with that reason).
    """

    @property
    def name(self) -> str:
        """How reports and item ids name it (the `--model` name for built-ins)."""
        ...

    def shopper(self, brief: ShopperBrief, seed: int) -> Shopper:
        """A fresh shopper for one conversation; the same seed gives the same conversation."""
        ...
