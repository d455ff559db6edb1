"""The end-of-run summary: one row per model, drawn with rich."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..metrics import figures_by_model

if TYPE_CHECKING:
    from ..run import SalessimRun


def summary_table(run: SalessimRun, terminalreporter: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="salessim: decision alignment per model", title_justify="left")
    for column in (
        "model",
        "played",
        "passed",
        "aligned (95% CI)",
        "failure classes",
        "1st-turn criteria",
        "shopper turns",
        "errors",
        "skipped",
    ):
        table.add_column(column, justify="left" if column in ("model", "failure classes") else "right")
    for fig in figures_by_model(run.records, run.models):
        low, high = fig.alignment_interval
        aligned = f"{fig.alignment:.0%} [{low:.0%}-{high:.0%}]" if fig.played else "-"
        classes = ", ".join(f"{k} {v}" for k, v in sorted(fig.failure_classes.items(), key=lambda kv: -kv[1]))
        table.add_row(
            fig.model,
            str(fig.played),
            str(fig.passed),
            aligned,
            classes or "-",
            f"{fig.mean_first_turn_disclosures:.2f}",
            f"{fig.mean_shopper_turns:.1f}",
            str(run.errors[fig.model]),
            str(run.skipped[fig.model]),
        )
    buffer = io.StringIO()
    width = getattr(getattr(terminalreporter, "_tw", None), "fullwidth", 120)
    console = Console(
        file=buffer,
        width=max(width, 100),
        force_terminal=terminalreporter.hasmarkup,
        color_system="standard" if terminalreporter.hasmarkup else None,
    )
    console.print(table)
    terminalreporter.write_sep("=", "salessim summary")
    terminalreporter.write(buffer.getvalue())
