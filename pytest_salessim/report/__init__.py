"""The run's reports: terminal summary, results.json, transcripts.jsonl and report.html."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..records import RunResults

REPORT_FILES = ("report.html", "results.json", "transcripts.jsonl")
WRITTEN = pytest.StashKey[Path]()  # the directory the reports went to, for the terminal summary


def run_summary(results: RunResults) -> dict[str, dict[str, int]]:
    """Per model: items that passed, failed, errored and were skipped (errors and skips have no record)."""
    out = {}
    for model in results.models:
        mine = [r for r in results.records if r["model"] == model]
        out[model] = {
            "items": len(mine),
            "passed": sum(bool(r["passed"]) for r in mine),
            "failed": sum(not r["passed"] for r in mine),
            "errors": int(results.errors.get(model, 0)),
            "skipped": int(results.skipped.get(model, 0)),
            "persuasion_items": sum(r.get("kind") == "persuasion" for r in mine),
        }
    return out


def build_results(results: RunResults) -> dict[str, Any]:
    """The results.json document of a run, whole (`write_reports` streams its items instead)."""
    from .json_report import item_json

    items = [item_json(record, line, results.rootdir) for record, line in results.played()]
    return {**results_head(results), "items": items}


def results_head(results: RunResults) -> dict[str, Any]:
    """results.json but its items: settings, summary, figures (from the records kept in memory)."""
    from .figures import run_figures
    from .json_report import results_head as head
    from .people import human_reference

    settings = results.settings
    reference = human_reference()
    document = head(
        results.models,
        run_summary(results),
        run_figures(results.records, results.models, reference),
        reference,
        {
            "repeat": settings.repeat,
            "min_pass_rate": settings.min_pass_rate,
            "agent_model": settings.agent_model,
            "judge_model": settings.judge_model,
            "judge_votes": settings.judge_votes,
            "judge_dimensions": list(settings.judge_dimensions) if settings.judge_dimensions else None,
            "require": list(settings.require),
            "grading": settings.grading,
            "record": settings.record,
            "concurrency": settings.concurrency,
            "prompt_cache": settings.prompt_cache,
        },
    )
    document["not_played"] = sorted(results.not_played, key=lambda r: r["nodeid"])  # errors and skips
    return document


def write_reports(directory: Path, results: RunResults) -> Path | None:
    """Write report.html, results.json and transcripts.jsonl into `directory`.

    Returns the directory; a directory that cannot be written is a warning, not a failed run.
    """
    from .html import ReportPage
    from .json_report import item_json, transcript_lines, write_results

    head = results_head(results)
    rootdir = results.rootdir
    page: ReportPage | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        page = ReportPage()
        transcripts = directory / "transcripts.jsonl"
        ordered = transcripts.with_name(transcripts.name + ".partial")
        with ordered.open("w", encoding="utf-8") as lines:

            def items() -> Iterator[dict[str, Any]]:
                """One pass over the whole records (read back from the spool): each one's results.json
                item, its lines of transcripts.jsonl, and its part of the page."""
                for record, line in results.played():
                    for conversation in transcript_lines([record], rootdir):
                        lines.write(json.dumps(conversation, ensure_ascii=False, allow_nan=False) + "\n")
                    page.add(record)
                    yield item_json(record, line, rootdir)

            write_results(directory / "results.json", head, items())
        ordered.replace(transcripts)  # as played while the run lasted; now in the reports' order
        with (directory / "report.html").open("w", encoding="utf-8") as out:
            page.write(head, rootdir, out)
    except OSError as err:
        warnings.warn(pytest.PytestWarning(f"salessim: could not write the reports: {err}"), stacklevel=1)
        return None
    finally:
        if page is not None:
            page.close()
    return directory
