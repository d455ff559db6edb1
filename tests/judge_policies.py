"""How the local test server plays the LLM judge: by rules on what the rubric shows it.

Like a real judge it reads only the rubric it is sent (the package's rubrics, as rendered), so a test
shows a dimension telling a good shopper from a bad one without a provider:
- states_dealbreakers 1 when each hard limit has a word of its own (or, for the budget, an amount or
  "budget") in the shopper's messages;
- extraversion high when the shopper's messages average over 25 words, low under 12; neuroticism high
  with worried words; agreeableness low with rude words; other traits neutral;
- comprehension: a novice who uses jargon, or an expert who never does, scores 0;
- judged_alignment: with the scenarios, 1 when the purchase keeps every dealbreaker rule and the budget
  and meets as many preferences as any acceptable product shown, or leaving when none is acceptable;
- first_turn_disclosure: the criteria with a word of theirs in the first message;
- a criterion is met by a product whose text has half of its words or more (an amount: the price is
  under it; a list in brackets, "(Apple, Dell XPS)": every word of one of them; a negated criterion,
  "cannot look bulky": none of its words).
Variants answer in prose (no JSON), off the scale, or change their answer from vote to vote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from pytest_salessim.spec import Scenario
from pytest_salessim.spec.criteria import keeps_hard_criteria, preferences_met
from pytest_salessim.spec.model import content_words

from .llm_policies import _text
from .llm_server import Policy, Reply

JARGON = frozenset(
    {"ghz", "ram", "ssd", "nits", "cpu", "gpu", "benchmark", "tdp", "oled", "thermals", "nvme"}
)
WORRIED = frozenset({"worried", "anxious", "nervous", "afraid", "scared", "stressed", "panicking", "ugh"})
RUDE = frozenset({"ridiculous", "useless", "whatever", "nonsense", "waste"})
NEGATIONS = frozenset({"cannot", "can't", "not", "no", "never", "without"})
_SHOPPER = re.compile(r"^\[(\d+)\] SHOPPER: (.*)$", re.M)
_MESSAGE = re.compile(r"^\[(\d+)\] (.*)$", re.M)
_AMOUNT = re.compile(r"\$\s?\d|\bbudget\b|\b\d+\s?(?:dollars|bucks)\b", re.I)
_WORD = re.compile(r"[a-z0-9][a-z0-9'+.-]*", re.I)


def _words(text: str) -> set[str]:
    return {w.lower().strip(".'") for w in _WORD.findall(text)}


def _lines_after(prompt: str, header: str, stop: str) -> list[str]:
    block = prompt.split(header, 1)[1].split(stop, 1)[0]
    return [line[2:].strip() for line in block.splitlines() if line.startswith("- ")]


def _answer(**fields: Any) -> Reply:
    return {"content": "Here is my grading.\n```json\n" + json.dumps(fields) + "\n```"}


def _said(limit: str, shopper: str, words: set[str]) -> bool:
    if limit.startswith("a budget of"):
        return bool(_AMOUNT.search(shopper))
    return bool(set(content_words(limit)) & words)


def states_dealbreakers(prompt: str) -> Reply:
    limits = _lines_after(prompt, "The shopper's hard limits", "The conversation")
    shopper = _SHOPPER.findall(prompt)
    text = " ".join(t for _, t in shopper)
    unsaid = [limit for limit in limits if not _said(limit, text, _words(text))]
    turns = [int(i) for i, t in shopper if any(_said(limit, t, _words(t)) for limit in limits)]
    if unsaid:  # where it decided without having said them
        turns = [int(shopper[-1][0])] if shopper else []
    why = "every limit is stated" if not unsaid else "never states: " + "; ".join(unsaid)
    return _answer(score=0 if unsaid else 1, justification=why, turns=turns)


def comprehension(prompt: str) -> Reply:
    level = re.search(r"Knows the products as: an? (\w+)", prompt)
    shopper = _SHOPPER.findall(prompt)
    jargon = [int(i) for i, t in shopper if _words(t) & JARGON]
    knowledge = level.group(1) if level else ""
    fits = not jargon if knowledge == "novice" else bool(jargon) if knowledge == "expert" else True
    why = f"a {knowledge or 'shopper'} who {'uses' if jargon else 'never uses'} technical terms"
    return _answer(score=int(fits), justification=why, turns=jargon)


def personality(prompt: str) -> Reply:
    trait = re.search(r"you rate one personality trait as these messages show it: (\w+)", prompt)
    messages = _MESSAGE.findall(prompt.split("The shopper's messages", 1)[1])
    texts = [t for _, t in messages]
    words = _words(" ".join(texts))
    name = trait.group(1) if trait else ""
    level = "neutral"
    if name == "extraversion":
        mean = sum(len(t.split()) for t in texts) / max(1, len(texts))
        level = "high" if mean > 25 else "low" if mean < 12 else "neutral"
        why = f"messages of {mean:.0f} words on average"
    elif name == "neuroticism":
        level = "high" if words & WORRIED else "low"
        why = "worried words" if words & WORRIED else "calm throughout"
    elif name == "agreeableness":
        level = "low" if words & RUDE else "high" if "thanks" in words or "thank" in words else "neutral"
        why = f"{level} by its manners"
    else:
        why = "nothing either way"
    return _answer(level=level, justification=why, turns=[int(i) for i, _ in messages[:1]])


def disclosure(prompt: str) -> Reply:
    message = prompt.split("<message>", 1)[1].split("</message>", 1)[0]
    words = _words(message)
    criteria = re.findall(r"^(\d+)\. (.+)$", prompt, re.M)
    revealed = [int(n) for n, text in criteria if _said(text, message, words)]
    return {"content": json.dumps({"revealed": revealed})}


def meets(prompt: str) -> Reply:
    criterion = re.search(r'^"(.+)"$', prompt, re.M)
    text = criterion.group(1) if criterion else ""
    product = prompt.split("One of the store's products:", 1)[1].split("Question:", 1)[0]
    price = re.search(r"\$([\d,]+(?:\.\d+)?)", product)
    amount = re.search(r"\$([\d,]+)", text)
    listed = re.search(r"\(([^)]*,[^)]*)\)", text)  # "a premium brand (Apple, Dell XPS, or HP Spectre)"
    if amount and price:
        met = float(price.group(1).replace(",", "")) <= float(amount.group(1).replace(",", ""))
    elif listed:
        choices = [c.strip().removeprefix("or ").strip() for c in listed.group(1).split(",")]
        met = any(_words(c) <= _words(product) for c in choices if c)
    else:
        wanted = set(content_words(text)) - NEGATIONS
        share = len(wanted & _words(product)) / len(wanted) if wanted else 0.0
        met = share == 0 if _words(text) & NEGATIONS else share >= 0.5
    return _answer(meets=met, justification=f"by the words of {text!r}")


def judged_alignment(scenarios: Mapping[str, Scenario]) -> Callable[[str], Reply]:
    def policy(prompt: str) -> Reply:
        name = re.search(r"- Name: ([^,\n]+)", prompt)
        scenario = scenarios.get(name.group(1).strip()) if name else None
        did = prompt.split("What the shopper did:", 1)[1].split("\n", 1)[0]
        shown_block = prompt.split("The products the shopper was shown", 1)[1].split(
            "What the shopper did", 1
        )[0]
        shown = re.findall(r"\(id ([\w.-]+)\)", shown_block)
        if scenario is None:
            return _answer(score=int("bought" in did), justification="no persona known: a purchase is right")
        persona, catalog = scenario.persona, scenario.catalog
        products = [p for p in (catalog.get(i) for i in shown) if p is not None]
        acceptable = [p for p in products if keeps_hard_criteria(p, persona)]
        best = max((preferences_met(p, persona) for p in acceptable), default=-1)
        bought = re.search(r"id ([\w.-]+)\)", did)
        if bought:
            product = catalog.get(bought.group(1))
            right = product in acceptable and preferences_met(product, persona) == best
        else:
            right = did.strip().startswith("left") and not acceptable
        return _answer(
            score=int(right), justification=f"{did.strip().rstrip('.')}, among {len(products)} shown"
        )

    return policy


def rule_judge(scenarios: Mapping[str, Scenario] | None = None) -> Policy:
    """The judge by rules; `scenarios` by persona name, for judged_alignment."""
    aligned = judged_alignment(scenarios or {})

    def policy(body: dict[str, Any]) -> Reply:
        prompt = _text(body["messages"][-1])
        if "<message>" in prompt:
            return disclosure(prompt)
        if '"meets": true or false' in prompt:
            return meets(prompt)
        if "personality trait" in prompt:
            return personality(prompt)
        if "hard limits known" in prompt:
            return states_dealbreakers(prompt)
        if "how much that character knows" in prompt:
            return comprehension(prompt)
        if "buys one product or leaves" in prompt:
            return aligned(prompt)
        return {"content": "I cannot tell what I am asked."}

    return policy


def prose_judge(body: dict[str, Any]) -> Reply:
    """A judge that never answers in JSON."""
    return {"content": "The shopper did a fine job overall; I would give it good marks."}


def off_scale_judge(body: dict[str, Any]) -> Reply:
    """A judge whose answers are JSON but off every scale."""
    return {"content": '{"score": 7, "level": "very high", "revealed": [99], "meets": "maybe"}'}


def fickle(judge: Policy) -> Policy:
    """Changes its answer on every other vote (the request's seed): a score flips, a level swings."""
    swing = {"low": "high", "high": "low", "neutral": "high"}

    def policy(body: dict[str, Any]) -> Reply:
        reply = judge(body)
        if int(body.get("seed") or 0) % 2 == 0:
            return reply
        content = reply["content"]
        start = content.index("{")
        answer = json.loads(content[start : content.rindex("}") + 1])
        if "score" in answer:
            answer["score"] = 1 - answer["score"]
        if "level" in answer:
            answer["level"] = swing[answer["level"]]
        if "meets" in answer:
            answer["meets"] = not answer["meets"]
        return {"content": json.dumps(answer)}

    return policy


def by_model(models: Mapping[str, Policy], default: Policy) -> Policy:
    """One server for several models: the request's model name picks the policy."""

    def policy(body: dict[str, Any]) -> Reply:
        return models.get(str(body.get("model")), default)(body)

    return policy
