"""Edits of a spec file's text at the places its YAML nodes occupy: everything else kept byte for byte.

A YAML round trip (ruamel.yaml's included) re-folds long plain scalars and re-indents what it emits,
so a file it writes back differs on lines nobody edited. Here the file is composed once with PyYAML,
whose nodes know where they start and end, and each edit replaces or inserts text at those places:
comments, order, quoting, folding and blank lines stay as they were.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

WIDTH = 100  # a `meets` list longer than this on one line is written one id a line


@dataclass(frozen=True)
class Edit:
    start: int  # character index in the file's text
    end: int
    text: str


@dataclass
class SpecText:
    """A spec file's text, its composed nodes, and the edits waiting to be applied."""

    text: str
    root: yaml.MappingNode
    edits: list[Edit] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> SpecText:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        if not isinstance(root, yaml.MappingNode):
            raise ValueError("a spec is a YAML mapping")
        return cls(text, root)

    def applied(self) -> str:
        out = self.text
        for edit in sorted(self.edits, key=lambda e: (e.start, e.end), reverse=True):
            out = out[: edit.start] + edit.text + out[edit.end :]
        return out

    def scenarios(self) -> Iterator[yaml.MappingNode]:
        node = value(self.root, "scenarios")
        if isinstance(node, yaml.SequenceNode):
            yield from (item for item in node.value if isinstance(item, yaml.MappingNode))

    def add_meets(self, criterion: yaml.Node, ids: Sequence[str]) -> None:
        """Give a criterion (a string, or a mapping with `text`) its `meets` list after its text."""
        if isinstance(criterion, yaml.ScalarNode):  # `- Windows` becomes `- {text: "Windows", meets: [...]}`
            text = json.dumps(criterion.value, ensure_ascii=False)
            self.replace(criterion, "{text: " + text + ", meets: " + flow(ids) + "}")
            return
        assert isinstance(criterion, yaml.MappingNode)
        text_key, text_value = next((k, v) for k, v in criterion.value if k.value == "text")
        if criterion.flow_style:
            self.edits.append(Edit(end(text_value), end(text_value), ", meets: " + flow(ids)))
            return
        indent = " " * text_key.start_mark.column
        at = self.line_end(end(text_value))
        line = f"{indent}meets: {flow(ids)}"
        if len(line) > WIDTH:
            line = f"{indent}meets:" + "".join(f"\n{indent}- {i}" for i in ids)
        self.edits.append(Edit(at, at, "\n" + line))

    def replace(self, node: yaml.Node, text: str) -> None:
        self.edits.append(Edit(node.start_mark.index, end(node), text))

    def replace_block(self, node: yaml.Node, data: dict[str, Any]) -> None:
        """Put `data` where a mapping value is: in flow style where the old one was, else in block
        style at its indentation."""
        if getattr(node, "flow_style", False) or isinstance(node, yaml.ScalarNode):
            self.replace(node, flow(data))
            return
        indent = " " * node.start_mark.column
        lines = block(data)
        self.replace(node, lines[0] + "".join(f"\n{indent}{line}" for line in lines[1:]))

    def line_end(self, index: int) -> int:
        """Where the line holding `index` ends (before its newline), a trailing comment included."""
        if index > 0 and self.text[index - 1] == "\n":  # a block scalar ends at the start of a line
            return index - 1
        newline = self.text.find("\n", index)
        return len(self.text) if newline < 0 else newline


def value(mapping: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node, or None."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def end(node: yaml.Node) -> int:
    """Where a node's own text ends: a block collection ends with its last value, not at the next
    token (which PyYAML's end mark points at)."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False) or not node.value:
        return int(node.end_mark.index)
    last = node.value[-1]
    return end(last[1] if isinstance(last, tuple) else last)


def _scalar(item: Any) -> str:
    if isinstance(item, str) and item and all(c.isalnum() or c in "-_." for c in item):
        return item
    return json.dumps(item, ensure_ascii=False)


def flow(data: Any) -> str:
    """`[a, b]`, `{decision: purchase, any_of: [a]}`: YAML flow style, ids unquoted."""
    if isinstance(data, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list | tuple):
        return "[" + ", ".join(flow(v) for v in data) + "]"
    return _scalar(data)


def block(data: dict[str, Any]) -> list[str]:
    """A mapping of scalars and lists of scalars in block style, lists one item a line."""
    lines = []
    for key, item in data.items():
        if isinstance(item, list) and item and len(f"{key}: {flow(item)}") > WIDTH:
            lines.append(f"{key}:")
            lines.extend(f"- {_scalar(v)}" for v in item)
        else:
            lines.append(f"{key}: {flow(item)}")
    return lines
