"""Reading a file of recorded conversations: each record with its line and where its bytes lie.

Two shapes, told apart by the content: JSON Lines (one record a line: this project's
transcripts.jsonl, chat-format logs, rollouts streamed to disk) and one JSON document (a list of
records, `{"simulations": [...]}`, or a single record, as the SalesSim authors' tools write them).
Collection reads each record once, for its scenario and model, and keeps only its byte span; an item
reads its own record again when it runs, so a log of any length is never held in memory whole.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\n\r"
BOM = b"\xef\xbb\xbf"


class UnreadableFile(Exception):
    """Nothing in the file can be read: one error of the file."""


@dataclass(frozen=True)
class Span:
    start: int  # byte offset in the file
    length: int


@dataclass(frozen=True)
class RawRecord:
    """One record as collection met it: the parsed value, or why it could not be parsed."""

    line: int  # 1-based, where the record starts
    span: Span
    value: dict[str, Any] | None
    problem: str | None = None


def _record(line: int, span: Span, value: Any) -> RawRecord:
    if isinstance(value, dict):
        return RawRecord(line, span, value)
    return RawRecord(line, span, None, f"a record is a JSON object, not {_kind(value)}")


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number"
    )


def read_records(path: Path) -> Iterator[RawRecord]:
    """Every record of the file, in order. Raises UnreadableFile when it is neither shape."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    first = head.removeprefix(BOM).lstrip()[:1]
    if first == b"[":
        yield from _document(path)
        return
    found = False
    failures: list[RawRecord] = []
    for record in _lines(path):
        if record.value is not None:
            found = True
        elif not found:
            failures.append(record)
            if first == b"{" and len(failures) == 1 and _whole_document(path):
                yield from _document(path)  # one JSON object written over several lines
                return
            continue
        yield from failures
        failures.clear()
        yield record
    if not found:
        if not failures:
            raise UnreadableFile("no records: the file is empty")
        if first == b"{":  # one JSON object over several lines, broken: say where, as a document
            yield from _document(path)
        raise UnreadableFile(f"nothing in it is JSON: line {failures[0].line}: {failures[0].problem}")


def _lines(path: Path) -> Iterator[RawRecord]:
    offset = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            start, offset = offset, offset + len(raw)
            body = raw.removeprefix(BOM) if number == 1 else raw
            if not body.strip():
                continue
            skipped = len(raw) - len(body)
            span = Span(start + skipped, len(body))
            try:
                value = json.loads(body.decode("utf-8").rstrip("\r\n"))
            except UnicodeDecodeError as err:
                yield RawRecord(number, span, None, f"not UTF-8: byte {err.start + 1} of the line")
            except json.JSONDecodeError as err:
                yield RawRecord(number, span, None, f"not JSON: {err.msg} (column {err.colno})")
            except RecursionError:
                yield RawRecord(number, span, None, "not JSON that can be read: nested too deep")
            else:
                yield _record(number, span, value)


def _whole_document(path: Path) -> bool:
    """Whether the file parses as one JSON value (a pretty-printed object is not JSON Lines)."""
    try:
        json.loads(path.read_bytes().removeprefix(BOM).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False
    return True


class _Positions:
    """Character offsets of a decoded text as byte offsets and line numbers, walked forwards once."""

    def __init__(self, text: str, base: int):
        self.text, self.char, self.byte, self.line = text, 0, base, 1

    def at(self, char: int) -> tuple[int, int]:
        assert char >= self.char
        chunk = self.text[self.char : char]
        self.byte += len(chunk.encode("utf-8"))
        self.line += chunk.count("\n")
        self.char = char
        return self.byte, self.line


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _expect(text: str, index: int, char: str) -> int:
    if index >= len(text) or text[index] != char:
        got = repr(text[index]) if index < len(text) else "the end of the file"
        raise json.JSONDecodeError(f"expected {char!r}, found {got}", text, index)
    return index + 1


def _document(path: Path) -> Iterator[RawRecord]:
    """The records of one JSON document: a list, an object holding `simulations`, or one record."""
    data = path.read_bytes()
    base = len(BOM) if data.startswith(BOM) else 0
    try:
        text = data[base:].decode("utf-8")
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"not UTF-8: byte {base + err.start + 1}") from None
    del data
    positions = _Positions(text, base)
    try:
        start = _skip(text, 0)
        if text[start : start + 1] == "[":
            end = yield from _elements(text, start, positions)
        else:
            end = yield from _object(text, start, positions)
        if _skip(text, end) != len(text):
            raise json.JSONDecodeError("extra data after the document", text, _skip(text, end))
    except json.JSONDecodeError as err:
        raise UnreadableFile(f"not JSON: {err.msg} (line {err.lineno}, column {err.colno})") from None
    except RecursionError:
        raise UnreadableFile("not JSON that can be read: nested too deep") from None


def _elements(text: str, start: int, positions: _Positions) -> Generator[RawRecord, None, int]:
    """The elements of the JSON list at `start`, each parsed and placed; returns where the list ends."""
    index = _skip(text, _expect(text, start, "["))
    if text[index : index + 1] == "]":
        return index + 1
    while True:
        value, end = _DECODER.raw_decode(text, index)
        first_byte, line = positions.at(index)
        last_byte, _ = positions.at(end)
        yield _record(line, Span(first_byte, last_byte - first_byte), value)
        index = _skip(text, end)
        if text[index : index + 1] == "]":
            return index + 1
        index = _skip(text, _expect(text, index, ","))


def _object(text: str, start: int, positions: _Positions) -> Generator[RawRecord, None, int]:
    """A top-level object: the elements of its `simulations` list, or else the object as one record.

    Each value is parsed once while its keys are read; returns where the object ends.
    """
    index = _skip(text, _expect(text, start, "{"))
    listed = False
    while text[index : index + 1] != "}":
        key, index = _DECODER.raw_decode(text, index)
        index = _skip(text, _expect(text, _skip(text, index), ":"))
        if key == "simulations" and text[index : index + 1] == "[" and not listed:
            listed = True
            index = yield from _elements(text, index, positions)
        else:
            index = _DECODER.raw_decode(text, index)[1]
        index = _skip(text, index)
        if text[index : index + 1] != "}":
            index = _skip(text, _expect(text, index, ","))
    end = index + 1
    if not listed:
        value, end = _DECODER.raw_decode(text, start)
        first_byte, line = positions.at(start)
        last_byte, _ = positions.at(end)
        yield _record(line, Span(first_byte, last_byte - first_byte), value)
    return end


def read_span(path: Path, span: Span) -> dict[str, Any]:
    """A record read again from its bytes (an item runs). Raises ValueError when it changed."""
    with path.open("rb") as handle:
        handle.seek(span.start)
        raw = handle.read(span.length)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        value = None
    if not isinstance(value, dict):
        raise ValueError(f"{path.name} changed since it was collected: run pytest again")
    return value
