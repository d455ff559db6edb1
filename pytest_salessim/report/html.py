"""report.html: one self-contained page (inline CSS, JS, SVG and images) rendered with Jinja2 autoescape."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..records import ItemRecord, TrialRecord
from ..templating import money
from .chart import chart_input, failure_chart
from .images import EmbeddedImages, embed_images
from .json_report import deciding_trial
from .people import GAP_FIGURES, human_reference

TEMPLATES = Path(__file__).with_name("templates")
MAX_RESULT_CHARS = 4000  # a tool result longer than this is cut in the page (results.json has it whole)


def pct(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}%}"


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def signed(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:+.{digits}f}"


def interval(bounds: list[float] | None) -> str:
    return "" if not bounds else f"{bounds[0]:.0%}–{bounds[1]:.0%}"


def shade(share: float | None) -> str:
    """A cell's background: red (0) through yellow to green (1)."""
    return "#eee" if share is None else f"hsl({round(120 * share)}, 65%, 82%)"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, num=num, signed=signed, interval=interval, shade=shade, money=money)
    return env


@lru_cache(maxsize=1)
def _script() -> tuple[Markup, Markup]:
    """The page's one script and its CSP hash: no other script (an injected one included) may run."""
    text = (TEMPLATES / "report.js.j2").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), Markup(f"'sha256-{digest}'")  # noqa: S704 - our own file; base64


def _image_paths(records: list[ItemRecord]) -> list[str]:
    return [
        card["image"]
        for r in records
        for t in r["trials"]
        for turn in (t.get("transcript") or {}).get("turns", [])
        for card in turn.get("cards", [])
        if card.get("image")
    ]


def product_index(records: list[ItemRecord]) -> dict[str, dict[str, Any]]:
    """Products by id as the run's cards showed them, to draw the expected and bought products."""
    index: dict[str, dict[str, Any]] = {}
    for r in records:
        for t in r["trials"]:
            for turn in (t.get("transcript") or {}).get("turns", []):
                for card in turn.get("cards", []):
                    index.setdefault(card["id"], card)
    return index


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def result_text(content: Any) -> str:
    """A tool result as the page shows it: JSON, a list's items or a mapping's keys one per line, each
    compact within, and cut at MAX_RESULT_CHARS (results.json has it whole)."""
    if isinstance(content, list) and content:
        lines = [_compact(item) for item in content]
        text = "[\n " + ",\n ".join(lines) + "\n]"
    elif isinstance(content, dict) and content:
        lines = [f"{_compact(str(key))}: {_compact(value)}" for key, value in content.items()]
        text = "{\n " + ",\n ".join(lines) + "\n}"
    else:
        text = _compact(content)
    return text if len(text) <= MAX_RESULT_CHARS else text[:MAX_RESULT_CHARS] + "\n…"


def _tool_view(result: dict[str, Any]) -> dict[str, Any]:
    call = result["call"]
    args = ", ".join(f"{k}={_compact(v)}" for k, v in call.get("arguments", {}).items())
    return {
        "name": call["name"],
        "args": args,
        "error": result.get("error"),
        "content": result_text(result.get("content")),
    }


def _turn_views(trial: TrialRecord, images: EmbeddedImages) -> list[dict[str, Any]]:
    marks: dict[int, list[str]] = {}
    for check in trial["checks"]:
        if not check["passed"]:
            for index in check.get("turns", []):
                marks.setdefault(index, []).append(check["name"])
    turns = (trial.get("transcript") or {}).get("turns", [])
    return [
        {
            "index": i,
            "role": turn["role"],
            "text": turn.get("text", ""),
            "cards": [{**card, "css": images.css_class(card.get("image"))} for card in turn.get("cards", [])],
            "tools": [_tool_view(r) for r in turn.get("tool_results", [])],
            "marks": marks.get(i, []),
        }
        for i, turn in enumerate(turns)
    ]


def trial_titles(record: ItemRecord) -> list[str]:
    """What each trial is: one of N repeats; for a persuasion item, the baseline or the flipped one."""
    trials = record["trials"]
    if record.get("kind", "scenario") != "persuasion":
        return [f"Trial {n} of {len(trials)}" if len(trials) > 1 else "" for n in range(1, len(trials) + 1)]
    persuasion = record.get("persuasion")
    flipped = persuasion is not None and bool(persuasion["minimal_variant"])
    titles = ["Without persuasion"] * len(trials)
    if flipped:
        titles[-1] = "With the smallest persuasion that flips it"
    return titles


def item_views(records: list[ItemRecord], images: EmbeddedImages) -> list[dict[str, Any]]:
    """Items for the page, failures first; each trial with its chat, checks and decision."""
    views = []
    for record in records:
        deciding = deciding_trial(record)
        words = [record["nodeid"], record["category"], *record["tags"], record.get("kind", "scenario")]
        if deciding:
            words += [deciding["decision_text"], deciding["failure_class"] or ""]
        views.append(
            {
                "record": record,
                "outcome": "passed" if record["passed"] else "failed",
                "kind": record.get("kind", "scenario"),
                "failure_class": deciding["failure_class"] if deciding else None,
                "decision_text": deciding["decision_text"] if deciding else "no trial recorded",
                "persuasion": record.get("persuasion"),
                "search": " ".join(words).lower(),
                "trials": [
                    {"trial": t, "title": title, "turns": _turn_views(t, images)}
                    for t, title in zip(record["trials"], trial_titles(record), strict=True)
                ],
            }
        )
    # failures first, scenario items before persuasion items; stable, so the item order stays within
    return sorted(views, key=lambda v: (v["outcome"] == "passed", v["kind"] != "scenario"))


def render_html(results: dict[str, Any], records: list[ItemRecord], rootdir: Path) -> str:
    """The page, from results.json's document and the records (which hold the transcripts)."""
    figures = results["figures"]
    models = results["settings"]["models"]
    images = embed_images(_image_paths(records), rootdir)
    script, script_hash = _script()
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            results=results,
            models=models,
            figures=figures,
            categories=sorted({c for fig in figures.values() for c in fig["by_category"]}),
            tags=sorted({t for fig in figures.values() for t in fig["by_tag"]}),
            chart=failure_chart(chart_input(figures)),
            gap_figures=GAP_FIGURES,
            reference=human_reference(),
            persuasion_run=any(fig["overall"]["persuasion"]["items"] for fig in figures.values()),
            items=item_views(records, images),
            products=product_index(records),
            images=images,
            image_css=Markup(images.css),  # noqa: S704 - base64 data URIs of known image types only
            css=Markup((TEMPLATES / "report.css.j2").read_text(encoding="utf-8")),  # noqa: S704 - our own file
            script=script,
            script_hash=script_hash,
        )
    )
