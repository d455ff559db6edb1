"""The state of one pytest run: the simulators under test and what every item recorded.

Registered as a plugin object, so its hooks see reports from every worker under pytest-xdist.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from .scheduler import ConversationPool
from .settings import Settings
from .simulators import Simulator

if TYPE_CHECKING:
    from .checks import Check
    from .persuasion import Tactic
    from .report.baseline import GateReport
    from .spec.prefetch import Helper


@dataclass(eq=False)  # a plugin object: hashed by identity
class SalessimRun:
    settings: Settings
    simulators: dict[str, Simulator]
    config: pytest.Config
    records: list[dict[str, Any]] = field(default_factory=list)
    not_played: list[dict[str, Any]] = field(default_factory=list)  # items that errored or were skipped
    errors: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    _markers: set[str] = field(default_factory=set)
    _reader: Helper | None = None  # the spec files' reader on a spare core, during collection
    _met_spec_file: bool = False
    live: ClassVar[int] = 0  # runs configured in this process: more than one inside pytester

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

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        model = getattr(report, "salessim_model", None)
        if model is None:
            return
        record = getattr(report, "salessim", None)
        if record:
            self.records.append(record)
        elif report.failed or report.skipped:
            outcome = "error" if report.failed else "skipped"
            (self.errors if report.failed else self.skipped)[model] += 1
            reason = report.longreprtext.strip().splitlines() or [""]
            if report.skipped and isinstance(report.longrepr, tuple):
                reason = [str(report.longrepr[2]).removeprefix("Skipped: ")]
            self.not_played.append(
                {"nodeid": report.nodeid, "model": model, "outcome": outcome, "reason": reason[-1]}
            )

    def pytest_configure(self) -> None:
        """What is loaded by now (pytest, the plugins, their modules) lives as long as the process: the
        collections that collection itself triggers need not walk it (measured: 40 ms of 500 specs)."""
        SalessimRun.live += 1
        if SalessimRun.live == 1:
            gc.freeze()

    @pytest.hookimpl(tryfirst=True)
    def pytest_unconfigure(self) -> None:
        """Collect once, then keep what is left out of the collections that pytest (at unconfigure, to
        surface unraisable exceptions) and the interpreter (at exit) would make: they only walk it again."""
        self._stop_reader()  # collection was interrupted
        if SalessimRun.live == 1:
            from .templating import keep_compiled

            keep_compiled(None)
            gc.collect()
            gc.freeze()
        SalessimRun.live -= 1

    def first_spec_file(self) -> None:
        """Once collection meets a spec file (a run with none does nothing of this): compiled templates
        are kept in the spec store from now on, and the spec files not in it yet are read ahead on a
        spare core (spec/prefetch.py), unless pytest-xdist spreads the run (its workers keep the cores
        busy). Not in a run inside a run (pytester): this is the process's, not the inner run's."""
        if self._met_spec_file:
            return
        self._met_spec_file = True
        config = self.config
        if self.spec_store is None or SalessimRun.live != 1:
            return
        from .templating import keep_compiled

        keep_compiled(self.spec_store)
        if hasattr(config, "workerinput") or getattr(config.option, "numprocesses", None):
            return
        from .spec.prefetch import start

        here = config.invocation_params.dir
        named = [Path(arg.split("::")[0]) for arg in config.args]
        paths = [here / p if (here / p).exists() else config.rootpath / p for p in named]  # or testpaths
        ignore = [str(here / p) for p in config.getoption("ignore", None) or []]
        ignore += [str(here / p) for p in config.getoption("ignore_glob", None) or []]
        self._reader = start(paths, self.spec_store, list(config.getini("norecursedirs")), ignore)

    def _stop_reader(self) -> None:
        if self._reader is not None:
            self._reader.stop()
            self._reader = None

    @pytest.hookimpl(trylast=True)
    def pytest_collection_finish(self) -> None:
        """The specs, catalogs and items live as long as the run: no garbage collection walks them again."""
        self._stop_reader()
        if SalessimRun.live == 1:  # not a run inside a run (pytester): its objects are the outer test's
            gc.freeze()

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Write the reports once, on the controller: under pytest-xdist the workers' records arrive here."""
        if hasattr(session.config, "workerinput"):
            return
        if self._met_spec_file and self.spec_store is not None:
            from .spec.store import prune

            prune(self.spec_store)
        if not (self.records or self.not_played):
            return
        if self.settings.export is not None:
            from .report.export import export_conversations

            export_conversations(self.settings.export, self.records, self.models, self.settings)
        if self.settings.report_dir is None:
            return
        from .report import WRITTEN, write_reports

        written = write_reports(
            self.settings.report_dir,
            self.records,
            self.models,
            self.errors,
            self.skipped,
            self.settings,
            self.not_played,
        )
        if written is not None:
            session.config.stash[WRITTEN] = written

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.records or self.errors or self.skipped:
            from .report.terminal import summary_table

            summary_table(self, terminalreporter)


RUN = pytest.StashKey[SalessimRun]()


@dataclass(eq=False)  # a plugin object: hashed by identity
class BaselineGate:
    """The CI gate (--salessim-baseline, --salessim-save-baseline), after the reports are written."""

    run: SalessimRun
    baseline: dict[str, Any] | None  # the saved baseline, when compared with
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


def _scenario_items(items: Iterable[pytest.Item]) -> Iterator[Any]:
    from .collect import ScenarioItem

    return (i for i in items if isinstance(i, ScenarioItem))
