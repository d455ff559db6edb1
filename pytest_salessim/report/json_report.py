"""results.json (every item and figure, versioned) and transcripts.jsonl (one conversation a line)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..metrics import usage_total, usages
from ..records import USAGE_KEYS, ItemRecord, TrialRecord, report_order

SCHEMA_VERSION = 1
SCHEMA_FILE = Path(__file__).with_name("results.schema.json")


def relative_images(value: Any, rootdir: Path) -> Any:
    """A copy of `value` whose `image` paths under the rootdir are relative to it (POSIX)."""
    return _relative_images(value, os.path.join(rootdir, ""))  # the root with its trailing separator


def _relative_images(value: Any, root: str) -> Any:
    if isinstance(value, dict):
        return {
            k: _relative(v, root) if k == "image" and isinstance(v, str) else _relative_images(v, root)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):  # records made in this process hold tuples, as dataclasses do
        return [_relative_images(v, root) for v in value]
    return value


def _relative(path: str, root: str) -> str:
    return path[len(root) :].replace(os.sep, "/") if path.startswith(root) else path


def item_usage(record: ItemRecord) -> dict[str, float]:
    """Calls, tokens and cost of an item: shopper, agent and judge, over every conversation it played."""
    return usage_total([u for key in USAGE_KEYS for u in usages(record, key)])


def deciding_trial(record: ItemRecord) -> TrialRecord | None:
    """The trial that explains the outcome: the first failing one, else the first.

    For a flipped persuasion item, the conversation with the smallest persuasion (its last trial).
    """
    trials = record["trials"]
    if not trials:
        return None
    persuasion = record.get("persuasion")
    if persuasion is not None and persuasion["minimal_variant"]:
        return trials[-1]
    return next((t for t in trials if not t["passed"]), trials[0])


def ordered(records: list[ItemRecord], models: list[str]) -> list[ItemRecord]:
    """Items in a stable order (by model, then node id), whatever order pytest-xdist finished them in."""
    return [records[i] for i in report_order(records, models)]


def transcript_lines(records: Iterable[ItemRecord], rootdir: Path) -> Iterator[dict[str, Any]]:
    """One line per conversation (trial), in item order."""
    for record in records:
        for index, trial in enumerate(record["trials"]):
            yield {
                "nodeid": record["nodeid"],
                "model": record["model"],
                "scenario": record["scenario"],
                "category": record["category"],
                "kind": record.get("kind", "scenario"),
                "trial": index,
                "seed": trial["seed"],
                "passed": trial["passed"],
                "aligned": trial["aligned"],
                "failure_class": trial["failure_class"],
                "expected": record["expected"],
                "decision": trial["decision"],
                "transcript": relative_images(trial.get("transcript"), rootdir),
                "persuasion": record.get("persuasion"),  # a persuasion item's search, to grade it again
            }


def item_json(record: ItemRecord, first_line: int, rootdir: Path) -> dict[str, Any]:
    """An item without its transcripts, which are in transcripts.jsonl at `transcript_line` (1-based)."""
    deciding = deciding_trial(record)
    item = {k: v for k, v in record.items() if k != "trials"}
    item.update(
        outcome="passed" if record["passed"] else "failed",
        failure_class=deciding["failure_class"] if deciding else None,
        decision_text=deciding["decision_text"] if deciding else None,
        usage=item_usage(record),
        seconds=sum(t.get("seconds", 0.0) for t in record["trials"]),
        trials=[
            {**{k: v for k, v in trial.items() if k != "transcript"}, "transcript_line": first_line + i}
            for i, trial in enumerate(record["trials"])
        ],
    )
    return relative_images(item, rootdir)


def results_head(
    models: list[str],
    summary: dict[str, dict[str, int]],
    figures: dict[str, Any],
    reference: dict[str, Any],
    settings: dict[str, Any],
) -> dict[str, Any]:
    """results.json without its items (`write_results` streams them after it)."""
    from .. import __version__

    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "pytest-salessim", "version": __version__},
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": {"models": models, **settings},
        "summary": summary,
        "figures": figures,
        "human_reference": {
            "source": reference["source"],
            "dialogues": reference["dialogues"],
            "figures": {name: f["value"] for name, f in reference["figures"].items()},
        },
    }


def write_json(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n", "utf-8")


def write_results(path: Path, head: dict[str, Any], items: Iterable[dict[str, Any]]) -> None:
    """results.json, its items written one at a time as they come: the same text `write_json` gives for
    `{**head, "items": [...]}`, without the whole document in memory at once."""
    text = json.dumps({**head, "items": []}, indent=1, ensure_ascii=False, allow_nan=False)
    assert text.endswith('"items": []\n}')
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text[: -len("[]\n}")])
        handle.write("[")
        written = 0
        for item in items:
            lines = json.dumps(item, indent=1, ensure_ascii=False, allow_nan=False).split("\n")
            handle.write((",\n  " if written else "\n  ") + "\n  ".join(lines))
            written += 1
        handle.write("\n ]\n}\n" if written else "]\n}\n")


def write_jsonl(path: Path, lines: Iterable[dict[str, Any]]) -> int:
    """Write one JSON document a line; returns how many."""
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n")
            written += 1
    return written
