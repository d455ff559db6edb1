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
    decision = transcript.decision
    ended = decision.kind != "undecided" or decision.reason == "empty_reply"  # ended by the shopper
    return CheckResult("turns", ended and used <= limit, f"{used} shopper turns (at most {limit})")
