"""Purpose-built Python shoppers (`--model py:tests.judge.shoppers:NAME`): the reference shopper's
decisions in another voice, so that one judged dimension at a time tells a good shopper from a bad one."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from pytest_salessim.simulators.base import ShopperBrief, ShopperMessage
from pytest_salessim.simulators.reference import ReferenceSimulator
from pytest_salessim.spec.model import Persona, content_words
from pytest_salessim.transcript import Turn

Style = Callable[[str, Persona], str]
CHATTER = (
    "Honestly I love chatting about this sort of thing, my friends always tease me that I turn every "
    "shopping trip into a long conversation, so thank you for being so patient with me today!"
)


@dataclass(frozen=True)
class Restyled:
    """The reference shopper, every message of it rewritten by `style` (its tool calls kept)."""

    name: str
    style: Style

    def cannot_play(self, brief: ShopperBrief) -> str | None:
        return ReferenceSimulator().cannot_play(brief)

    def shopper(self, brief: ShopperBrief, seed: int) -> _Speaker:
        return _Speaker(ReferenceSimulator().shopper(brief, seed), self.style, brief.persona)


class _Speaker:
    def __init__(self, inner: object, style: Style, persona: Persona):
        self.inner, self.style, self.persona = inner, style, persona

    def respond(self, turns: Sequence[Turn]) -> ShopperMessage:
        message: ShopperMessage = self.inner.respond(turns)  # type: ignore[attr-defined]
        text = self.style(message.text, self.persona) if message.text.strip() else message.text
        return replace(message, text=text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _limits(persona: Persona) -> set[str]:
    return {w for c in persona.dealbreakers for w in content_words(c.text)}


def _keeps_quiet(text: str, persona: Persona) -> str:
    """Every sentence that would state a dealbreaker or the budget is left unsaid."""
    limits = _limits(persona)
    kept = [
        s
        for s in _sentences(text)
        if not (limits & set(content_words(s))) and not re.search(r"\$\s?\d|budget|\d+ dollars", s, re.I)
    ]
    return " ".join(kept) or "Hmm, let me think."


def tight_lipped() -> Restyled:
    return Restyled("tight-lipped", _keeps_quiet)


def chatty() -> Restyled:
    return Restyled("chatty", lambda text, persona: f"{text} {CHATTER}")


def terse() -> Restyled:
    return Restyled("terse", lambda text, persona: " ".join(text.split()[:6]))


def worrier() -> Restyled:
    return Restyled("worrier", lambda text, persona: f"{text} Ugh, I'm so worried I'll pick the wrong one.")


def jargon() -> Restyled:
    return Restyled("jargon", lambda text, persona: f"{text} How much RAM, which SSD, and how many GHz?")
