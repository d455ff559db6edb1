"""--salessim-export: every conversation of a run as chat-format JSONL, read back as a dataset."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.rewards import conversation_reward, play_scored

from .conftest import NO_FIT, WRITER, spec_text

try:  # imported here, before any pytester snapshot of sys.modules (see conftest.litellm_first)
    import datasets
except ImportError:  # not in the test extra: the file is read with the json module alone
    datasets = None

REPO = Path(__file__).parent.parent
RUN = ("--model", "reference", "--model", "weak", "-p", "no:cacheprovider", "--salessim-derandomize")
FIELDS = {
    "messages",
    "tools",
    "scores",
    "checks",
    "outcome",
    "aligned",
    "failure_class",
    "model",
    "scenario",
    "category",
    "file",
    "nodeid",
    "kind",
    "trial",
    "persuaded",
    "seed",
    "expected",
    "decision",
    "first_turn_disclosures",
    "shopper_turns",
    "usage",
}
MESSAGE_KEYS = {"role", "content", "tool_calls", "tool_call_id", "name"}


def read_rows(path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The export as `datasets` reads it when installed (one Arrow table), else as JSON lines."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if datasets is not None:
        monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
        table = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(cache))
        assert table.num_rows == len(rows) and set(table.column_names) == FIELDS
        call = table.features["messages"].feature["tool_calls"].feature["function"]
        assert call["arguments"].dtype == "string"  # arguments as JSON strings, as chat templates take them
        assert table.to_list() == rows  # every row has the same fields with the same types
    return rows


def schema(value: Any) -> Any:
    """The shape of a JSON value: keys and types, lists by their first element."""
    if isinstance(value, dict):
        return {k: schema(v) for k, v in value.items()}
    if isinstance(value, list):
        return [schema(value[0])] if value else []
    return type(value).__name__


@pytest.fixture
def laptops(pytester: pytest.Pytester) -> Path:
    shutil.copytree(REPO / "fixtures", pytester.path / "fixtures")
    (pytester.path / "specs").mkdir()
    shutil.copy(REPO / "specs" / "laptops.yaml", pytester.path / "specs" / "laptops.yaml")
    return pytester.path


def test_every_conversation_of_a_run_is_exported_with_its_scores(
    pytester: pytest.Pytester, laptops: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = pytester.runpytest("specs", *RUN, "--salessim-export", "train/conversations.jsonl")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # weak fails; the export is written all the same
    rows = read_rows(laptops / "train" / "conversations.jsonl", tmp_path / "hf", monkeypatch)

    results = json.loads((laptops / "reports" / "results.json").read_text())
    persuasion = [i for i in results["items"] if i["kind"] == "persuasion"]
    assert len(rows) == sum(len(i["trials"]) for i in results["items"])
    assert len(rows) == len((laptops / "reports" / "transcripts.jsonl").read_text().splitlines())
    counts = Counter((r["model"], r["kind"], r["outcome"]) for r in rows)
    per_model = len(persuasion) // 2
    flipped = [i for i in persuasion if i["model"] == "weak" and i["outcome"] == "failed"]
    assert per_model >= 1 and flipped
    assert counts == {
        ("reference", "scenario", "passed"): 10,
        ("reference", "persuasion", "passed"): per_model,  # unmoved: the unpersuaded trial only
        ("weak", "scenario", "failed"): 10,
        ("weak", "persuasion", "failed"): per_model + len(flipped),  # and the flipping variant's
    }
    assert sum(r["persuaded"] for r in rows) == len(flipped)

    first = schema(rows[0])
    for row in rows:
        assert set(row) == FIELDS and schema(row)["scores"] == first["scores"]
        assert all(set(m) == MESSAGE_KEYS for m in row["messages"])
        roles = [m["role"] for m in row["messages"]]
        assert roles[0] == "system" and roles[1] == "user" and "assistant" in roles
        assert row["scenario"] in row["nodeid"] and row["file"] == "specs/laptops.yaml"
        assert set(row["checks"]) == {"decision_alignment", "dealbreakers", "disclosure", "turns"}
        assert row["outcome"] == ("passed" if all(row["checks"].values()) else "failed")
        assert row["scores"]["decision_alignment"] == float(row["aligned"])
        assert 0.0 <= row["scores"]["combined"] <= 1.0
        assert json.loads(row["tools"])[0]["function"]["name"] == "search_products"

    reference = [r for r in rows if r["model"] == "reference" and r["kind"] == "scenario"]
    weak = [r for r in rows if r["model"] == "weak" and r["kind"] == "scenario"]
    assert min(r["scores"]["combined"] for r in reference) > max(r["scores"]["combined"] for r in weak)
    assert all(r["scores"]["disclosure"] == 1.0 for r in reference)


def test_a_conversation_reads_as_the_shoppers_chat(
    pytester: pytest.Pytester, laptops: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.runpytest("specs", *RUN, "-k", "not persuasion", "--salessim-export", "out.jsonl")
    rows = read_rows(laptops / "out.jsonl", tmp_path / "hf", monkeypatch)
    transcripts = [
        json.loads(line) for line in (laptops / "reports" / "transcripts.jsonl").read_text().splitlines()
    ]
    for row, line in zip(rows, transcripts, strict=True):
        turns = line["transcript"]["turns"]
        messages = row["messages"]
        assert row["nodeid"] == line["nodeid"] and row["decision"] == line["decision"]
        assert row["model"] in ("reference", "weak")
        assert "Who you are:" in messages[0]["content"]  # the persona, as the LLM shopper's system prompt
        calls = [c for m in messages for c in m["tool_calls"]]
        tool_messages = [m for m in messages if m["role"] == "tool"]
        assert len(messages) == 1 + len(turns) + len(tool_messages)
        assert [m["tool_call_id"] for m in tool_messages] == [c["id"] for c in calls]
        for turn, message in zip(
            turns, (m for m in messages if m["role"] in ("user", "assistant")), strict=True
        ):
            assert message["role"] == ("user" if turn["role"] == "agent" else "assistant")
            assert message["content"].startswith(turn["text"])
            assert all(f"(id: {card['id']})" in message["content"] for card in turn["cards"])
        last = calls[-1]["function"]
        assert last["name"] in ("add_to_cart", "end_conversation")
        if last["name"] == "add_to_cart":
            assert json.loads(last["arguments"]) == {"product_id": row["decision"]["product_id"]}
    assert str(laptops) not in (laptops / "out.jsonl").read_text()


def test_scores_are_the_multi_turn_reward_of_the_same_conversation(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    pytester.runpytest("specs", *RUN, "-k", "not persuasion and reference", "--salessim-export", "out.jsonl")
    rows = [json.loads(line) for line in (laptops / "out.jsonl").read_text().splitlines()]
    assert len(rows) == 10
    for row in rows:
        scored = play_scored(f"{row['file']}::{row['scenario']}", "reference", row["seed"], root=laptops)
        assert {k: v for k, v in scored.scores.items() if k != "variety"} == {
            k: row["scores"][k] for k in ("decision_alignment", "dealbreakers", "disclosure")
        }
        assert (
            conversation_reward(f"{row['file']}::{row['scenario']}", "reference", row["seed"], root=laptops)
            > 0.9
        )


def test_repeats_are_exported_trial_by_trial_and_the_ini_option_works(
    pytester: pytest.Pytester, store: Path
) -> None:
    (store / "laptops.yaml").write_text(spec_text(WRITER, NO_FIT))
    pytester.makeini("[pytest]\nsalessim_export = exported/run.jsonl\n")
    pytester.runpytest("specs", "--salessim-repeat", "3", "-p", "no:cacheprovider")
    rows = [json.loads(line) for line in (pytester.path / "exported" / "run.jsonl").read_text().splitlines()]
    assert [(r["scenario"], r["trial"]) for r in rows] == [("no-fit", i) for i in range(3)] + [
        ("writer", i) for i in range(3)
    ]
    assert all(r["outcome"] == "passed" and r["scores"]["decision_alignment"] == 1.0 for r in rows)


def test_under_xdist_the_controller_exports_once_the_same_rows(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    pytester.runpytest("specs", *RUN, "--salessim-export", "serial.jsonl")
    pytester.runpytest("specs", *RUN, "-n", "2", "--salessim-export", "parallel.jsonl")
    serial = (laptops / "serial.jsonl").read_text()
    assert serial and (laptops / "parallel.jsonl").read_text() == serial


def test_no_export_without_the_option_and_an_unwritable_file_is_a_warning(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    pytester.runpytest("specs", *RUN, "-k", "reference and not persuasion")
    assert [p.relative_to(laptops).as_posix() for p in laptops.rglob("*.jsonl")] == [
        "reports/transcripts.jsonl"
    ]
    (laptops / "taken").write_text("a file, not a directory")
    result = pytester.runpytest(
        "specs", *RUN, "-k", "reference and not persuasion", "--salessim-export", "taken/x.jsonl"
    )
    assert result.ret == pytest.ExitCode.OK
    result.stdout.fnmatch_lines(["*salessim: could not write the export*taken*"])
