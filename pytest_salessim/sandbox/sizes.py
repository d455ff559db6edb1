"""What an operation would make, found before it runs: the few that can make a large value out of
small ones (`'a' * n`, `center(n)`, `replace('', s)`, `join`, `%` and `format` widths, some filters)
are refused when the result would be longer than the render's limit."""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

from jinja2.utils import generate_lorem_ipsum, pass_context

from .budget import BUDGET, Budget, OverLimit

INT_BITS = 16_384  # about 4,900 digits: Python's own limit for printing an int is 4,300

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")


def _number(digits: str) -> int:
    return int(digits) if len(digits) < 10 else 1 << 62


def percent_size(fmt: Any) -> int:
    """The most that `fmt % values` adds to its values: its own text and its field widths."""
    if not isinstance(fmt, str):
        return 0
    total = len(fmt)
    for match in _PERCENT.finditer(fmt):
        for group in match.groups():
            if group == "*":
                raise OverLimit("a width taken from the values (%*d) is not allowed in a spec template")
            total += _number(group) if group else 0
    return total


def brace_size(fmt: str) -> int:
    """The most that `fmt.format(...)` adds to its values: its own text and its field widths."""
    total = len(fmt)
    for _, _, spec, _ in string.Formatter().parse(fmt):
        if spec and "{" in spec:
            raise OverLimit("a width taken from the values ({:{}}) is not allowed in a spec template")
        total += sum(_number(d) for d in re.findall(r"\d+", spec or ""))
    return total


def replaced_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    """The length of `text.replace(old, new, count)`, found without making it."""
    kind = type(text)
    if kind not in (str, bytes) or type(old) is not kind or type(new) is not kind:
        return len(text) if isinstance(text, str | bytes) else 0
    found: int = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _int(value: Any) -> int:
    return value if isinstance(value, int) else 0


def method_size(
    budget: Budget, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Check a call of a str or bytes method that can grow its string, before it runs; the arguments
    to call it with (an iterator to join, as a list)."""
    wrapped = getattr(method, "__wrapped__", method)  # the sandbox wraps str.format
    owner, name = getattr(wrapped, "__self__", None), getattr(wrapped, "__name__", "")
    if not isinstance(owner, str | bytes | bytearray):
        return args
    first = args[0] if args else None
    what = f"{type(owner).__name__}.{name}()"
    if name in ("center", "ljust", "rjust", "zfill"):
        budget.within(_int(kwargs.get("width", first)), what)
    elif name == "expandtabs":
        tab = _int(kwargs.get("tabsize", first if args else 8))
        tabs = owner.count("\t") if isinstance(owner, str) else owner.count(b"\t")
        budget.within(len(owner) + tabs * tab, what)
    elif name == "replace":
        budget.within(replaced_size(owner, *args[:3]), what)
    elif name == "join" and args:
        items = budget.materialized(first)
        count = len(items) if hasattr(items, "__len__") else 0
        budget.within(budget.size(items) + len(owner) * count, what)
        return (items, *args[1:])
    elif name == "translate" and isinstance(first, dict):
        longest = max((len(v) for v in first.values() if isinstance(v, str | bytes)), default=1)
        budget.within(len(owner) * max(longest, 1), what)
    elif name in ("format", "format_map") and isinstance(owner, str):
        budget.within(brace_size(owner) + budget.size(args) + budget.size(kwargs), what)
    return args


def binop_size(budget: Budget, operator: str, left: Any, right: Any) -> None:
    """Check an operation that can make a large value (`*`, `+`, `**`, `%`), before it runs."""
    what = f"'{operator}'"
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > INT_BITS:
                raise OverLimit(f"{what} would make a number of more than {INT_BITS:,} bits")
            return
        sequence, times = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(times, int) and isinstance(sequence, str | bytes | list | tuple):
            budget.within(budget.size(sequence) * max(times, 0), what)
    elif operator == "+":
        if isinstance(left, str | bytes | list | tuple) and isinstance(right, str | bytes | list | tuple):
            budget.within(budget.size(left) + budget.size(right), what)
    elif operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
        if max(left.bit_length(), 1) * right > INT_BITS:
            raise OverLimit(f"{what} would make a number of more than {INT_BITS:,} bits")
    elif operator == "%" and isinstance(left, str):
        budget.within(percent_size(left) + budget.size(right), what)


# -- filters: each checked before it runs, its result measured after

_LAZY = frozenset({"map", "select", "reject", "selectattr", "rejectattr", "batch", "slice", "first", "items"})


def _indent(budget: Budget, s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
    pad = len(width) if isinstance(width, str) else _int(width)
    text = str(s)
    return len(text) + (text.count("\n") + 1) * pad


def _wordwrap(
    budget: Budget, s: Any, width: Any = 79, long: bool = True, wrapstring: Any = None, *_: Any
) -> int:
    text = str(s)
    lines = len(text) // max(_int(width), 1) + len(text.split()) + 1
    return len(text) + lines * len(str(wrapstring) if wrapstring is not None else "\n")


def _join(budget: Budget, value: Any, d: Any = "", attribute: Any = None) -> int:
    items = list(value) if isinstance(value, dict | set | frozenset) else value
    count = len(items) if hasattr(items, "__len__") else 0
    return budget.size(items) + len(str(d)) * count


def _sum(budget: Budget, iterable: Any, attribute: Any = None, start: Any = 0) -> int:
    if not isinstance(start, int | float):
        raise OverLimit("`sum` adds numbers only in a spec template (a list `start` takes quadratic time)")
    return 0


def _tojson(budget: Budget, value: Any, indent: Any = None) -> int:
    return budget.size(value) * (2 + min(_int(indent), 1 << 20))


_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda b, value, width=80: _int(width) + len(str(value)),
    "indent": _indent,
    "wordwrap": _wordwrap,
    "replace": lambda b, s, old, new, count=None: replaced_size(str(s), str(old), str(new), count),
    "join": _join,
    "format": lambda b, value, *args, **kwargs: percent_size(value) + b.size(args) + b.size(kwargs),
    "batch": lambda b, value, linecount, fill_with=None: _int(linecount),
    "slice": lambda b, value, slices, fill_with=None: _int(slices),
    "sum": _sum,
    "tojson": _tojson,
    "pprint": lambda b, value: b.size(value) * 4,
}


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` (a filter) checked before and measured after each call. The wrapper takes the context,
    so Jinja2 never runs it at compile time (constant folding), outside any budget."""
    passes = getattr(getattr(func, "jinja_pass_arg", None), "name", None)
    estimate = _FILTER_SIZES.get(name)

    @pass_context
    def bounded(context: Any, value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.clock()
            if name not in _LAZY:
                value = budget.materialized(value)
            if estimate is not None:
                budget.within(estimate(budget, value, *args, **kwargs), f"the {name} filter")
        if passes == "context":
            result = func(context, value, *args, **kwargs)
        elif passes == "eval_context":
            result = func(context.eval_ctx, value, *args, **kwargs)
        elif passes == "environment":
            result = func(context.environment, value, *args, **kwargs)
        else:
            result = func(value, *args, **kwargs)
        return result if budget is None or name in _LAZY else budget.sized(result, f"the {name} filter")

    bounded.__name__ = name
    return bounded


def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
    """Jinja2's lorem ipsum, checked first: `lipsum(10**9)` would run for ever."""
    budget = BUDGET.get()
    if budget is not None:
        budget.within(_int(n) * _int(max) * 12, "lipsum()")
    return generate_lorem_ipsum(n, html, min, max)
