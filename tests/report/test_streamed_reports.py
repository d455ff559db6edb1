"""Records leave memory as items finish: spooled to the report folder, read back for the reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.records import in_memory
from pytest_salessim.report.json_report import write_json, write_results
from pytest_salessim.report.spool import SPOOL, RecordSpool

from ..conftest import NO_FIT, WRITER, spec_text
from .records import card, record, trial, turn

# what the run and pytest still hold of each item at the end, said by the controller and each worker
HOLDING_CONFTEST = """
from pathlib import Path

import pytest

from pytest_salessim.run import RUN


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session):
    run = session.config.stash[RUN]
    role = "worker" if hasattr(session.config, "workerinput") else "controller"
    whole = sum("transcript" in t or bool(t["checks"]) for r in run.records for t in r["trials"])
    reports = session.config.pluginmanager.get_plugin("terminalreporter").stats.values()
    held = sum(getattr(r, "salessim", None) is not None for rs in reports for r in rs)
    said = f"{role} records={len(run.records)} whole={whole} reports={held}"
    if role == "controller":  # the workers end before the controller writes the reports
        said += f" spool={(Path(__file__).parent / 'reports' / '.salessim-records.jsonl').exists()}"
    with (Path(__file__).parent / "holding.log").open("a") as log:
        log.write(said + "\\n")
"""

# a run that is killed (no pytest_sessionfinish) after its third item
KILLED_CONFTEST = """
import os

done = []


def pytest_runtest_logfinish(nodeid):
    done.append(nodeid)
    if len(done) == 3:
        os._exit(3)
"""


@pytest.fixture
def project(store: Path) -> Path:
    (store / "laptops.yaml").write_text(
        spec_text(WRITER, NO_FIT, WRITER.replace("id: writer", "id: writer-2"))
    )
    return store.parent


def test_results_json_written_item_by_item_is_the_document_written_whole(tmp_path: Path) -> None:
    head: dict[str, Any] = {"schema_version": 1, "figures": {"m": {"alignment": 0.5, "ci": [0.1, 0.9]}}}
    items = [{"nodeid": "a", "trials": [{"seed": 1, "checks": []}]}, {"nodeid": "é", "tags": []}]
    for listed in (items, []):
        write_json(tmp_path / "whole.json", {**head, "items": listed})
        write_results(tmp_path / "streamed.json", head, iter(listed))
        assert (tmp_path / "streamed.json").read_text() == (tmp_path / "whole.json").read_text()


def test_the_spool_gives_each_record_back_whole_in_any_order(tmp_path: Path) -> None:
    image = str(tmp_path / "fixtures" / "a.png")
    chat = [turn("agent", "Hi", (card("a", "A", 9.5, image),)), turn("shopper", "I'll take it")]
    records = [record("m", name, trial(text=name, chat=chat), trial(text=name + "!")) for name in "abc"]
    spool = RecordSpool(tmp_path / "reports", tmp_path)
    for whole in records:
        spool.add(whole)  # type: ignore[arg-type]
        lines = (tmp_path / "reports" / "transcripts.jsonl").read_text().splitlines()
        assert json.loads(lines[-1])["nodeid"] == whole["nodeid"]  # on disk at once
    spool.seal()
    back = list(spool.records([2, 0, 1]))
    expected = [json.loads(json.dumps(records[i]).replace(image, "fixtures/a.png")) for i in (2, 0, 1)]
    assert back == expected  # each transcript as transcripts.jsonl has it: image paths from the rootdir
    assert "I'll take it" not in (tmp_path / "reports" / SPOOL).read_text()  # a conversation written once
    spool.close()
    assert not (tmp_path / "reports" / SPOOL).exists() and len(lines) == 6


def test_the_run_keeps_what_the_figures_read_and_not_the_transcripts_nor_the_checks() -> None:
    whole = record("reference", "writer", trial(text="red shoes please"))
    kept = in_memory(whole)
    assert "transcript" in whole["trials"][0] and whole["trials"][0]["checks"]
    assert "transcript" not in kept["trials"][0] and kept["trials"][0]["checks"] == []
    assert kept["trials"][0]["shopper_text"] == "red shoes please"
    assert {k: v for k, v in kept.items() if k != "trials"} == {
        k: v for k, v in whole.items() if k != "trials"
    }


def test_no_record_is_held_whole_to_the_end_and_the_spool_is_removed(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.makeconftest(HOLDING_CONFTEST)
    result = pytester.runpytest("specs", "--model", "reference", "--model", "weak")
    result.assert_outcomes(passed=3, failed=3)
    assert (project / "holding.log").read_text().split() == [
        "controller",
        "records=6",
        "whole=0",
        "reports=0",
        "spool=False",
    ]
    document = json.loads((project / "reports" / "results.json").read_text())
    lines = [json.loads(x) for x in (project / "reports" / "transcripts.jsonl").read_text().splitlines()]
    assert [i["nodeid"] for i in document["items"]] == [x["nodeid"] for x in lines]  # the reports' order
    assert [t["transcript_line"] for i in document["items"] for t in i["trials"]] == [1, 2, 3, 4, 5, 6]
    assert all(x["transcript"]["turns"] for x in lines) and document["items"][0]["trials"][0]["checks"]
    assert not (project / "reports" / SPOOL).exists()


def test_under_xdist_the_workers_keep_nothing_and_the_controller_only_small_records(
    pytester: pytest.Pytester, project: Path
) -> None:
    pytester.makeconftest(HOLDING_CONFTEST)
    pytester.runpytest("specs", "--model", "reference", "--model", "weak", "-n", "2").assert_outcomes(
        passed=3, failed=3
    )
    said = sorted((project / "holding.log").read_text().splitlines())
    assert said == [
        "controller records=6 whole=0 reports=0 spool=False",
        "worker records=0 whole=0 reports=0",
        "worker records=0 whole=0 reports=0",
    ]
    assert len((project / "reports" / "transcripts.jsonl").read_text().splitlines()) == 6


def test_a_killed_run_keeps_the_conversations_it_played(pytester: pytest.Pytester, project: Path) -> None:
    pytester.makeconftest(KILLED_CONFTEST)
    result = pytester.runpytest_subprocess("specs", "--model", "reference", "--model", "weak")
    assert result.ret == 3
    lines = [json.loads(x) for x in (project / "reports" / "transcripts.jsonl").read_text().splitlines()]
    assert len(lines) == 3 and all(x["transcript"]["turns"] for x in lines)
    assert not (project / "reports" / "results.json").exists()  # the reports come at the end
