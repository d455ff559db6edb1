"""YAML read with the line of every field, safely: no tags, no alias bombs, no deep nesting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import FieldPath, Problem, SpecError

MAX_NODES = 20_000
MAX_DEPTH = 40
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: much faster
_MARKER = re.compile(rb"^\s*salessim\s*:\s*1\s*(#.*)?$")


def is_spec_file(path: Path) -> bool:
    """True when the first line that is not blank or a comment is `salessim: 1` (read as bytes)."""
    try:
        with path.open("rb") as handle:
            for raw in handle:
                line = raw.lstrip(b"\xef\xbb\xbf").strip()
                if not line or line.startswith(b"#") or line == b"---":
                    continue
                return _MARKER.match(line) is not None
    except OSError:
        return False
    return False


@dataclass(frozen=True)
class Document:
    """A parsed YAML file and the line (1-based) of each field path in it."""

    path: Path
    data: Any
    lines: dict[FieldPath, int]

    def line_of(self, field: FieldPath) -> int:
        """The line of `field`, or of its nearest ancestor that has one."""
        while field and field not in self.lines:
            field = field[:-1]
        return self.lines.get(field, 1)

    def problem(self, field: FieldPath, message: str) -> Problem:
        return Problem(self.path, self.line_of(field), field, message)


def read_document(path: Path, raw: bytes | None = None) -> Document:
    """Parse `path` (whose bytes are `raw`, when already read) or raise a SpecError saying where and
    why it is not valid YAML."""
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SpecError(
            [Problem(path, line, (), f"not UTF-8 text (byte 0x{raw[err.start]:02x}); save it as UTF-8")]
        ) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecError([Problem(path, 1, (), "the file is empty; expected a YAML mapping")])
        lines: dict[FieldPath, int] = {}
        _walk(path, node, (), 0, lines, [0])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        context = err.context
        if context and err.context_mark is not None and err.context_mark.line + 1 != line:
            context += f" (from line {err.context_mark.line + 1})"
        what = " ".join(str(s) for s in (context, err.problem) if s).replace("<stream end>", "end of file")
        if "nesting depth" in what:  # libyaml's own limit
            raise SpecError([Problem(path, line, (), f"nested deeper than {MAX_DEPTH} levels")]) from None
        raise SpecError([Problem(path, line, (), f"not valid YAML: {what}")]) from None
    except yaml.YAMLError as err:
        raise SpecError([Problem(path, 1, (), f"not valid YAML: {err}")]) from None
    except RecursionError:
        raise SpecError([Problem(path, 1, (), f"nested deeper than {MAX_DEPTH} levels")]) from None
    finally:
        loader.dispose()
    return Document(path, data, lines)


def _walk(
    path: Path, node: yaml.Node, field: FieldPath, depth: int, lines: dict[FieldPath, int], count: list[int]
) -> None:
    count[0] += 1
    line = node.start_mark.line + 1
    if count[0] > MAX_NODES:
        raise SpecError(
            [Problem(path, line, field, f"expands to more than {MAX_NODES} values (an alias bomb?)")]
        )
    if depth > MAX_DEPTH:
        raise SpecError([Problem(path, line, field, f"nested deeper than {MAX_DEPTH} levels")])
    if node.tag.startswith("tag:yaml.org,2002:") is False:
        raise SpecError([Problem(path, line, field, f"YAML tag {node.tag!r} is not allowed")])
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise SpecError(
                    [Problem(path, key_node.start_mark.line + 1, field, "merge keys (<<) are not supported")]
                )
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if key in seen:
                raise SpecError(
                    [Problem(path, key_node.start_mark.line + 1, (*field, key), f"duplicate key {key!r}")]
                )
            seen.add(key)
            lines.setdefault((*field, key), key_node.start_mark.line + 1)
            _walk(path, value_node, (*field, key), depth + 1, lines, count)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault((*field, index), item.start_mark.line + 1)
            _walk(path, item, (*field, index), depth + 1, lines, count)
    lines.setdefault(field, line)
