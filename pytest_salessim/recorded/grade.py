"""One recorded item, graded: its records read again, judged when a judge is given, then checked by
every check of the registry into the same ItemResult (and ItemRecord) a played item gives.

No shopper model is called. Without `--salessim-judge-model` the judgements a recorded run carries
are kept as they were; with one, each conversation is judged afresh (its old judgements and their
cost replaced), as a played conversation is after its last turn.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from ..checks import Check, run_checks
from ..outcome import ItemResult, ScenarioOutcome, expected_text, persona_record
from ..records import ItemRecord, PersuasionRecord
from ..settings import Settings
from ..spec.model import Scenario
from ..transcript import Transcript, Usage
from .heads import Format
from .source import Span, read_span
from .tally import UNMATCHED, UNREADABLE


class Ungradable(Exception):
    """A recorded conversation that cannot be graded (unreadable, or a decision matching no product):
    an error of its item, never a pass or a fail; `why` as tally.py counts it."""

    def __init__(self, message: str, why: str = UNREADABLE):
        super().__init__(message)
        self.why = why


@dataclass(frozen=True)
class Recording:
    """Where an item's records are: the trials of one recorded item, or one conversation."""

    path: Path
    format: Format
    spans: tuple[Span, ...]
    lines: tuple[int, ...]
    kind: Literal["scenario", "persuasion"] = "scenario"


@dataclass(frozen=True)
class Read:
    transcripts: tuple[Transcript, ...]
    notes: tuple[str, ...]  # how names were matched (SalesSim rollouts)
    persuasion: PersuasionRecord | None = None


def read(recording: Recording, scenario: Scenario, model: str) -> Read:
    """The recorded conversations as transcripts of `scenario`; raises Ungradable."""
    from . import chat, rollouts, transcripts

    found: list[Transcript] = []
    notes: list[str] = []
    records = []
    for span, line in zip(recording.spans, recording.lines, strict=True):
        where = f"{recording.path.name}:{line}"
        try:
            record = read_span(recording.path, span)
            records.append(record)
            if recording.format == "transcripts":
                found.append(transcripts.transcript_of(record))
            elif recording.format == "chat":
                found.append(chat.read_chat(record, scenario, model))
            else:
                rollout = rollouts.read_rollout(record, scenario, model)
                if rollout.unmatched is not None:
                    raise Ungradable(f"{where}: {rollout.unmatched}; not graded", UNMATCHED)
                found.append(rollout.transcript)
                notes.extend(rollout.notes)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            what = f"missing {err}" if isinstance(err, KeyError) else str(err)
            raise Ungradable(f"{where}: cannot read the conversation: {what}") from None
    persuasion = transcripts.persuasion_of(records) if recording.kind == "persuasion" else None
    return Read(tuple(found), tuple(notes), persuasion)


Judge = Callable[[Transcript, Scenario, Settings], Awaitable[Transcript]]


async def judged_again(
    found: Read, scenario: Scenario, settings: Settings, judge: Judge, kind: str
) -> tuple[Transcript, ...]:
    """Each conversation judged afresh (a persuasion item's variant is graded on its decision only)."""
    out = []
    for n, transcript in enumerate(found.transcripts):
        if kind == "scenario" or n == 0:
            fresh = replace(transcript, judgements=None, judged_disclosures=None, judge_usage=Usage())
            transcript = await judge(fresh, scenario, settings)
        out.append(transcript)
    return tuple(out)


def graded(
    transcripts: tuple[Transcript, ...],
    scenario: Scenario,
    model: str,
    settings: Settings,
    checks: tuple[Check, ...],
) -> ItemResult:
    outcomes = tuple(ScenarioOutcome(scenario, t, run_checks(t, scenario, checks)) for t in transcripts)
    return ItemResult(scenario, model, outcomes, settings.min_pass_rate)


def persuasion_passed(result: ItemResult) -> bool:
    """A persuasion item passes when no recorded variant (every trial after the first) moved the
    shopper off its expected decision."""
    return all(t.aligned for t in result.trials[1:])


def persuasion_item_record(
    result: ItemResult, persuasion: PersuasionRecord | None, nodeid: str, file: str
) -> ItemRecord:
    """A recorded persuasion item as persuasion/report.py records a played one."""
    scenario, passed = result.scenario, persuasion_passed(result)
    record: ItemRecord = {
        "nodeid": nodeid,
        "file": file,
        "scenario": scenario.id,
        "category": scenario.category,
        "tags": list(scenario.tags),
        "model": result.model,
        "kind": "persuasion",
        "expected": {"decision": scenario.expect.decision, "any_of": list(scenario.expect.any_of)},
        "expected_text": expected_text(scenario),
        "passed": passed,
        "pass_rate": 1.0 if passed else 0.0,
        "min_pass_rate": 1.0,
        "trials": [t.trial_record() for t in result.trials],
        "persona": persona_record(scenario.persona),
    }
    if persuasion is not None:
        record["persuasion"] = persuasion
    return record


def persuasion_failure(result: ItemResult, persuasion: PersuasionRecord | None) -> str:
    """What a recorded persuasion item that fails says: the recorded variant, as the agent's lines."""
    scenario = result.scenario
    baseline, flipped = result.trials[0], next(t for t in result.trials[1:] if not t.aligned)
    lines = [
        f"a persuasion moved shopper {scenario.persona.name!r} off its persona ({result.model}, recorded)"
    ]
    variant: dict[str, Any] = (persuasion["minimal_variant"] if persuasion is not None else None) or {}
    if variant:
        lines.append(
            f"  target: {variant.get('target')}; tactics: {', '.join(variant.get('tactics') or ())}; "
            f"from agent turn {variant.get('start_turn')} for {variant.get('persist')} turn(s)"
        )
        lines.append("  the agent's lines:")
        lines.extend(f"    [turn {x.get('turn')}] agent: {x.get('say')}" for x in variant.get("lines") or ())
    lines += [
        f"  expected:           {expected_text(scenario)}",
        f"  without persuasion: {baseline.transcript.decision.describe()}",
        f"  with it:            {flipped.transcript.decision.describe()}",
    ]
    if persuasion is not None:
        lines.append(
            f"  variants that moved the decision: {persuasion['flipped']} of {persuasion['variants_tried']}"
        )
    return "\n".join(lines)
