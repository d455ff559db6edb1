"""Spec errors: each names the file, the line, the field path and what was expected."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """`scenarios[0].persona.budget`, the way a user writes it."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int
    field: FieldPath
    message: str

    def render(self, root: Path | None = None) -> str:
        shown = self.file
        if root is not None and self.file.is_relative_to(root):
            shown = self.file.relative_to(root)
        return f"{shown}:{self.line}: {format_field(self.field)}: {self.message}"


class SpecError(Exception):
    """A spec file that cannot be played: one collection error listing every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: Sequence[Problem] = sorted(problems, key=lambda p: (str(p.file), p.line))
        super().__init__(self.render())

    def render(self, root: Path | None = None) -> str:
        count = len(self.problems)
        head = f"invalid salessim spec ({count} problem{'s' if count != 1 else ''}):"
        return "\n".join([head, *("  " + p.render(root) for p in self.problems)])
