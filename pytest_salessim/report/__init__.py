"""The run's reports: terminal summary, results.json, transcripts.jsonl and report.html."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..settings import Settings

REPORT_FILES = ("report.html", "results.json", "transcripts.jsonl")
WRITTEN = pytest.StashKey[Path]()  # the directory the reports went to, for the terminal summary


def run_summary(
    records: list[dict[str, Any]], models: list[str], errors: Mapping[str, int], skipped: Mapping[str, int]
) -> dict[str, dict[str, int]]:
    """Per model: items that passed, failed, errored and were skipped (errors and skips have no record)."""
    out = {}
    for model in models:
        mine = [r for r in records if r["model"] == model]
        out[model] = {
            "items": len(mine),
            "passed": sum(bool(r["passed"]) for r in mine),
            "failed": sum(not r["passed"] for r in mine),
            "errors": int(errors.get(model, 0)),
            "skipped": int(skipped.get(model, 0)),
            "persuasion_items": sum(r.get("kind") == "persuasion" for r in mine),
        }
    return out


def build_results(
    records: list[dict[str, Any]],
    models: list[str],
    errors: Mapping[str, int],
    skipped: Mapping[str, int],
    settings: Settings,
) -> dict[str, Any]:
    """The results.json document of a run."""
    from .figures import run_figures
    from .json_report import results_document
    from .people import human_reference

    reference = human_reference()
    return results_document(
        records,
        models,
        run_summary(records, models, errors, skipped),
        run_figures(records, models, reference),
        reference,
        {
            "repeat": settings.repeat,
            "min_pass_rate": settings.min_pass_rate,
            "agent_model": settings.agent_model,
            "judge_model": settings.judge_model,
            "grading": settings.grading,
            "record": settings.record,
            "concurrency": settings.concurrency,
        },
        settings.rootdir,
    )


def write_reports(
    directory: Path,
    records: list[dict[str, Any]],
    models: list[str],
    errors: Mapping[str, int],
    skipped: Mapping[str, int],
    settings: Settings,
    not_played: list[dict[str, Any]] | None = None,
) -> Path | None:
    """Write report.html, results.json and transcripts.jsonl into `directory`.

    Returns the directory; a directory that cannot be written is a warning, not a failed run.
    """
    from .html import render_html
    from .json_report import ordered, transcript_lines, write_json, write_jsonl

    results = build_results(records, models, errors, skipped, settings)
    results["not_played"] = sorted(not_played or [], key=lambda r: r["nodeid"])  # errors and skips
    items = ordered(records, models)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        write_json(directory / "results.json", results)
        write_jsonl(directory / "transcripts.jsonl", transcript_lines(items, settings.rootdir))
        (directory / "report.html").write_text(render_html(results, items, settings.rootdir), "utf-8")
    except OSError as err:
        warnings.warn(pytest.PytestWarning(f"salessim: could not write the reports: {err}"), stacklevel=1)
        return None
    return directory
