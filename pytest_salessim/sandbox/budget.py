"""A render's budget: its deadline, its steps, the text it has written and the size of what it
builds. Set for one render at a time (a context variable), so that nothing outlives it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain
from time import monotonic
from typing import Any

STEPS = 1_000_000  # loop iterations and calls of one render
WRITE_FACTOR = 10  # text written in all (macros, `set` blocks) may reach this many times the output limit
_PINNED = 256  # containers at least this large keep their measured size for the rest of the render


class OverLimit(Exception):
    """A render that went over one of its limits; the message says which."""


class Budget:
    """What one render may still spend."""

    def __init__(self, seconds: float, chars: int):
        self.seconds = seconds
        self.chars = chars
        self.deadline = monotonic() + seconds
        self.steps = 0
        self.written = 0
        self.writable = WRITE_FACTOR * chars
        self._sizes: dict[int, tuple[Any, int]] = {}  # id -> (the container, pinned so the id stays its)

    def clock(self) -> None:
        if monotonic() > self.deadline:
            raise OverLimit(f"it ran longer than {self.seconds:g} s (salessim_template_timeout)")

    def step(self) -> None:
        self.steps += 1
        if self.steps > STEPS:
            raise OverLimit(f"it took more than {STEPS:,} loop iterations and calls")
        self.clock()

    def wrote(self, text: str) -> None:
        self.written += len(text)
        if self.written > self.writable:
            raise OverLimit(
                f"it writes more than {WRITE_FACTOR * self.chars:,} characters in all, macros and blocks "
                f"included ({WRITE_FACTOR} x salessim_template_max_chars)"
            )

    def within(self, size: int, what: str) -> None:
        if size > self.chars:
            raise OverLimit(
                f"{what} would be longer than {self.chars:,} characters (salessim_template_max_chars)"
            )

    def size(self, value: Any) -> int:
        """Characters, or items and their sizes for containers (a list of one long string is long)."""
        if isinstance(value, str | bytes | bytearray):
            return len(value)
        if isinstance(value, int):
            return value.bit_length() // 3 + 1
        if not isinstance(value, list | tuple | dict | set | frozenset):
            return 1
        known = self._sizes.get(id(value))
        if known is not None:
            return known[1]
        total = 1
        for item in chain.from_iterable(value.items()) if isinstance(value, dict) else value:
            total += self.size(item)
            if total > self.chars:
                break
        if total >= _PINNED:
            self._sizes[id(value)] = (value, total)
        return total

    def sized(self, value: Any, what: str = "a value it builds") -> Any:
        self.within(self.size(value), what)
        return value

    def materialized(self, value: Any) -> Any:
        """An iterator (a lazy filter's result) as a list, stopped as soon as it grows too long."""
        if not isinstance(value, Iterator):
            return value
        items, total = [], 1
        for item in value:
            self.clock()
            total += self.size(item)
            self.within(total, "a sequence it builds")
            items.append(item)
        return items


# the budget of the render in progress in this thread (or task), if any
BUDGET: ContextVar[Budget | None] = ContextVar("salessim_template_budget", default=None)


@contextmanager
def metered(seconds: float, chars: int) -> Iterator[Budget]:
    """Meter the renders of this thread (or task) until the block ends."""
    budget = Budget(seconds, chars)
    token = BUDGET.set(budget)
    try:
        yield budget
    finally:
        BUDGET.reset(token)
