"""The validated, immutable form of a spec file: what every later step reads."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from ..templating import DEFAULT_LIMITS, RenderLimits
from .rules import Rule

Scalar = Any  # a YAML scalar or a list of them: what `attributes` holds


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    price: float
    description: str = ""
    features: tuple[str, ...] = ()
    attributes: Mapping[str, Scalar] = field(default_factory=lambda: MappingProxyType({}))
    image: Path | None = None

    def attribute(self, name: str) -> Scalar:
        """The value a rule reads: `price`, `name` or an attributes key (None when absent)."""
        if name == "price":
            return self.price
        if name == "name":
            return self.name
        return self.attributes.get(name)

    def card(self) -> dict[str, Any]:
        """What a sales agent shows with a recommendation."""
        return {
            "id": self.id,
            "name": self.name,
            "price": self.price,
            "image": str(self.image) if self.image else None,
        }

    def details(self) -> dict[str, Any]:
        """What `view_product` returns."""
        return {
            **self.card(),
            "description": self.description,
            "features": list(self.features),
            "attributes": dict(self.attributes),
        }


@dataclass(frozen=True)
class Catalog:
    products: tuple[Product, ...]

    def get(self, product_id: str) -> Product | None:
        return self._by_id.get(product_id)

    def __contains__(self, product_id: object) -> bool:
        return isinstance(product_id, str) and product_id in self._by_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.products)

    @cached_property
    def attributes(self) -> frozenset[str]:
        """What a rule may read: `price`, `name` and every attributes key of some product."""
        return frozenset({"price", "name"}).union(*(p.attributes for p in self.products))

    @cached_property
    def _by_id(self) -> dict[str, Product]:
        index: dict[str, Product] = {}
        for product in self.products:
            index.setdefault(product.id, product)  # the first of a duplicated id, as a scan would find
        return index


_STOP_WORDS = """
a an the and or but of to for in on at by with from as is are be been it its this that these
those i me my we our you your he she they them his her their not no nor so than too very can
could would should must need needs want wants like really just only also any some something
anything thing things one has have had having do does did will shall may might more most less
least much many over under about into out up down if then when what which who whom how why where
there here all each every both either neither absolutely definitely please prefer prefers
preferably ideally looking get got good nice great
"""
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"[a-z0-9][a-z0-9'+.-]*[a-z0-9+]|[a-z0-9]")


def content_words(text: str, ignore: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The words of `text` that carry meaning: what disclosing a criterion means by default."""
    words = (w.strip("'.") for w in _WORD.findall(text.lower()))
    seen: dict[str, None] = {}
    for word in words:
        if word and word not in _STOP and word not in ignore and not word.startswith("$"):
            seen.setdefault(word, None)
    return tuple(seen)


@dataclass(frozen=True)
class Criterion:
    """A preference (soft) or dealbreaker (hard) of a persona, decided by a `rule` or a `meets` list."""

    text: str
    rule: Rule | None
    keywords: tuple[str, ...]
    hard: bool
    meets: tuple[str, ...] | None = None  # the products that meet it, as a person or judge decided

    @property
    def decidable(self) -> bool:
        """True when the spec says which products meet it (by rule or by `meets`), without a judge."""
        return self.rule is not None or self.meets is not None

    def met_by(self, product: Product) -> bool | None:
        """Does `product` meet this criterion? None when the spec cannot say (free text only)."""
        if self.rule is not None:
            return self.rule.met_by(product)
        if self.meets is not None:
            return product.id in self.meets
        return None

    def needs(self, product: Product) -> str:
        """Why `product` misses this criterion, for a person: what it needs and what the product has."""
        if self.rule is not None:
            return f"needs {self.rule.describe()}, has {product.attribute(self.rule.attribute)!r}"
        if self.meets is not None:
            listed = ", ".join(self.meets) if self.meets else "no product"
            return f"met only by {listed}; {product.id} is not listed in `meets`"
        return "no rule or `meets` list"


Level = Literal["low", "neutral", "high"]
LEVELS: tuple[Level, ...] = ("low", "neutral", "high")
TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")
Knowledge = Literal["novice", "intermediate", "expert"]
KNOWLEDGE: tuple[Knowledge, ...] = ("novice", "intermediate", "expert")


@dataclass(frozen=True)
class Personality:
    """The Big Five, as far as the spec says: an unspecified trait is None (no level asked for)."""

    openness: Level | None = None
    conscientiousness: Level | None = None
    extraversion: Level | None = None
    agreeableness: Level | None = None
    neuroticism: Level | None = None

    def traits(self) -> dict[str, Level]:
        """The specified traits and their levels, in the Big Five's usual order."""
        return {t: level for t in TRAITS if (level := getattr(self, t)) is not None}

    def __bool__(self) -> bool:
        return bool(self.traits())


@dataclass(frozen=True)
class Budget:
    max: float
    currency: str = "USD"
    flexible: float = 0.0  # the share by which a price may exceed `max` (0.1: up to 10% over)

    @property
    def ceiling(self) -> float:
        """The most the shopper will pay: `max`, stretched by `flexible` (to the cent)."""
        return round(self.max * (1 + self.flexible), 2) if self.flexible else self.max


@dataclass(frozen=True)
class Persona:
    name: str
    age: int | None
    background: str
    speaking_style: str
    budget: Budget | None
    preferences: tuple[Criterion, ...]
    dealbreakers: tuple[Criterion, ...]
    personality: Personality = field(default_factory=Personality)
    emotion: str = ""  # how the shopper feels today, in the spec's words
    knowledge: Knowledge | None = None  # how well the shopper knows the products

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        return self.preferences + self.dealbreakers


@dataclass(frozen=True)
class Expectation:
    decision: Literal["purchase", "no_purchase"]
    any_of: tuple[str, ...] = ()


Grading = Literal["strict", "paper"]  # how decision alignment is graded: SPEC section 4, or the paper's
GRADINGS: tuple[Grading, ...] = ("strict", "paper")


@dataclass(frozen=True)
class CheckLimits:
    max_turns: int = 16
    max_first_turn_disclosures: int = 3
    grading: Grading = "strict"  # decision alignment: SPEC section 4, or the paper's
    require: tuple[str, ...] = ()  # judged dimensions (SPEC 11) whose majority score 0 fails the item


@dataclass(frozen=True)
class Persuasion:
    targets: tuple[str, ...]
    tactics: tuple[str, ...]
    max_examples: int | None


@dataclass(frozen=True)
class Trigger:
    """When a sales-agent rule fires: any of `words`, or a `regex` search."""

    words: tuple[str, ...] = ()
    regex: str | None = None


@dataclass(frozen=True)
class AgentLine:
    say: str
    recommend: tuple[str, ...] = ()
    when: Trigger | None = None


@dataclass(frozen=True)
class ScriptedAgentSpec:
    greeting: str
    rules: tuple[AgentLine, ...] = ()
    pitches: tuple[AgentLine, ...] = ()
    fallback: str = "Anything else you'd like to know?"
    limits: RenderLimits = DEFAULT_LIMITS  # of each render of its lines (and of persuasion lines said for it)


@dataclass(frozen=True)
class LLMAgentSpec:
    model: str
    instructions: str = ""
    limits: RenderLimits = DEFAULT_LIMITS  # of each persuasion line said for it


@dataclass(frozen=True)
class RetrievalAgentSpec:
    """`agent: {retrieval: {top_k}}`: recommends the catalog products that best match the shopper's words."""

    top_k: int = 3
    greeting: str = ""  # empty: a greeting naming the category
    limits: RenderLimits = DEFAULT_LIMITS  # of each render of its greeting (and of persuasion lines)


AgentSpec = ScriptedAgentSpec | LLMAgentSpec | RetrievalAgentSpec


@dataclass(frozen=True)
class Scenario:
    id: str
    category: str
    path: Path
    line: int
    persona: Persona
    catalog: Catalog
    agent: AgentSpec
    expect: Expectation
    checks: CheckLimits = field(default_factory=CheckLimits)
    tags: tuple[str, ...] = ()
    persuasion: Persuasion | None = None
    variant: tuple[tuple[str, Scalar], ...] = ()  # the `vary` values that made it: ((path, value), ...)

    def graded(self, grading: Grading) -> Scenario:
        """The scenario with decision alignment graded `grading` (`--salessim-grading` over its own)."""
        if self.checks.grading == grading:
            return self
        return replace(self, checks=replace(self.checks, grading=grading))
