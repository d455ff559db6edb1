"""The end-of-run summary: one row per model, drawn with rich."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..metrics import GroupFigures, PersuasionFigures, conversations, group_figures
from . import REPORT_FILES
from .judged import dimension_figures, judged_lines

if TYPE_CHECKING:
    from ..records import RunResults

COLUMNS = (
    ("model", "left"),
    ("items", "right"),
    ("passed", "right"),
    ("trials", "right"),
    ("aligned", "right"),
    ("95% CI", "right"),
    ("1st-turn criteria", "right"),
    ("turns", "right"),
    ("calls", "right"),
    ("tokens", "right"),
    ("cost", "right"),
    ("errors", "right"),
    ("skipped", "right"),
)


def _row(model: str, fig: GroupFigures, results: RunResults) -> list[str]:
    shopper = fig.usage["shopper"]
    interval = fig.alignment_interval
    return [
        model,
        str(fig.items),
        str(fig.passed),
        str(fig.trials),
        "-" if fig.alignment is None else f"{fig.alignment:.1%}",
        "-" if interval is None else f"{interval[0]:.0%}-{interval[1]:.0%}",
        "-" if fig.first_turn_criteria is None else f"{fig.first_turn_criteria:.2f}",
        "-" if fig.shopper_turns is None else f"{fig.shopper_turns:.1f}",
        str(int(shopper["calls"])),
        f"{int(shopper['tokens']):,}",
        f"${shopper['cost']:.4f}",
        str(results.errors.get(model, 0)),
        str(results.skipped.get(model, 0)),
    ]


def _persuasion_line(fig: PersuasionFigures) -> str:
    rate = f" ({fig.flip_rate:.0%})" if fig.flip_rate is not None else ""
    line = f"{fig.flipped} of {fig.variants_tried} variants flipped the decision{rate}"
    best = [f"{t.name} {t.flipped}/{t.tried}" for t in fig.tactics if t.flipped][:3]
    return line + (f"; most effective: {', '.join(best)}" if best else "")


def cache_line(fig: GroupFigures) -> str | None:
    """How much of the input the provider's prompt cache served (shopper, agent and judge), if any."""
    total = fig.usage["total"]
    read, written, prompt = total["cached_tokens"], total["cache_creation_tokens"], total["prompt_tokens"]
    if not (read or written):
        return None
    share = f" ({read / prompt:.0%})" if prompt else ""
    return (
        f"{int(read):,} of {int(prompt):,} input tokens{share} read from it, {int(written):,} written to it"
    )


def _shown(path: Path) -> str:
    """A path as short as it reads: relative to the working directory when under it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def summary_title(results: RunResults) -> str:
    graded = " (graded as the SalesSim paper)" if results.settings.grading == "paper" else ""
    return f"salessim: decision alignment per model{graded}"


def summary_lines(results: RunResults, written: Path | None = None, markup: bool = False) -> Iterator[str]:
    """The end-of-run summary, line by line: the table per model, then a line per notable figure."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    convs = conversations(results.records, similarity=False)
    figures = {
        model: group_figures(
            [r for r in results.records if r["model"] == model],
            [c for c in convs if c.item["model"] == model],
        )
        for model in results.models
    }
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in COLUMNS:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for model, fig in figures.items():
        table.add_row(*_row(model, fig, results))
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=200, force_terminal=markup, color_system="standard" if markup else None
    )
    console.print(table)
    yield from buffer.getvalue().rstrip("\n").split("\n")
    for model, fig in figures.items():
        if len(fig.pass_hat) > 1:
            hats = ", ".join(f"pass^{k} {v:.2f}" for k, v in fig.pass_hat.items())
            yield f"  {model} consistency over {len(fig.pass_hat)} trials: {hats}"
        if fig.failure_classes:
            classes = ", ".join(
                f"{k} {v}" for k, v in sorted(fig.failure_classes.items(), key=lambda kv: -kv[1])
            )
            yield f"  {model} failure classes: {classes}"
        if fig.persuasion.items:
            yield f"  {model} persuasion: {_persuasion_line(fig.persuasion)}"
        cached = cache_line(fig)
        if cached:
            yield f"  {model} prompt cache: {cached}"
        judge = fig.usage["judge"]
        if judge["calls"]:
            yield (
                f"  {model} judge: {int(judge['calls'])} calls, {int(judge['tokens']):,} tokens, "
                f"${judge['cost']:.4f} (apart from the shopper's)"
            )
    by_model = {m: dimension_figures([r for r in results.records if r["model"] == m]) for m in results.models}
    yield from judged_lines(by_model, results.settings.judge_model, results.settings.judge_votes, markup)
    if written is not None:
        yield f"  reports: {_shown(written / REPORT_FILES[0])}, {', '.join(REPORT_FILES[1:])}"
