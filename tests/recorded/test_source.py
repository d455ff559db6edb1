"""Reading a recorded file: each record with its line and byte span, JSON Lines or one document,
and each record read again from its span alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pytest_salessim.recorded.source import UnreadableFile, read_records, read_span


def _read(path: Path) -> list[tuple[int, object, str | None]]:
    return [(r.line, r.value, r.problem) for r in read_records(path)]


def test_json_lines_give_each_record_its_line_and_skip_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"a": 1}\n\n  \n{"b": "\xc3\xa9"}\r\nnot json\n')
    records = list(read_records(path))
    assert [(r.line, r.value, r.problem) for r in records] == [
        (1, {"a": 1}, None),
        (4, {"b": "é"}, None),
        (5, None, "not JSON: Expecting value (column 1)"),
    ]
    assert [read_span(path, r.span) for r in records[:2]] == [{"a": 1}, {"b": "é"}]


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_json_document_gives_each_element_its_line_and_span(tmp_path: Path, wrapped: bool) -> None:
    records = [{"name": "Émile", "n": i, "nested": {"list": [1, {"x": "ü"}]}} for i in range(3)]
    document = (
        {"meta": {"simulations": "not this"}, "simulations": records, "after": [1]} if wrapped else records
    )
    path = tmp_path / "rollouts.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    found = list(read_records(path))
    text = path.read_text(encoding="utf-8").splitlines()
    assert [r.value for r in found] == records
    assert all(text[r.line - 1].strip() == "{" for r in found)
    assert [read_span(path, r.span) for r in found] == records  # bytes, not characters, though not ASCII


def test_a_single_object_written_over_several_lines_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"conversation": [], "shopper_persona": {"name": "Bob"}}, indent=2))
    (record,) = read_records(path)
    assert record.line == 1 and record.value == {"conversation": [], "shopper_persona": {"name": "Bob"}}


def test_a_broken_document_is_unreadable_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[\n  {"a": 1},\n  {"a": 2,}\n]\n')
    with pytest.raises(
        UnreadableFile, match=r"not JSON: Expecting property name enclosed in double quotes \(line 3"
    ):
        list(read_records(path))


def test_a_span_read_again_after_the_file_changed_says_so(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"a": 1}\n{"b": 2}\n')
    second = list(read_records(path))[1]
    path.write_text('{"a": 1}\n')
    with pytest.raises(ValueError, match="log.jsonl changed since it was collected"):
        read_span(path, second.span)
