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

from collections.abc import Callable
from typing import Any

from jinja2 import TemplateError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.environment import Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .budget import BUDGET, Budget, OverLimit, metered
from .sizes import binop_size, bounded_filter, lipsum, method_size


class TemplateFailed(Exception):
    """A template that does not compile or render: the message says why, in one line."""


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
        budget = BUDGET.get()
        if budget is not None:
            budget.step()
        return True

    def salessim_sized(self, value: Any) -> Any:
        budget = BUDGET.get()
        return value if budget is None else budget.sized(value)

    def salessim_wrote(self, text: str) -> str:
        budget = BUDGET.get()
        if budget is not None:
            budget.written += len(text)  # Budget.wrote, inlined: called for every piece of text
            if budget.written > budget.writable:
                budget.wrote("")
        return text

    # hooks of the sandbox
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = BUDGET.get()
        if budget is None:
            return super().call_binop(context, operator, left, right)
        budget.clock()
        binop_size(budget, operator, left, right)
        return budget.sized(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.clock()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.clock()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        budget = BUDGET.get()
        if budget is None:
            return super().call(__context, __obj, *args, **kwargs)
        budget.step()
        args = method_size(budget, __obj, args, kwargs)
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
