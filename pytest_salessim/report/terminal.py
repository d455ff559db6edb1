"""The end-of-run summary: one row per model, drawn with rich."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..metrics import ModelFigures, figures_by_model

if TYPE_CHECKING:
    from ..run import SalessimRun

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


def _row(fig: ModelFigures, run: SalessimRun) -> list[str]:
    low, high = fig.alignment_interval
    played = fig.played > 0
    return [
        fig.model,
        str(fig.items),
        str(fig.passed),
        str(fig.played),
        f"{fig.alignment:.1%}" if played else "-",
        f"{low:.0%}-{high:.0%}" if played else "-",
        f"{fig.mean_first_turn_disclosures:.2f}" if played else "-",
        f"{fig.mean_shopper_turns:.1f}" if played else "-",
        str(fig.calls),
        f"{fig.tokens:,}",
        f"${fig.cost:.4f}",
        str(run.errors[fig.model]),
        str(run.skipped[fig.model]),
    ]


def summary_table(run: SalessimRun, terminalreporter: Any) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    figures = figures_by_model(run.records, run.models)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for name, justify in COLUMNS:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for fig in figures:
        table.add_row(*_row(fig, run))
    buffer = io.StringIO()
    markup = bool(terminalreporter.hasmarkup)
    console = Console(
        file=buffer, width=200, force_terminal=markup, color_system="standard" if markup else None
    )
    console.print(table)
    for fig in figures:
        if len(fig.pass_hat) > 1:
            hats = ", ".join(f"pass^{k} {v:.2f}" for k, v in fig.pass_hat.items())
            console.print(f"  {fig.model} consistency over {len(fig.pass_hat)} trials: {hats}")
        if fig.failure_classes:
            classes = ", ".join(
                f"{k} {v}" for k, v in sorted(fig.failure_classes.items(), key=lambda kv: -kv[1])
            )
            console.print(f"  {fig.model} failure classes: {classes}")
    terminalreporter.write_sep("=", "salessim: decision alignment per model")
    terminalreporter.write(buffer.getvalue())
