"""The state of one pytest run: the simulators under test and what every item recorded.

Registered as a plugin object, so its hooks see reports from every worker under pytest-xdist.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pytest

from .scheduler import ConversationPool
from .settings import Settings
from .simulators import Simulator

if TYPE_CHECKING:
    from .persuasion import Tactic


@dataclass(eq=False)  # a plugin object: hashed by identity
class SalessimRun:
    settings: Settings
    simulators: dict[str, Simulator]
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    _markers: set[str] = field(default_factory=set)

    @cached_property
    def pool(self) -> ConversationPool:
        return ConversationPool(self.settings.concurrency)

    @property
    def models(self) -> list[str]:
        return list(self.simulators)

    @cached_property
    def library(self) -> dict[str, Tactic]:
        """The persuasion tactics: built in, and the files of the ini option `salessim_tactics`."""
        from .persuasion import load_library
        from .spec import SpecError

        try:
            return load_library(self.settings.tactic_files)
        except SpecError as err:
            raise pytest.UsageError("salessim_tactics: " + err.render(self.settings.rootdir)) from None

    def register_marker(self, config: pytest.Config, tag: str) -> None:
        """Tags become markers; registered so that `--strict-markers` accepts them."""
        if tag not in self._markers:
            self._markers.add(tag)
            config.addinivalue_line("markers", f"{tag}: salessim scenario tag")

    @pytest.hookimpl(wrapper=True)
    def pytest_runtestloop(self, session: pytest.Session) -> Any:
        """Play ahead what calls models; under pytest-xdist each worker plays only its own items."""
        if not hasattr(session.config, "workerinput"):
            from .collect import ScenarioItem

            self.pool.prefetch(i for i in session.items if isinstance(i, ScenarioItem))
        try:
            return (yield)
        finally:
            self.pool.close()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        model = getattr(report, "salessim_model", None)
        if model is None:
            return
        record = getattr(report, "salessim", None)
        if record:
            self.records.append(record)
        elif report.failed:
            self.errors[model] += 1
        elif report.skipped:
            self.skipped[model] += 1

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the reports once, on the controller: under pytest-xdist the workers' records arrive here."""
        if hasattr(session.config, "workerinput") or not self.records:
            return
        if self.settings.export is not None:
            from .report.export import export_conversations

            export_conversations(self.settings.export, self.records, self.models, self.settings)
        if self.settings.report_dir is None:
            return
        from .report import WRITTEN, write_reports

        written = write_reports(
            self.settings.report_dir, self.records, self.models, self.errors, self.skipped, self.settings
        )
        if written is not None:
            session.config.stash[WRITTEN] = written

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.records or self.errors or self.skipped:
            from .report.terminal import summary_table

            summary_table(self, terminalreporter)


RUN = pytest.StashKey[SalessimRun]()
