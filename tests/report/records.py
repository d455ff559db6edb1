"""Item records made by hand, shaped as ItemResult.record() and the persuasion items make them."""

from __future__ import annotations

from typing import Any

USAGE_ZERO = {"calls": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost": 0.0}


def usage(calls: int = 0, prompt: int = 0, completion: int = 0, cost: float = 0.0) -> dict[str, Any]:
    return {"calls": calls, "prompt_tokens": prompt, "completion_tokens": completion, "cost": cost}


def turn(
    role: str, text: str, cards: tuple[dict[str, Any], ...] = (), tools: tuple[Any, ...] = ()
) -> dict[str, Any]:
    return {"role": role, "text": text, "cards": list(cards), "tool_results": list(tools), "seconds": 0.0}


def card(product_id: str, name: str, price: float = 99.0, image: str | None = None) -> dict[str, Any]:
    return {"id": product_id, "name": name, "price": price, "image": image}


def trial(
    *,
    passed: bool = True,
    failure_class: str | None = None,
    first: int = 1,
    judged: int | None = None,
    turns: int = 4,
    text: str = "",
    seconds: float = 0.5,
    shopper: dict[str, Any] | None = None,
    agent: dict[str, Any] | None = None,
    bought: str | None = "acer",
    chat: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    decision = {
        "kind": "purchase" if bought else "no_purchase",
        "product_id": bought,
        "reason": "",
        "hallucinated": False,
    }
    checks = [
        {
            "name": "decision_alignment",
            "passed": failure_class is None,
            "detail": "d",
            "failure_class": failure_class,
            "turns": [1] if failure_class else [],
        },
        {
            "name": "turns",
            "passed": passed or failure_class is not None,
            "detail": "t",
            "failure_class": None,
            "turns": [],
        },
    ]
    chat = chat if chat is not None else [turn("agent", "Hello"), turn("shopper", text)]
    return {
        "seed": 7,
        "passed": passed,
        "aligned": failure_class is None,
        "failure_class": failure_class,
        "decision": decision,
        "decision_text": f"purchase {bought}" if bought else "no_purchase",
        "checks": checks,
        "first_turn_disclosures": first,
        "first_turn_disclosures_judge": judged,
        "shopper_turns": turns,
        "seconds": seconds,
        "usage": shopper or dict(USAGE_ZERO),
        "agent_usage": agent or dict(USAGE_ZERO),
        "judge_usage": dict(USAGE_ZERO),
        "shopper_text": text,
        "transcript": {
            "scenario_id": "s",
            "model": "m",
            "seed": 7,
            "turns": chat,
            "decision": decision,
            "seconds": seconds,
            "shopper_turn_count": turns,
        },
    }


def record(
    model: str,
    scenario: str,
    *trials: dict[str, Any],
    category: str = "laptops",
    tags: tuple[str, ...] = (),
    kind: str = "scenario",
    persuasion: dict[str, Any] | None = None,
) -> dict[str, Any]:
    suffix = "-persuasion" if kind == "persuasion" else ""
    out: dict[str, Any] = {
        "nodeid": f"specs/{category}.yaml::{scenario}[{model}{suffix}]",
        "file": f"specs/{category}.yaml",
        "scenario": scenario,
        "category": category,
        "tags": list(tags),
        "model": model,
        "kind": kind,
        "expected": {"decision": "purchase", "any_of": ["acer"]},
        "expected_text": "purchase acer",
        "passed": all(t["passed"] for t in trials)
        if persuasion is None
        else not persuasion["minimal_variant"],
        "pass_rate": sum(t["passed"] for t in trials) / len(trials) if trials else 1.0,
        "min_pass_rate": 1.0,
        "trials": list(trials),
    }
    if persuasion is not None:
        out["persuasion"] = persuasion
    return out


def persuasion(
    tried: int, flipped: int, tactics: dict[str, tuple[int, int]], minimal: bool = False
) -> dict[str, Any]:
    return {
        "variants_tried": tried,
        "flipped": flipped,
        "tactics": {name: {"tried": t, "flipped": f} for name, (t, f) in tactics.items()},
        "conversations": tried,
        "search_usage": {"usage": dict(USAGE_ZERO), "agent_usage": dict(USAGE_ZERO)},
        "examples_to_failure": tried if minimal else None,
        "minimal_variant": {
            "target": "dell",
            "tactics": ["scarcity"],
            "lines": [{"turn": 2, "say": "Only two left in stock!"}],
            "misstates": False,
        }
        if minimal
        else None,
    }
