"""What a run could not grade of its recorded conversations, counted apart by why, in one line of the
summary: these are errors of their items, never in the alignment figures.

Each recorded item that is not graded carries the user property `salessim_not_graded` (also in
JUnit XML) saying why; under pytest-xdist the reports bring it to the controller, which counts here.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

NOT_GRADED = "salessim_not_graded"  # the user property: why a recorded item was not graded
UNREADABLE = "unreadable"  # not JSON, of no known format, missing its conversation
NO_SCENARIO = "no scenario"  # matches no scenario, or several
ENDED_IN_ERROR = "ended in error"  # a SalesSim rollout whose outcome is `error`
UNMATCHED = "decision unmatched"  # a decision in words that names no one product
WORDS = {
    UNREADABLE: "unreadable",
    NO_SCENARIO: "of no scenario",
    ENDED_IN_ERROR: "ended in error (outcome: error)",
    UNMATCHED: "with a decision matching no one product",
}


class RecordedTally:
    """Counts recorded conversations graded and not graded (a plugin object of the run)."""

    def __init__(self) -> None:
        self.graded = 0
        self.not_graded: Counter[str] = Counter()

    @pytest.hookimpl(tryfirst=True)  # before the run takes the record off the report (run.py)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not getattr(report, "salessim_recorded", False):
            return
        record = getattr(report, "salessim", None)
        if record:
            self.graded += len(record["trials"])
        why = dict(report.user_properties).get(NOT_GRADED)
        if why is not None and report.when == "setup":
            self.not_graded[str(why)] += 1

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not (self.graded or self.not_graded):
            return
        line = f"salessim recorded: {self.graded} conversation{'' if self.graded == 1 else 's'} graded"
        if self.not_graded:
            parts = ", ".join(f"{n} {WORDS.get(why, why)}" for why, n in sorted(self.not_graded.items()))
            line += f"; not graded (errors of their items): {parts}"
        terminalreporter.write_line(line)
