"""Bad input: a line that is not JSON, a record missing its conversation, a record of no known format,
one that names no scenario: each one error of its own item at its line, with no traceback, and the
others graded; a file where nothing can be read is one error of the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import chat_record, shows, write_jsonl


def test_each_bad_record_is_an_error_at_its_line_and_the_others_are_graded(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    write_jsonl(
        laptops / "mixed.jsonl",
        chat_record(),
        '{"scenario": "writer", "messages": [',  # cut off mid-line
        {"scenario": "writer", "model": "team-shopper"},  # no messages
        {"prompt": "hi", "completion": "hello"},  # no known format
        chat_record(scenario="no-such-scenario"),
        chat_record(scenario="no-fit", bought="lenovo-chromebook"),  # Bob buys what he must not: a failure
        [1, 2, 3],
        chat_record(),
    )
    result = pytester.runpytest("mixed.jsonl", "--salessim-specs", "specs", "-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=2, failed=1, errors=5)
    shows(
        result,
        "mixed.jsonl:2: not JSON: Expecting value (column 37)",
        "mixed.jsonl:3: a record missing its conversation (`messages`)",
        "mixed.jsonl:4: unknown format: a record has `transcript` (pytest-salessim's transcripts.jsonl), "
        "`conversation` (a SalesSim rollout) or `messages` (a chat-format log); "
        "this one's keys: completion, prompt",
        "mixed.jsonl:5: no scenario for scenario 'no-such-scenario' among the 2 of specs/",
        "mixed.jsonl:7: a record is a JSON object, not a list",
        "ERROR mixed.jsonl::line-2 - Failed: mixed.jsonl:2: not JSON*",
        "PASSED mixed.jsonl::writer[[]team-shopper]",
        "PASSED mixed.jsonl::writer[[]team-shopper]#3",
        "FAILED mixed.jsonl::no-fit[[]team-shopper]*",
        "salessim recorded: 3 conversations graded; "
        "not graded (errors of their items): 1 of no scenario, 4 unreadable",
    )
    assert "Traceback" not in result.stdout.str() and "def " not in result.stdout.str()
    # -k selects by name; each error's node keeps its own line for --lf and editors
    rerun = pytester.runpytest("mixed.jsonl", "-k", "line-2 or no-fit", "-p", "no:cacheprovider", "-q")
    rerun.assert_outcomes(failed=1, errors=1)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "no records: the file is empty"),
        ("hello\nworld\n", "nothing in it is JSON: line 1: not JSON: Expecting value (column 1)"),
        ('{"a": 1,\n "b": [1, 2\n}\n', "not JSON: Expecting ',' delimiter (line 3, column 1)"),
        ('[{"scenario": "writer", "messages": []}, oops]', "not JSON: Expecting value (line 1, column 42)"),
        (
            '{"name": "config", "settings": {"x": 1}}\n',
            "nothing in it can be graded: line 1: unknown format: *",
        ),
        (b"\xff\xfe{}".decode("latin-1"), "nothing in it is JSON: line 1: not UTF-8: byte 1 of the line"),
    ],
    ids=["empty", "text", "broken-document", "broken-list", "other-json", "not-utf8"],
)
def test_a_file_with_nothing_readable_is_one_error_of_the_file(
    pytester: pytest.Pytester, laptops: Path, content: str, expected: str
) -> None:
    (laptops / "log.jsonl").write_bytes(content.encode("latin-1"))
    result = pytester.runpytest("log.jsonl", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*ERROR collecting log.jsonl*", f"log.jsonl: no recorded conversations can be read: {expected}"]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_transcript_that_cannot_be_read_back_is_an_error_of_its_item(
    pytester: pytest.Pytester, laptops: Path
) -> None:
    pytester.runpytest("specs", "-p", "no:cacheprovider")
    lines = (laptops / "reports" / "transcripts.jsonl").read_text().splitlines()
    broken = json.loads(lines[0])
    broken["transcript"]["decision"]["kind"] = "maybe"
    (laptops / "run.jsonl").write_text(json.dumps(broken) + "\n" + lines[1] + "\n")
    result = pytester.runpytest("run.jsonl", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["run.jsonl:1: cannot read the conversation: unknown decision 'maybe'"])
