"""The Jinja2 sandbox with limits: a spec's template stops at a deadline and a size, never hangs or
fills memory.

Jinja2's sandbox already refuses unsafe attributes and calls; this one also meters the work. While a
render runs, its `Budget` (a context variable, set for that render only) is charged by every loop
iteration and call (a deadline and a step budget), every piece of text written, buffers of macros
and `set` blocks included, and every value built (literals, `~`, operators, filters, string methods):
none may grow past the render's character limit, and the few operations that can make a large value
from small ones (`'a' * n`, `center(n)`, `replace`, `join`, `%` and `format` widths...) are checked
before they run, not after.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain
from time import monotonic
from typing import Any

from jinja2 import TemplateError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import generate_lorem_ipsum, pass_context

STEPS = 1_000_000  # loop iterations and calls of one render
WRITE_FACTOR = 10  # text written in all (macros, `set` blocks) may reach this many times the output limit
INT_BITS = 16_384  # about 4,900 digits: Python's own limit for printing an int is 4,300
_PINNED = 256  # containers at least this large keep their measured size for the rest of the render


class OverLimit(Exception):
    """A render that went over one of its limits; the message says which."""


class TemplateFailed(Exception):
    """A template that does not compile or render: the message says why, in one line."""


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


_BUDGET: ContextVar[Budget | None] = ContextVar("salessim_template_budget", default=None)


@contextmanager
def metered(seconds: float, chars: int) -> Iterator[Budget]:
    """Meter the renders of this thread (or task) until the block ends."""
    budget = Budget(seconds, chars)
    token = _BUDGET.set(budget)
    try:
        yield budget
    finally:
        _BUDGET.reset(token)


# -- sizes of the operations that can make a large value out of small ones

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


def _method_size(
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


def _binop_size(budget: Budget, operator: str, left: Any, right: Any) -> None:
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
        budget = _BUDGET.get()
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
    budget = _BUDGET.get()
    if budget is not None:
        budget.within(_int(n) * _int(max) * 12, "lipsum()")
    return generate_lorem_ipsum(n, html, min, max)


# -- the code Jinja2 compiles a template to, metered

_STEP = "salessim_step"


def _step(node: nodes.Node) -> nodes.EnvironmentAttribute:
    return nodes.EnvironmentAttribute(_STEP, lineno=node.lineno)


class MeteredCode(CodeGenerator):
    """Compiles templates whose loops, text and literals are charged to the render's budget."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        """Each iteration (and each item its `if` filter looks at) takes a step: Jinja2 allows no
        custom node, so the step is an environment attribute, which no template can write."""
        node.body = [nodes.ExprStmt(_step(node), lineno=node.lineno), *node.body]
        if node.test is not None:
            node.test = nodes.And(_step(node), node.test, lineno=node.lineno)
        super().visit_For(node, frame)

    def visit_EnvironmentAttribute(self, node: nodes.EnvironmentAttribute, frame: Frame) -> None:
        if node.name == _STEP:
            self.write(f"environment.{_STEP}()")
        else:
            super().visit_EnvironmentAttribute(node, frame)

    def _sized(self, visit: Callable[[Any, Frame], None], node: Any, frame: Frame) -> None:
        self.write("environment.salessim_sized(")
        visit(node, frame)
        self.write(")")

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self._sized(super().visit_Concat, node, frame)

    def visit_List(self, node: nodes.List, frame: Frame) -> None:
        self._sized(super().visit_List, node, frame)

    def visit_Dict(self, node: nodes.Dict, frame: Frame) -> None:
        self._sized(super().visit_Dict, node, frame)

    def visit_Tuple(self, node: nodes.Tuple, frame: Frame) -> None:
        if node.ctx == "load":
            self._sized(super().visit_Tuple, node, frame)
        else:  # an assignment target: `{% for a, b in pairs %}`
            super().visit_Tuple(node, frame)

    # every piece of text written, to the output or to a buffer, is counted
    def _output_const_repr(self, group: Any) -> str:
        return f"environment.salessim_wrote({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.salessim_wrote(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")


class MeteredTemplate(Template):
    """A template whose plain `render` is metered too, by its environment's `default_limits` (seconds,
    characters): the shopper prompt of simulators/llm.py renders this way."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with metered(*self.environment.default_limits) as budget:  # type: ignore[attr-defined]
            return write_within(self, budget, dict(*args, **kwargs))


class MeteredSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, charging a render's budget (when one is set, see `metered`)."""

    code_generator_class = MeteredCode
    template_class = MeteredTemplate
    default_limits: tuple[float, int] = (1.0, 100_000)  # for a plain `Template.render`
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any):
        super().__init__(**options)
        self.filters = {name: bounded_filter(name, func) for name, func in self.filters.items()}
        self.globals["lipsum"] = lipsum

    def add_filter(self, name: str, func: Callable[..., Any]) -> None:
        self.filters[name] = bounded_filter(name, func)

    # Reached through the environment, so that a caller that keeps the environment (templating.py
    # caches it) meters with this module's budget and catches this Jinja2's errors, even where the
    # modules were imported again since (pytester drops the modules an inner run imported).
    failed = TemplateFailed

    def compile_checked(self, source: str) -> Template:
        """`source` compiled, or TemplateFailed saying why not."""
        try:
            return self.from_string(source)
        except TemplateError as err:
            raise TemplateFailed(f"{type(err).__name__}: {err}") from None
        except (SyntaxError, RecursionError, MemoryError) as err:  # Python's limits: 20 nested loops
            raise TemplateFailed(f"too deeply nested to compile ({type(err).__name__}: {err})") from None

    def render_metered(self, template: Template, context: dict[str, Any], seconds: float, chars: int) -> str:
        """`template` rendered within `seconds` and `chars`, or TemplateFailed saying why not."""
        try:
            with metered(seconds, chars) as budget:
                return write_within(template, budget, context)
        except OverLimit as err:
            raise TemplateFailed(f"stopped: {err}") from None
        except RecursionError:
            raise TemplateFailed("stopped: it recurses too deeply (a macro that calls itself?)") from None
        except MemoryError:
            raise TemplateFailed("stopped: it ran out of memory") from None
        except (TemplateError, LookupError, TypeError, ValueError, ArithmeticError, AttributeError) as err:
            raise TemplateFailed(f"{type(err).__name__}: {err}") from None
        except RuntimeError as err:
            raise TemplateFailed(f"{type(err).__name__}: {err}") from None

    # hooks of the generated code
    def salessim_step(self) -> bool:
        budget = _BUDGET.get()
        if budget is not None:
            budget.step()
        return True

    def salessim_sized(self, value: Any) -> Any:
        budget = _BUDGET.get()
        return value if budget is None else budget.sized(value)

    def salessim_wrote(self, text: str) -> str:
        budget = _BUDGET.get()
        if budget is not None:
            budget.written += len(text)  # Budget.wrote, inlined: called for every piece of text
            if budget.written > budget.writable:
                budget.wrote("")
        return text

    # hooks of the sandbox
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = _BUDGET.get()
        if budget is None:
            return super().call_binop(context, operator, left, right)
        budget.clock()
        _binop_size(budget, operator, left, right)
        return budget.sized(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        budget = _BUDGET.get()
        if budget is not None:
            budget.clock()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        budget = _BUDGET.get()
        if budget is not None:
            budget.clock()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = _BUDGET.get()
        if budget is None:
            return super().call(__context, __obj, *args, **kwargs)
        budget.step()
        args = _method_size(budget, __obj, args, kwargs)
        return budget.sized(super().call(__context, __obj, *args, **kwargs))


def write_within(template: Template, budget: Budget, context: dict[str, Any]) -> str:
    """The rendered text, stopped as soon as it is longer than the budget allows."""
    pieces, length = [], 0
    for piece in template.generate(context):
        length += len(piece)
        if length > budget.chars:
            raise OverLimit(f"it renders more than {budget.chars:,} characters (salessim_template_max_chars)")
        pieces.append(piece)
    return "".join(pieces)
