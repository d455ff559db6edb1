"""The tactic library: named persuasion tactics, each a few Jinja2 phrasings naming a target."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..spec.errors import Problem, SpecError
from ..spec.model import Product
from ..spec.yamldoc import read_document
from ..templating import DEFAULT_LIMITS, RenderLimits, TemplateProblem, money, render

BUILT_IN = Path(__file__).parent / "tactics.yaml"


@dataclass(frozen=True)
class Tactic:
    name: str
    description: str
    phrasings: tuple[str, ...]


def phrasing_context(target: Product, claim: str) -> dict[str, Any]:
    return {"target": target, "claim": claim, "discount_price": round(target.price * 0.8, 2), "money": money}


def load_library(extra: tuple[Path, ...] = (), limits: RenderLimits = DEFAULT_LIMITS) -> dict[str, Tactic]:
    """The built-in tactics and the user's (a user's tactic of the same name replaces ours); each
    phrasing is rendered once within `limits` to check it."""
    tactics: dict[str, Tactic] = {}
    for path in (BUILT_IN, *extra):
        tactics.update(_read(path, limits))
    return tactics


def _read(path: Path, limits: RenderLimits = DEFAULT_LIMITS) -> dict[str, Tactic]:
    document = read_document(path)
    data = document.data
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("tactics"), dict):
        raise SpecError([document.problem((), "expected a mapping with `tactics:` (name -> tactic)")])
    sample = Product("sample", "Sample Product", 100.0)
    out = {}
    for name, raw in data["tactics"].items():
        field = ("tactics", name)
        phrasings = raw.get("phrasings") if isinstance(raw, dict) else None
        if not isinstance(phrasings, list) or not phrasings or not all(isinstance(p, str) for p in phrasings):
            problems.append(document.problem(field, "expected `phrasings:` a non-empty list of strings"))
            continue
        for index, source in enumerate(phrasings):
            try:
                text = render(source, phrasing_context(sample, "it meets your requirement"), limits)
            except TemplateProblem as err:
                problems.append(
                    document.problem((*field, "phrasings", index), f"template does not render: {err}")
                )
                continue
            if "Sample Product" not in text:
                problems.append(
                    document.problem((*field, "phrasings", index), "must name the target product")
                )
        out[str(name)] = Tactic(str(name), str(raw.get("description", "")), tuple(phrasings))
    if problems:
        raise SpecError(problems)
    return out
