"""`--salessim-export FILE`: every conversation of a run as chat-format JSONL, scored, for training.

One line per conversation (every trial of every item, persuasion trials included), in item order:
the shopper's side of the chat (`rewards/chat.py`), the reward signals and the checks, the outcome.
Every line has the same fields with the same types, so `datasets.load_dataset("json", ...)` reads
the file as one table: passing runs become SFT data, pairs of a scenario's passing and failing
conversations preference data.
"""

from __future__ import annotations

import contextlib
import json
import warnings
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..records import ItemRecord, TrialRecord
from ..report.json_report import ordered, relative_images, write_jsonl
from ..spec import Scenario, SpecError, load_spec
from .chat import chat_messages, openai_tools, persona_prompt
from .scores import JUDGED_SIGNALS, combine, disclosure_score, lexical_variety

if TYPE_CHECKING:
    from ..records import RunResults
    from ..settings import Settings


class _Scenarios:
    """The run's scenarios, read again from their spec files (once per file) for the personas."""

    def __init__(self, rootdir: Path):
        self.rootdir = rootdir
        self.files: dict[str, dict[str, Scenario]] = {}

    def get(self, file: str, scenario_id: str) -> Scenario:
        if file not in self.files:
            scenarios = load_spec(self.rootdir / file, self.rootdir)
            self.files[file] = {s.id: s for s in scenarios}
        return self.files[file][scenario_id]


def _usage(usage: Mapping[str, Any] | None) -> dict[str, Any]:
    usage = usage or {}
    return {
        "calls": int(usage.get("calls", 0)),
        "prompt_tokens": int(usage.get("prompt_tokens", 0)),
        "completion_tokens": int(usage.get("completion_tokens", 0)),
        "cost": float(usage.get("cost", 0.0)),
        "cached_tokens": int(usage.get("cached_tokens", 0)),
        "cache_creation_tokens": int(usage.get("cache_creation_tokens", 0)),
    }


def checks(trial: TrialRecord) -> dict[str, bool]:
    return {check["name"]: bool(check["passed"]) for check in trial["checks"]}


def run_scores(trial: TrialRecord, scenario: Scenario, variety: float) -> dict[str, float]:
    """The reward signals of a conversation as the run judged it (its grading, its judge's verdicts)."""
    judged = trial.get("first_turn_disclosures_judge")
    revealed = trial["first_turn_disclosures"] if judged is None else judged
    return {
        "decision_alignment": float(trial["aligned"]),
        "dealbreakers": float(checks(trial)["dealbreakers"]),
        "disclosure": disclosure_score(int(revealed), scenario),
        "variety": variety,
        **{  # the judged dimensions the judge scored (an unjudged one is no signal)
            name: float(summary["score"])
            for name, summary in (trial.get("dimensions") or {}).items()
            if name in JUDGED_SIGNALS and summary["judged"] and summary["score"] is not None
        },
    }


def export_rows(
    records: list[ItemRecord],
    models: list[str],
    settings: Settings,
    whole: Iterable[ItemRecord] | None = None,
) -> Iterator[dict[str, Any]]:
    """One row per conversation. Variety compares a conversation's shopper text with the same
    model's conversations of the other scenarios in its category (the run's TF-IDF figure).

    `whole` gives the records with their transcripts, in the order `ordered` gives `records` (read
    back one at a time from the run's spool); by default `records` themselves are whole."""
    scenarios = _Scenarios(settings.rootdir)
    tools = json.dumps(openai_tools(), ensure_ascii=False)
    kept = ordered(records, models)
    played = [(record, trial) for record in kept for trial in record["trials"]]
    variety = lexical_variety(
        [trial["shopper_text"] for _, trial in played],
        [(record["model"], record["category"]) for record, _ in played],
        [(record["file"], record["scenario"]) for record, _ in played],
    )
    del played
    conversations = (
        (record, index, trial)
        for record in (kept if whole is None else whole)
        for index, trial in enumerate(record["trials"])
    )
    for (record, index, trial), varied in zip(conversations, variety, strict=True):
        scenario = scenarios.get(record["file"], record["scenario"])
        transcript = relative_images(trial.get("transcript") or {}, settings.rootdir)
        scores = run_scores(trial, scenario, varied)
        kind = record.get("kind", "scenario")
        decision = trial["decision"]
        yield {
            "messages": chat_messages(transcript, persona_prompt(scenario, settings.shopper_prompt)),
            "tools": tools,
            "scores": {**scores, "combined": combine(scores)},
            "checks": checks(trial),
            "outcome": "passed" if trial["passed"] else "failed",
            "aligned": bool(trial["aligned"]),
            "failure_class": trial["failure_class"],
            "model": record["model"],
            "scenario": record["scenario"],
            "category": record["category"],
            "file": record["file"],
            "nodeid": record["nodeid"],
            "kind": kind,
            "trial": index,
            "persuaded": kind == "persuasion" and index > 0,  # a persuasion item's flipping variant
            "seed": int(trial["seed"]),
            "expected": {
                "decision": record["expected"]["decision"],
                "any_of": list(record["expected"]["any_of"]),
            },
            "decision": {
                "kind": decision["kind"],
                "product_id": decision["product_id"],
                "reason": str(decision.get("reason") or ""),
                "hallucinated": bool(decision.get("hallucinated")),
            },
            "first_turn_disclosures": int(trial["first_turn_disclosures"]),
            "shopper_turns": int(trial["shopper_turns"]),
            "usage": _usage(trial.get("usage")),
        }


def export_conversations(path: Path, results: RunResults) -> int | None:
    """Write the export; returns the conversations written (None, with a warning, when it cannot)."""
    settings = results.settings
    whole = (record for record, _ in results.played())
    partial = path.with_name(path.name + ".partial")  # the export appears whole or not at all
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        written = write_jsonl(partial, export_rows(results.records, results.models, settings, whole))
        partial.replace(path)
    except (OSError, SpecError, KeyError) as err:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        message = err.render(settings.rootdir) if isinstance(err, SpecError) else str(err)
        warnings.warn(
            pytest.PytestWarning(f"salessim: could not write the export {path}: {message}"), stacklevel=1
        )
        return None
    return written
