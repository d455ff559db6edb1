"""How recorded files become items: named on the command line or matching `salessim_transcripts`,
stable node ids that -k and -m select, the summary's rows, the baseline gate, pytest-xdist; and a
run with no recorded file is as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import chat_record, shows, write_jsonl


def test_items_are_named_by_scenario_and_model_and_selected_by_k_and_tags(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    write_jsonl(
        laptops / "log.jsonl", chat_record(), chat_record(scenario="no-fit"), chat_record(model="other")
    )
    listed = pytester.runpytest("log.jsonl", "--collect-only", "-q", "-p", "no:cacheprovider")
    listed.stdout.fnmatch_lines(
        [
            "log.jsonl::writer[[]team-shopper]",
            "log.jsonl::no-fit[[]team-shopper]",
            "log.jsonl::writer[[]other]",
        ]
    )
    tagged = pytester.runpytest(
        "log.jsonl", "-m", "budget", "--strict-markers", "-q", "-p", "no:cacheprovider"
    )
    tagged.assert_outcomes(passed=2, deselected=1)  # writer's tag; no-fit's is no-purchase
    picked = pytester.runpytest("log.jsonl", "-k", "other", "-q", "-p", "no:cacheprovider")
    picked.assert_outcomes(passed=1, deselected=2)


def test_files_matching_the_ini_globs_are_collected_and_other_data_is_left_alone(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    runs = laptops / "runs" / "2026-12-01"
    runs.mkdir(parents=True)
    write_jsonl(runs / "log.jsonl", chat_record())
    write_jsonl(runs / "notes.jsonl", {"not": "a conversation"})
    pytester.makeini("[pytest]\nsalessim_transcripts = runs/*/log.jsonl\n")
    result = pytester.runpytest("runs", "specs", "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)  # the log's conversation and the two scenarios played
    plain = pytester.runpytest("-q", "-p", "no:cacheprovider", "-o", "salessim_transcripts=")
    plain.assert_outcomes(passed=2)  # the specs only: no data file is read as a log unless asked for


def test_a_run_of_recorded_conversations_shows_their_models_only(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    write_jsonl(laptops / "log.jsonl", chat_record())
    alone = pytester.runpytest("log.jsonl", "-p", "no:cacheprovider")
    assert not any(line.startswith(" reference") for line in alone.outlines)  # no row of zeros
    alone.stdout.fnmatch_lines([" team-shopper * 1 * 1 * 1 * 100.0%*"])
    both = pytester.runpytest("log.jsonl", "specs", "-p", "no:cacheprovider")
    shows(both, " reference * 2 * 2 * 2 * 100.0%*", " team-shopper * 1 * 1 * 1 * 100.0%*")


def test_the_baseline_gate_compares_recorded_runs(pytester: pytest.Pytester, laptops: Path) -> None:
    write_jsonl(
        laptops / "log.jsonl", chat_record(), chat_record(scenario="no-fit", bought="lenovo-chromebook")
    )
    saved = pytester.runpytest(
        "log.jsonl", "--salessim-save-baseline", "baseline.json", "-p", "no:cacheprovider"
    )
    saved.assert_outcomes(passed=1, failed=1)
    write_jsonl(
        laptops / "log.jsonl",
        chat_record(bought="dell-xps-13"),
        chat_record(scenario="no-fit", bought="lenovo-chromebook"),
    )
    gated = pytester.runpytest("log.jsonl", "--salessim-baseline", "baseline.json", "-p", "no:cacheprovider")
    assert gated.ret == 1
    gated.stdout.fnmatch_lines(
        [
            "baseline gate FAILED (against baseline.json)",
            "  regression: team-shopper: alignment fell 50.0% -> 0.0%*",
            "  new failure: team-shopper: writer (log.jsonl::writer[[]team-shopper]) passed in the baseline*",
        ]
    )
    gated.assert_outcomes(failed=1, xfailed=1)  # no-fit failed in the baseline too: a known failure


def test_under_xdist_the_figures_are_those_of_a_serial_run(pytester: pytest.Pytester, laptops: Path) -> None:
    write_jsonl(laptops / "log.jsonl", *[chat_record(scenario=s) for s in ("writer", "no-fit") * 3])
    serial = pytester.runpytest("log.jsonl", "--salessim-report", "serial", "-p", "no:cacheprovider")
    parallel = pytester.runpytest(
        "log.jsonl", "-n", "2", "--salessim-report", "parallel", "-p", "no:cacheprovider"
    )
    assert serial.parseoutcomes() == parallel.parseoutcomes() == {"passed": 3, "failed": 3}
    one = json.loads((laptops / "serial" / "results.json").read_text())
    two = json.loads((laptops / "parallel" / "results.json").read_text())
    assert one["figures"] == two["figures"] and one["summary"] == two["summary"]


def test_a_run_graded_again_into_its_own_report_folder_is_read_before_it_is_written(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    pytester.runpytest("specs", "-p", "no:cacheprovider").assert_outcomes(passed=2)
    again = pytester.runpytest("reports/transcripts.jsonl", "-p", "no:cacheprovider")
    again.assert_outcomes(passed=2)  # the run writes transcripts.jsonl as items finish: a copy was read
    lines = (laptops / "reports" / "transcripts.jsonl").read_text().splitlines()
    assert sorted(json.loads(line)["nodeid"] for line in lines) == [
        "reports/transcripts.jsonl::no-fit[reference]",
        "reports/transcripts.jsonl::writer[reference]",
    ]
