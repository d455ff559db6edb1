"""The state of one pytest run: the simulators under test and what every item recorded.

Registered as a plugin object, so its hooks see reports from every worker under pytest-xdist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

from .records import ItemRecord, NotPlayed, RunResults, in_memory
from .scheduler import ConversationPool, Playable
from .settings import Settings
from .simulators import Simulator

if TYPE_CHECKING:
    from .checks import Check
    from .persuasion import Tactic
    from .report.baseline import BaselineDocument, GateReport
    from .report.spool import RecordSpool


@dataclass(eq=False)  # a plugin object: hashed by identity
class SalessimRun:
    settings: Settings
    simulators: dict[str, Simulator]
    config: pytest.Config
    records: list[ItemRecord] = field(default_factory=list)
    not_played: list[NotPlayed] = field(default_factory=list)  # items that errored or were skipped
    errors: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    _markers: set[str] = field(default_factory=set)
    _played: dict[str, None] = field(default_factory=dict)  # models of played items, as reports arrive
    _recorded: dict[str, None] = field(default_factory=dict)  # models of recorded conversations (recorded/)
    _met_spec_file: bool = False
    _written: Path | None = None  # where the reports went
    _spool: RecordSpool | None = None  # the whole records on disk (report/spool.py), from the first
    _spool_failed: bool = False  # no report folder, or one that cannot be written: records kept whole

    @cached_property
    def pool(self) -> ConversationPool:
        return ConversationPool(self.settings.concurrency)

    @cached_property
    def spec_store(self) -> Path | None:
        """Where checked spec documents are kept (spec/store.py): pytest's cache, when it is on."""
        cache = getattr(self.config, "cache", None)
        try:
            return None if cache is None else cache.mkdir("salessim-specs")
        except OSError:
            return None  # a read-only project: every file is read

    @cached_property
    def user_checks(self) -> tuple[Check, ...]:
        """The checks of the `pytest_salessim_checks` hook (conftest files, plugins), asked once."""
        found = [c for checks in self.config.hook.pytest_salessim_checks(config=self.config) for c in checks]
        wrong = [c for c in found if not callable(c)]
        if wrong:
            raise pytest.UsageError(f"pytest_salessim_checks returned {wrong[0]!r}, which is not a function")
        return tuple(found)

    @property
    def models(self) -> list[str]:
        """The simulators under test; in a run that grades recorded conversations, the models its
        items had (played ones first), so that a simulator nothing played has no row of zeros."""
        if not self._recorded:
            return list(self.simulators)
        return list(dict.fromkeys([*(m for m in self.simulators if m in self._played), *self._recorded]))

    @cached_property
    def library(self) -> dict[str, Tactic]:
        """The persuasion tactics: built in, and the files of the ini option `salessim_tactics`."""
        from .persuasion import load_library
        from .spec import SpecError

        try:
            return load_library(self.settings.tactic_files, self.settings.template_limits)
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
        if _will_run(session) and not hasattr(session.config, "workerinput"):
            self.pool.prefetch(_scenario_items(session.items))
        try:
            return (yield)
        finally:
            self.pool.close()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> None:
        """A pytest-xdist worker learns its items as they are sent: play ahead what it has been sent.

        How many that is depends on the distribution mode: `--dist load` keeps a few items queued per
        worker; `--dist loadfile`/`loadscope` send whole files, which all start at once here.
        """
        queue = self._worker_queue
        if queue is not None:
            with queue.lock() as indices:
                sent = [item.session.items[i] for i in indices if isinstance(i, int)]
            self.pool.prefetch(_scenario_items([item, *([nextitem] if nextitem else []), *sent]))

    @cached_property
    def _worker_queue(self) -> Any:
        """The queue of a pytest-xdist worker (WorkerInteractor.torun), or None (no worker, other xdist)."""
        if self.settings.concurrency <= 1:
            return None
        for plugin in self.config.pluginmanager.get_plugins():
            queue = getattr(plugin, "torun", None)
            if type(plugin).__name__ == "WorkerInteractor" and hasattr(queue, "lock"):
                return queue
        return None

    @pytest.hookimpl(trylast=True)  # after pytest-xdist's worker sent the report on with its record
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        model = getattr(report, "salessim_model", None)
        if model is None:
            return
        if hasattr(self.config, "workerinput"):  # the controller keeps what its workers played
            report.salessim = None  # type: ignore[attr-defined]  # pytest keeps every report to the end
            return
        if model:  # a record too broken to name its model has none
            (self._recorded if getattr(report, "salessim_recorded", False) else self._played)[model] = None
        record = getattr(report, "salessim", None)
        if record:
            report.salessim = None  # type: ignore[attr-defined]  # pytest keeps every report: not the record
            self._keep(record)
        elif report.failed or report.skipped:
            outcome: Literal["error", "skipped"] = "error" if report.failed else "skipped"
            (self.errors if report.failed else self.skipped)[model] += 1
            reason = report.longreprtext.strip().splitlines() or [""]
            if report.skipped and isinstance(report.longrepr, tuple):
                reason = [str(report.longrepr[2]).removeprefix("Skipped: ")]
            self.not_played.append(
                {"nodeid": report.nodeid, "model": model, "outcome": outcome, "reason": reason[-1]}
            )

    def _keep(self, record: ItemRecord) -> None:
        """The whole record to the spool (and its conversations to transcripts.jsonl); what the figures
        read stays in memory. Without a report folder that can be written, the whole record does."""
        spool = self._spool
        if spool is None and not self._spool_failed:
            spool = self._spool = self._open_spool()
        if spool is None:
            self.records.append(record)
            return
        spool.add(record)
        self.records.append(in_memory(record))

    def _open_spool(self) -> RecordSpool | None:
        from .report.spool import RecordSpool

        directory = self.settings.report_dir
        if directory is None:  # no reports asked for (a run made in code)
            self._spool_failed = True
            return None
        try:
            return RecordSpool(directory, self.settings.rootdir)
        except OSError:
            self._spool_failed = True  # write_reports says so, once, at the end
            return None

    def first_spec_file(self) -> None:
        """Collection met a spec file: the spec store is pruned at the end (a run without one prunes none)."""
        self._met_spec_file = True

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the reports once, on the controller: under pytest-xdist the workers' records arrive here."""
        if hasattr(session.config, "workerinput"):
            return
        if self._met_spec_file and self.spec_store is not None:
            from .spec.store import prune

            prune(self.spec_store)
        if not (self.records or self.not_played):
            return
        try:
            self._write(session)
        finally:
            if self._spool is not None:
                self._spool.close()  # the results are written; transcripts.jsonl stays

    def _write(self, session: pytest.Session) -> None:
        if self._spool is not None:
            self._spool.seal()
        results = self.results()
        if self.settings.export is not None:
            from .rewards.export import export_conversations

            export_conversations(self.settings.export, results)
        if self.settings.report_dir is None:
            return
        from .report import WRITTEN, write_reports

        self._written = write_reports(self.settings.report_dir, results)
        if self._written is not None:
            session.config.stash[WRITTEN] = self._written

    def results(self) -> RunResults:
        """What the run recorded, as a value for the reports."""
        return RunResults(
            self.records, self.models, self.settings, self.errors, self.skipped, self.not_played, self._spool
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.records or self.errors or self.skipped:
            from .report.terminal import summary_lines, summary_title

            results = self.results()
            terminalreporter.write_sep("=", summary_title(results))
            for line in summary_lines(results, self._written, bool(terminalreporter.hasmarkup)):
                terminalreporter.write_line(line)


RUN = pytest.StashKey[SalessimRun]()


@dataclass(eq=False)  # a plugin object: hashed by identity
class BaselineGate:
    """The CI gate (--salessim-baseline, --salessim-save-baseline), after the reports are written."""

    run: SalessimRun
    baseline: BaselineDocument | None  # the saved baseline, when compared with
    report: GateReport | None = None

    def known_failure(self, model: str, nodeid: str) -> bool:
        from .report.baseline import known_failure

        return self.baseline is not None and known_failure(self.baseline, model, nodeid)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(session.config, "workerinput") or not self.run.records:
            return
        from .report.baseline import baseline_document, compare, write_baseline

        settings = self.run.settings
        current = baseline_document(self.run.records, self.run.models, settings.repeat)
        if settings.save_baseline is not None:
            write_baseline(settings.save_baseline, current)
        if self.baseline is not None and settings.baseline is not None:
            self.report = compare(self.baseline, current, settings.max_regression, settings.baseline.name)
            if self.report.failed:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED

    @pytest.hookimpl(trylast=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.report is not None:
            terminalreporter.section("salessim: baseline gate", bold=True)
            for line in self.report.lines():
                failing = line.startswith(("  regression", "  new failure"))
                terminalreporter.write_line(line, red=failing, green=line.startswith("baseline gate passed"))
        if self.run.settings.save_baseline is not None and self.run.records:
            terminalreporter.write_line(f"  baseline saved: {self.run.settings.save_baseline}")


GATE = pytest.StashKey[BaselineGate]()


def _will_run(session: pytest.Session) -> bool:
    """Whether pytest's own loop plays the items: not for --collect-only, nor after collection errors
    (unless --continue-on-collection-errors), where it returns at once (`_pytest.main.pytest_runtestloop`)."""
    config = session.config
    if config.option.collectonly:
        return False
    return not (session.testsfailed and not config.option.continue_on_collection_errors)


def _scenario_items(items: Iterable[pytest.Item]) -> Iterator[Playable]:
    """The items this plugin plays (collect.py marks each `salessim`), among the run's others."""
    return (i for i in items if i.get_closest_marker("salessim") is not None and isinstance(i, Playable))
