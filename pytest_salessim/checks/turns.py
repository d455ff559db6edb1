"""Turns: the conversation ends within `max_turns` shopper turns."""

from __future__ import annotations

from ..spec.model import Scenario
from ..transcript import Transcript
from .registry import register
from .result import CheckResult


@register("turns")
def turn_limit(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """The conversation ends within `max_turns` shopper turns."""
    used, limit = len(transcript.shopper_turns), scenario.checks.max_turns
    ended = transcript.decision.kind != "undecided"
    return CheckResult("turns", ended and used <= limit, f"{used} shopper turns (at most {limit})")
