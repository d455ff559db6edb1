"""What a conversation leaves behind: turns, tool calls, cards shown, the decision, timings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .judge.verdicts import Judgement


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict[str, Any]
    id: str = ""


@dataclass(frozen=True)
class ToolResult:
    call: ToolCall
    content: Any
    error: str | None = None
    product_ids: tuple[str, ...] = ()  # products the shopper saw through this call


@dataclass(frozen=True)
class Turn:
    """One message: the agent's (with product cards) or the shopper's (text, tool calls, or both)."""

    role: Literal["agent", "shopper"]
    text: str = ""
    cards: tuple[dict[str, Any], ...] = ()
    tool_results: tuple[ToolResult, ...] = ()
    seconds: float = 0.0

    @property
    def tool_calls(self) -> tuple[ToolCall, ...]:
        return tuple(r.call for r in self.tool_results)


@dataclass(frozen=True)
class Decision:
    kind: Literal["purchase", "no_purchase", "undecided"]
    product_id: str | None = None
    reason: str = ""
    hallucinated: bool = False

    def describe(self) -> str:
        if self.kind == "purchase":
            return f"purchase {self.product_id}" + (" (no such product)" if self.hallucinated else "")
        if self.kind == "no_purchase":
            return "no_purchase" + (f" ({self.reason})" if self.reason else "")
        if self.reason == "empty_reply":
            return "undecided (the shopper replied with nothing, twice)"
        return "undecided (ran out of turns)"


@dataclass(frozen=True)
class Usage:
    """Model calls and what they cost. `prompt_tokens` counts every input token, those read from the
    provider's prompt cache (`cached_tokens`) and those written to it (`cache_creation_tokens`) too."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    cached_tokens: int = 0
    cache_creation_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.calls + other.calls,
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.cost + other.cost,
            self.cached_tokens + other.cached_tokens,
            self.cache_creation_tokens + other.cache_creation_tokens,
        )

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            self.calls - other.calls,
            self.prompt_tokens - other.prompt_tokens,
            self.completion_tokens - other.completion_tokens,
            self.cost - other.cost,
            self.cached_tokens - other.cached_tokens,
            self.cache_creation_tokens - other.cache_creation_tokens,
        )


@dataclass(frozen=True)
class Transcript:
    scenario_id: str
    model: str
    seed: int
    turns: tuple[Turn, ...]
    decision: Decision
    seconds: float
    usage: Usage = field(default_factory=Usage)  # the shopper's model calls
    agent_usage: Usage = field(default_factory=Usage)
    judge_usage: Usage = field(default_factory=Usage)
    judged_disclosures: tuple[str, ...] | None = None  # from --salessim-judge-model
    judgements: tuple[Judgement, ...] | None = None  # the judged dimensions (judge/); None: no judge

    @property
    def shopper_turns(self) -> tuple[Turn, ...]:
        return tuple(t for t in self.turns if t.role == "shopper")

    def first_shopper_text(self) -> str:
        return next((t.text for t in self.shopper_turns if t.text.strip()), "")

    def offered(self) -> set[str]:
        """Products recommended by the agent or seen by the shopper through its tools."""
        ids = {card["id"] for t in self.turns for card in t.cards}
        ids.update(pid for t in self.turns for r in t.tool_results for pid in r.product_ids)
        return ids

    def recommended(self) -> set[str]:
        return {card["id"] for t in self.turns if t.role == "agent" for card in t.cards}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (what `dataclasses.asdict` gives, built directly: this runs for every trial)."""
        return {
            "scenario_id": self.scenario_id,
            "model": self.model,
            "seed": self.seed,
            "turns": [
                {
                    "role": t.role,
                    "text": t.text,
                    "cards": [dict(c) for c in t.cards],
                    "tool_results": [
                        {
                            "call": {
                                "name": r.call.name,
                                "arguments": dict(r.call.arguments),
                                "id": r.call.id,
                            },
                            "content": r.content,
                            "error": r.error,
                            "product_ids": list(r.product_ids),
                        }
                        for r in t.tool_results
                    ],
                    "seconds": t.seconds,
                }
                for t in self.turns
            ],
            "decision": asdict(self.decision),
            "seconds": self.seconds,
            "usage": asdict(self.usage),
            "agent_usage": asdict(self.agent_usage),
            "judge_usage": asdict(self.judge_usage),
            "judged_disclosures": None if self.judged_disclosures is None else list(self.judged_disclosures),
            "judgements": None if self.judgements is None else [j.to_dict() for j in self.judgements],
            "shopper_turn_count": len(self.shopper_turns),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], judgements: tuple[Judgement, ...] | None = None) -> Transcript:
        """The transcript `to_dict` wrote (a recorded run, recorded/), read back as it was.

        The judge's records are rebuilt by the caller and passed as `judgements` (this module
        imports nothing above it). Raises KeyError, TypeError or ValueError on a malformed record.
        """

        def usage(value: Any) -> Usage:
            value = value or {}
            return Usage(
                int(value.get("calls", 0)),
                int(value.get("prompt_tokens", 0)),
                int(value.get("completion_tokens", 0)),
                float(value.get("cost", 0.0)),
                int(value.get("cached_tokens", 0)),
                int(value.get("cache_creation_tokens", 0)),
            )

        def result(value: dict[str, Any]) -> ToolResult:
            call = value["call"]
            return ToolResult(
                ToolCall(str(call["name"]), dict(call.get("arguments") or {}), str(call.get("id") or "")),
                value.get("content"),
                value.get("error"),
                tuple(str(p) for p in value.get("product_ids") or ()),
            )

        roles = {t["role"] for t in data["turns"]} - {"agent", "shopper"}
        if roles:
            raise ValueError(f"unknown role {sorted(map(str, roles))[0]!r}")
        decision = data["decision"]
        kind = decision["kind"]
        if kind not in ("purchase", "no_purchase", "undecided"):
            raise ValueError(f"unknown decision {kind!r}")
        disclosed = data.get("judged_disclosures")
        return cls(
            scenario_id=str(data["scenario_id"]),
            model=str(data["model"]),
            seed=int(data["seed"]),
            turns=tuple(
                Turn(
                    "agent" if t["role"] == "agent" else "shopper",
                    str(t.get("text") or ""),
                    tuple(dict(c) for c in t.get("cards") or ()),
                    tuple(result(r) for r in t.get("tool_results") or ()),
                    float(t.get("seconds") or 0.0),
                )
                for t in data["turns"]
            ),
            decision=Decision(
                kind,
                decision.get("product_id"),
                str(decision.get("reason") or ""),
                bool(decision.get("hallucinated")),
            ),
            seconds=float(data.get("seconds") or 0.0),
            usage=usage(data.get("usage")),
            agent_usage=usage(data.get("agent_usage")),
            judge_usage=usage(data.get("judge_usage")),
            judged_disclosures=None if disclosed is None else tuple(str(c) for c in disclosed),
            judgements=judgements,
        )
