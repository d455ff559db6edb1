"""YAML read with the line of every field, safely: no tags, no alias bombs, no deep nesting."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FieldPath, Problem, SpecError

if TYPE_CHECKING:
    import yaml  # imported when a file is parsed: a run that finds every file in the store needs none

MAX_NODES = 20_000
MAX_DEPTH = 40
_MARKER = re.compile(rb"^salessim\s*:\s*(\S.*?)\s*(?:#.*)?$")
VERSION = "1"
NOT_A_SPEC = "not a salessim spec: its first line that is not blank or a comment must be `salessim: 1`"


def first_line(path: Path) -> tuple[int, bytes] | None:
    """The number and text of the first line that is not blank, a comment or `---` (read as bytes,
    so that a file that is not UTF-8 is recognised too); None for an empty file."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            line = raw.lstrip(b"\xef\xbb\xbf").strip()
            if line and not line.startswith(b"#") and line != b"---":
                return number, line
    return None


def spec_version(path: Path) -> tuple[int, str] | None:
    """The line and value of `salessim: VALUE` when it is the file's first line (see `first_line`),
    whatever the value: a file that says it is a spec of another version is still meant as a spec."""
    try:
        found = first_line(path)
    except OSError:
        return None
    match = _MARKER.match(found[1]) if found else None
    if found is None or match is None:
        return None
    return found[0], match.group(1).decode("utf-8", "replace")


def is_spec_file(path: Path) -> bool:
    """True when the first line that is not blank or a comment is `salessim: 1` (read as bytes)."""
    version = spec_version(path)
    return version is not None and version[1] == VERSION


def check_marker(path: Path) -> None:
    """Raise a SpecError unless `path` starts with `salessim: 1`: a file of another version, or a file
    named on the command line that is no spec, is told why it is not read."""
    version = spec_version(path)
    if version is None:
        found = first_line(path)
        line, text = found if found else (1, b"")
        shown = text.decode("utf-8", "replace")[:60]
        raise SpecError([Problem(path, line, (), NOT_A_SPEC + (f", not `{shown}`" if shown else ""))])
    line, value = version
    if value != VERSION:
        message = f"{value}: this pytest-salessim reads version {VERSION}"
        raise SpecError([Problem(path, line, ("salessim",), message)])


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
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml when PyYAML has it: faster
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecError([Problem(path, 1, (), "the file is empty; expected a YAML mapping")])
        reader = _Reader(path, loader)
        data = reader.value(node, (), 0)
        if reader.unusual:  # a YAML type beyond mappings, lists and scalars (!!set, !!omap): PyYAML builds it
            data = loader.construct_document(node)
    except yaml.reader.ReaderError as err:  # a character YAML does not allow: not marked with a line
        raise SpecError([_bad_character(path, text, err)]) from None
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
    return Document(path, data, reader.lines)


def _bad_character(path: Path, text: str, err: Any) -> Problem:
    """Where the character is: its line, and its column in the message. libyaml counts bytes and
    PyYAML characters, so the character itself is looked for."""
    character = chr(err.character) if isinstance(err.character, int) else "\0"
    at = text.find(character)
    if at < 0:
        at = min(max(int(err.position), 0), len(text))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    name = "a NUL byte" if character == "\0" else f"the control character U+{ord(character):04X}"
    allowed = "YAML allows no control characters but tab and newline"
    return Problem(path, line, (), f"not valid YAML: {name} at column {column}; {allowed}")


_MAP, _SEQ, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:str"


class _Reader:
    """One walk over the composed YAML: refuses what a spec must not hold (tags, merge keys, duplicate
    keys, bombs, depth), records the line of every field, and builds the plain data as it goes."""

    def __init__(self, path: Path, loader: Any):
        import yaml

        self.path = path
        self.loader = loader
        self.yaml = yaml
        self.lines: dict[FieldPath, int] = {}
        self.count = 0
        self.unusual = False

    def fail(self, line: int, field: FieldPath, message: str) -> SpecError:
        return SpecError([Problem(self.path, line, field, message)])

    def value(self, node: yaml.Node, field: FieldPath, depth: int) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            raise self.fail(line, field, f"expands to more than {MAX_NODES} values (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise self.fail(line, field, f"nested deeper than {MAX_DEPTH} levels")
        tag = node.tag
        if not tag.startswith("tag:yaml.org,2002:"):
            raise self.fail(line, field, f"YAML tag {tag!r} is not allowed")
        self.lines.setdefault(field, line)
        if isinstance(node, self.yaml.ScalarNode):
            return node.value if tag == _STR else self.scalar(node, field, line)
        lines = self.lines
        if isinstance(node, self.yaml.SequenceNode):
            self.unusual |= tag != _SEQ
            items = []
            for index, item in enumerate(node.value):
                lines.setdefault((*field, index), item.start_mark.line + 1)
                items.append(self.value(item, (*field, index), depth + 1))
            return items
        self.unusual |= tag != _MAP
        mapping: dict[Any, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_line, field, "merge keys (<<) are not supported")
            scalar = isinstance(key_node, self.yaml.ScalarNode)
            name = key_node.value if scalar else str(key_node.start_mark)
            if name in seen:
                raise self.fail(key_line, (*field, name), f"duplicate key {name!r}")
            seen.add(name)
            lines.setdefault((*field, name), key_line)
            value = self.value(value_node, (*field, name), depth + 1)
            if scalar:
                mapping[name if key_node.tag == _STR else self.scalar(key_node, field, key_line)] = value
            else:
                self.unusual = True  # a mapping or list as a key: PyYAML says why it cannot be one
        return mapping

    def scalar(self, node: yaml.ScalarNode, field: FieldPath, line: int) -> Any:
        """A number, boolean, null or date, as PyYAML reads it."""
        try:
            return self.loader.construct_object(node)
        except self.yaml.YAMLError:
            raise
        except (ValueError, TypeError, OverflowError) as err:  # 2001-02-30 reads as a date, but is none
            kind = _KINDS.get(node.tag, node.tag.rsplit(":", 1)[-1])
            message = f"{node.value!r} reads as {kind} but is not one ({err}); quote it to keep it as text"
            raise self.fail(line, field, message) from None


_KINDS = {"tag:yaml.org,2002:timestamp": "a date", "tag:yaml.org,2002:int": "a whole number"}
