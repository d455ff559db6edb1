"""The records a run keeps of its items, as plain JSON: what crosses from the items to the reports.

An item's record is made on the worker that played it and carried on pytest's test report, so it
survives pytest-xdist; the reports, the baseline gate, the figures and the training export read it.
Each is a TypedDict, so that mypy checks the keys every reader uses.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypedDict, cast

from .settings import Settings

if TYPE_CHECKING:
    from .judge.verdicts import DimensionSummary
    from .report.spool import RecordSpool


class CheckRecord(TypedDict):
    name: str
    passed: bool
    detail: str
    failure_class: str | None
    turns: list[int]


class DecisionRecord(TypedDict):
    kind: Literal["purchase", "no_purchase", "undecided"]
    product_id: str | None
    reason: str
    hallucinated: bool


class _UsageRecord(TypedDict):
    calls: int
    prompt_tokens: int  # every input token, the cached and cache-creation ones too
    completion_tokens: int
    cost: float


class UsageRecord(_UsageRecord, total=False):
    """Model calls and what they cost. (Optional keys by subclassing: Python 3.10 has no NotRequired.)"""

    cached_tokens: int  # input tokens read from the provider's prompt cache
    cache_creation_tokens: int  # input tokens written to it (absent in older records)


# Whose model calls a usage counts: the shopper's, the sales agent's, the judge's.
UsageKey = Literal["usage", "agent_usage", "judge_usage"]
USAGE_KEYS: tuple[UsageKey, ...] = ("usage", "agent_usage", "judge_usage")


class _TrialRecord(TypedDict):
    seed: int
    passed: bool
    aligned: bool
    failure_class: str | None
    decision: DecisionRecord
    decision_text: str
    checks: list[CheckRecord]
    first_turn_disclosures: int
    first_turn_disclosures_judge: int | None
    shopper_turns: int
    seconds: float
    usage: UsageRecord
    agent_usage: UsageRecord
    judge_usage: UsageRecord
    shopper_text: str


class TrialRecord(_TrialRecord, total=False):
    """One conversation of an item."""

    transcript: dict[str, Any]  # Transcript.to_dict(); not in what the run keeps in memory
    judgements: list[dict[str, Any]]  # the judged dimensions, when a judge was given (JudgementRecord)
    dimensions: dict[str, DimensionSummary]  # each judged dimension summarized: what the figures read


class ExpectedRecord(TypedDict):
    decision: Literal["purchase", "no_purchase"]
    any_of: list[str]


class CriterionRecord(TypedDict):
    text: str
    hard: bool
    rule: str | None  # described: `price <= 500`
    meets: list[str] | None  # the products that meet it, by a list in the spec or the judge's verdicts


class BudgetRecord(TypedDict):
    max: float
    currency: str
    flexible: float
    ceiling: float


class PersonaRecord(TypedDict):
    """Who the shopper is, as the report shows it beside each item."""

    name: str
    age: int | None
    background: str
    speaking_style: str
    personality: dict[str, str]
    emotion: str
    knowledge: str | None
    budget: BudgetRecord | None
    criteria: list[CriterionRecord]


class PersuasionRecord(TypedDict):
    variants_tried: int
    flipped: int
    tactics: dict[str, dict[str, int]]
    conversations: int
    search_usage: dict[UsageKey, UsageRecord]
    examples_to_failure: int | None
    minimal_variant: dict[str, Any] | None


class _ItemRecord(TypedDict):
    nodeid: str
    file: str
    scenario: str
    category: str
    tags: list[str]
    model: str
    kind: Literal["scenario", "persuasion"]
    expected: ExpectedRecord
    expected_text: str
    passed: bool
    pass_rate: float
    min_pass_rate: float
    trials: list[TrialRecord]


class ItemRecord(_ItemRecord, total=False):
    """One item: its scenario, model, outcome and every trial."""

    persuasion: PersuasionRecord  # persuasion items only
    persona: PersonaRecord  # who the shopper is (the report's persona panel)


def in_memory(record: ItemRecord) -> ItemRecord:
    """What the run keeps of an item once its whole record is on disk (report/spool.py): everything the
    figures, the summary and the baseline gate read, without the bulk (transcripts, checks, the judge's
    votes, the persona); the strings that many records repeat, and the usage of no model call, are
    shared (read, never written to: the records in memory are the figures' input only)."""
    trials: list[TrialRecord] = []
    for trial in record["trials"]:
        kept = cast(TrialRecord, {k: v for k, v in trial.items() if k not in ("transcript", "judgements")})
        kept["checks"] = []
        kept["decision_text"] = sys.intern(kept["decision_text"])
        if kept["failure_class"] is not None:
            kept["failure_class"] = sys.intern(kept["failure_class"])
        for party in USAGE_KEYS:
            if not any(kept[party].values()):
                kept[party] = _NO_CALLS
        trials.append(kept)
    item = cast(ItemRecord, {**{k: v for k, v in record.items() if k != "persona"}, "trials": trials})
    for key in ("file", "category", "model", "kind", "expected_text"):
        item[key] = sys.intern(item[key])
    item["tags"] = [sys.intern(tag) for tag in item["tags"]]
    return item


_NO_CALLS: UsageRecord = {
    "calls": 0,
    "prompt_tokens": 0,
    "completion_tokens": 0,
    "cost": 0.0,
    "cached_tokens": 0,
    "cache_creation_tokens": 0,
}


def report_order(records: list[ItemRecord], models: list[str]) -> list[int]:
    """The indices of the records in the reports' order: by model (as given), then node id, whatever
    order pytest-xdist finished them in."""
    rank = {m: i for i, m in enumerate(models)}
    return sorted(
        range(len(records)), key=lambda i: (rank.get(records[i]["model"], len(rank)), records[i]["nodeid"])
    )


def figure_order(record: ItemRecord) -> tuple[str, str]:
    """The order the figures read records in, whatever order they arrived in: by spec file, then node
    id. A recorded item (recorded/) keeps the place its played item had, so float sums come out the same."""
    return record["file"], record["nodeid"]


class NotPlayed(TypedDict):
    """An item that errored or was skipped: it has no record, only the reason."""

    nodeid: str
    model: str
    outcome: Literal["error", "skipped"]
    reason: str


@dataclass(frozen=True)
class RunResults:
    """Everything the reports need of a run, as a value: no run object, no pytest."""

    records: list[ItemRecord]
    models: list[str]
    settings: Settings
    errors: Mapping[str, int] = field(default_factory=dict)
    skipped: Mapping[str, int] = field(default_factory=dict)
    not_played: list[NotPlayed] = field(default_factory=list)
    spool: RecordSpool | None = None  # the whole records, when `records` holds only what `in_memory` keeps

    @property
    def rootdir(self) -> Path:
        return self.settings.rootdir

    def played(self) -> Iterator[tuple[ItemRecord, int]]:
        """Every record whole, in the reports' order, one at a time (read back from the spool), with the
        line of transcripts.jsonl its first conversation is on (1-based)."""
        order = report_order(self.records, self.models)
        whole = iter(self.records[i] for i in order) if self.spool is None else self.spool.records(order)
        line = 1
        for index, record in zip(order, whole, strict=True):
            yield record, line
            line += len(self.records[index]["trials"])
