"""Pytest nodes: a file of recorded conversations collects into one item per recorded conversation
(or per recorded item of a run, its trials together), graded like a played one.

A recorded item plays nothing: its setup reads its records again and grades them (grade.py), on the
model loop when a judge is given, so that items are judged ahead, side by side, as played items are.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conversation import judged
from ..llm_client import ModelFault
from ..outcome import ItemResult
from ..records import ItemRecord
from ..run import RUN
from ..scheduler import run_blocking
from ..spec import Scenario
from ..transcript import Usage
from .grade import (
    Read,
    Recording,
    Ungradable,
    graded,
    judged_again,
    persuasion_failure,
    persuasion_item_record,
    persuasion_passed,
    read,
)
from .plan import Planned, plan
from .scenarios import ScenarioIndex, spec_files
from .source import UnreadableFile
from .tally import NOT_GRADED

INDEX = pytest.StashKey[ScenarioIndex]()  # the run's scenarios, read once, for every recorded file
READING = pytest.StashKey[asyncio.Semaphore]()  # recorded items read and judged at once (with a judge)


def scenario_index(config: pytest.Config) -> ScenarioIndex:
    """The scenarios of `--salessim-specs` (default: every spec file under the rootdir), read once."""
    if INDEX not in config.stash:
        run = config.stash[RUN]
        settings = run.settings
        folder = settings.recorded_specs or config.rootpath
        shown = _shown(folder, config.rootpath) + ("/" if folder.is_dir() else "")
        files = spec_files(folder, config.getini("norecursedirs"))
        config.stash[INDEX] = ScenarioIndex.load(
            files,
            config.rootpath,
            "the rootdir" if folder == config.rootpath else shown,
            lambda: frozenset(run.library),
            run.spec_store,
            settings.template_limits,
        )
    return config.stash[INDEX]


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


class UnreadableRecordings(Exception):
    """Nothing in the file can be read: one error of the file, without a traceback."""


class RecordedFile(pytest.File):
    """A file of recorded conversations: named on the command line, or matching `salessim_transcripts`."""

    def collect(self) -> Iterator[RecordedItem]:
        run = self.config.stash[RUN]
        shown = _shown(self.path, self.config.rootpath)
        try:
            planned = plan(self._source(), scenario_index(self.config), shown, self.path)
        except UnreadableFile as err:
            raise UnreadableRecordings(f"{shown}: no recorded conversations can be read: {err}") from None
        except OSError as err:
            raise UnreadableRecordings(f"{shown}: cannot be read: {err.strerror or err}") from None
        for entry in planned:
            item: RecordedItem
            if entry.error is not None or entry.recording is None or entry.scenario is None:
                item = UnreadableRecord.from_parent(self, name=entry.name, entry=entry)
            else:
                item = RecordedConversation.from_parent(self, name=entry.name, entry=entry)
                for tag in entry.scenario.tags:
                    run.register_marker(self.config, tag)
                    item.add_marker(tag)
            item.add_marker("salessim")
            yield item

    def _source(self) -> Path:
        """The file to read the records from: itself, or, when this run writes its own reports over it
        (`pytest reports/transcripts.jsonl`: the run appends to it as items finish), a copy made now,
        before any item runs, removed when the run ends."""
        settings = self.config.stash[RUN].settings
        written = [settings.export]
        if settings.report_dir is not None:
            written.append(settings.report_dir / "transcripts.jsonl")
        if self.path.resolve() not in {p.resolve() for p in written if p is not None}:
            return self.path
        folder = Path(tempfile.mkdtemp(prefix="salessim-recorded-"))
        self.config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        return Path(shutil.copy(self.path, folder / self.path.name))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, UnreadableRecordings):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class RecordedItem(pytest.Item):
    """A recorded conversation's item: its model, its line in the file, its record once graded."""

    salessim_recorded = True  # plugin.py carries its model and record on its reports

    def __init__(self, *, entry: Planned, **kwargs: Any):
        super().__init__(**kwargs)
        self.entry = entry
        self.model = entry.model

    def record(self) -> ItemRecord | None:
        return None

    def reportinfo(self) -> tuple[Any, int | None, str]:
        return self.path, self.entry.line - 1, self.name


class UnreadableRecord(RecordedItem):
    """A record that cannot be graded (not JSON, of no known format, missing its conversation, of no
    scenario, a rollout that ended in error): an error of its item, at its line."""

    def setup(self) -> None:
        assert self.entry.error is not None
        self.user_properties.append((NOT_GRADED, self.entry.why))
        pytest.fail(self.entry.error, pytrace=False)

    def runtest(self) -> None:  # pragma: no cover - setup always fails
        pass


class RecordedFailed(AssertionError):
    """The recorded shopper did not act as its persona would."""


class RecordedConversation(RecordedItem):
    """One recorded conversation (or one recorded item's trials) of a scenario, graded."""

    def __init__(self, *, entry: Planned, **kwargs: Any):
        super().__init__(entry=entry, **kwargs)
        assert entry.scenario is not None and entry.recording is not None
        self.scenario: Scenario = entry.scenario  # --salessim-grading and salessim_require apply to it
        self.recording: Recording = entry.recording
        self.result: ItemResult | None = None
        self.found: Read | None = None

    def calls_models(self) -> bool:
        """With a judge, the item is graded on the model loop, started ahead like a played one."""
        return self.config.stash[RUN].settings.judge_model is not None

    def play(self) -> tuple[ItemResult, Read]:
        return run_blocking(self.aplay(), on_model_loop=self.calls_models())

    async def aplay(self) -> tuple[ItemResult, Read]:
        run = self.config.stash[RUN]
        settings = run.settings
        if not self.calls_models():
            found = read(self.recording, self.scenario, self.model)
            return graded(found.transcripts, self.scenario, self.model, settings, run.user_checks), found
        if READING not in self.config.stash:
            self.config.stash[READING] = asyncio.Semaphore(max(1, settings.concurrency))
        async with self.config.stash[READING]:  # so many records in memory at once, not the whole log
            found = read(self.recording, self.scenario, self.model)
            scenario, criteria, spent = await self._judged_criteria()
            transcripts = await judged_again(found, scenario, settings, judged, self.recording.kind)
        from ..collect import with_judgements

        transcripts = tuple(
            with_judgements(t, criteria, spent if n == 0 else Usage()) for n, t in enumerate(transcripts)
        )
        return graded(transcripts, scenario, self.model, settings, run.user_checks), found

    async def _judged_criteria(self) -> tuple[Scenario, tuple[Any, ...], Usage]:
        """Criteria no rule or `meets` list decides, judged once per run (as collect.py does)."""
        from ..collect import CRITERIA
        from ..judge.criteria import CriteriaJudge

        if CRITERIA not in self.config.stash:
            self.config.stash[CRITERIA] = CriteriaJudge(self.config.stash[RUN].settings)
        return await self.config.stash[CRITERIA].decided(self.scenario)

    def setup(self) -> None:
        try:
            self.result, self.found = self.config.stash[RUN].pool.fetch(self)
        except (ModelFault, Ungradable) as fault:
            message = str(fault)
            self.user_properties.append((NOT_GRADED, getattr(fault, "why", "model fault")))
        else:
            if self.found.notes:
                self.add_report_section("call", "salessim decision", "\n".join(self.found.notes))
                self.user_properties.append(("salessim_recorded", "; ".join(self.found.notes)))
            return
        pytest.fail(message, pytrace=False)  # an error of this item, never a pass or a fail

    def runtest(self) -> None:
        assert self.result is not None and self.found is not None
        if self.recording.kind == "persuasion":
            if not persuasion_passed(self.result):
                raise RecordedFailed(persuasion_failure(self.result, self.found.persuasion))
        elif not self.result.passed:
            lines = self.result.failure_message()
            where = ", ".join(f"{self.path.name}:{n}" for n in self.recording.lines)
            raise RecordedFailed(f"{lines}\n  recorded: {where}")  # how names matched: a report section

    def teardown(self) -> None:
        """Its record is made (on the call's report): the transcripts need not outlive the item's turn."""
        self.result = self.found = None

    def record(self) -> ItemRecord | None:
        if self.result is None or self.found is None:
            return None
        index = self.config.stash[INDEX]
        file = index.file_of(self.scenario)  # the spec file: what the export reads the persona from
        if self.recording.kind == "persuasion":
            return persuasion_item_record(self.result, self.found.persuasion, self.nodeid, file)
        return self.result.record(self.nodeid, file)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, RecordedFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)
