"""An optional LLM judge of over-disclosure: which criteria the first shopper message reveals."""

from __future__ import annotations

import json
import re

from .llm_client import ModelClient
from .spec.model import Persona
from .transcript import Usage

JUDGE_PROMPT = """A shopper wrote this first message to a sales agent:

<message>
{message}
</message>

The shopper's criteria are:
{criteria}

Which of these criteria does the message reveal, explicitly or by clear implication? Answer with \
JSON only, like {{"revealed": [1, 3]}} (the numbers of the criteria; [] if none)."""


def criteria_list(persona: Persona) -> list[str]:
    items = [c.text for c in persona.criteria]
    if persona.budget is not None:
        items.append(f"a budget of at most {persona.budget.max:g}")
    return items


async def judge_disclosures(
    client: ModelClient, persona: Persona, message: str
) -> tuple[tuple[str, ...], Usage]:
    """The criteria the judge says `message` reveals, and what asking cost."""
    items = criteria_list(persona)
    numbered = "\n".join(f"{i}. {text}" for i, text in enumerate(items, 1))
    prompt = JUDGE_PROMPT.format(message=message, criteria=numbered)
    completion = await client.complete([{"role": "user", "content": prompt}])
    text = completion.message["content"]
    match = re.search(r"\{.*\}", text, re.S)
    numbers: list[int] = []
    if match:
        try:
            numbers = [int(n) for n in json.loads(match.group(0)).get("revealed", [])]
        except (ValueError, TypeError, AttributeError):
            numbers = []
    revealed = tuple(items[n - 1] for n in sorted(set(numbers)) if 1 <= n <= len(items))
    return revealed, completion.usage
