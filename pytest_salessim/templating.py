"""The Jinja2 sandbox in which spec templates render: nothing a spec says runs outside it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_OUTPUT = 4000


def money(amount: float) -> str:
    """`$89` for a whole amount, `$89.99` otherwise."""
    if float(amount).is_integer():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


class _Sandbox(ImmutableSandboxedEnvironment):
    """Also bounds `*` and `**`, so `{{ 'a' * 10**9 }}` cannot exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (abs(right) > 64 if isinstance(right, int | float) else True):
            raise SecurityError("exponent too large")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
            numbers = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
            if sizes and numbers and sizes[0] * numbers[0] > MAX_OUTPUT:
                raise SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


@cache
def environment() -> ImmutableSandboxedEnvironment:
    env = _Sandbox(undefined=StrictUndefined, autoescape=False)
    env.filters["money"] = money
    return env


class TemplateProblem(Exception):
    """A template that does not render: the message says why."""


@lru_cache(maxsize=4096)
def compiled(source: str) -> Template:
    return environment().from_string(source)


def render(source: str, context: Mapping[str, Any]) -> str:
    """Render `source` in the sandbox, or raise TemplateProblem with a one-line reason."""
    try:
        text = compiled(source).render(**context)
    except TemplateError as err:
        raise TemplateProblem(f"{type(err).__name__}: {err}") from None
    except (LookupError, TypeError, ValueError, ArithmeticError, AttributeError) as err:
        raise TemplateProblem(f"{type(err).__name__}: {err}") from None
    if len(text) > MAX_OUTPUT:
        raise TemplateProblem(f"renders {len(text)} characters; at most {MAX_OUTPUT} allowed")
    return text.strip()


def catalog_context(lookup: Callable[[str], Any], products: Any) -> dict[str, Any]:
    """What every template sees: `product(id)`, `products`, `money`."""

    def product(product_id: str) -> Any:
        found = lookup(product_id)
        if found is None:
            raise LookupError(f"product({product_id!r}): no such product in the catalog")
        return found

    return {"product": product, "products": products, "money": money}
