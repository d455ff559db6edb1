"""The Jinja2 sandbox in which spec templates render: nothing a spec says runs outside it."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Mapping
from functools import cache, lru_cache
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .spec.store import keep, kept

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


# Where compiled templates are kept between runs (the spec store, spec/store.py), if anywhere: a
# run then does not compile again the templates of unchanged specs (about 0.4 ms each).
_kept_in: list[Path] = []


def keep_compiled(store: Path | None) -> None:
    """Keep compiled templates in `store` from now on (None: nowhere). Set by the outermost run."""
    _kept_in[:] = [store] if store is not None else []


@cache
def _salt() -> bytes:
    """What decides a template's code besides its source: this file (the sandbox), Jinja2, Python."""
    import jinja2

    version = f"{jinja2.__version__} {sys.version}".encode()
    return hashlib.sha256(Path(__file__).read_bytes() + version).digest()


@lru_cache(maxsize=4096)
def compiled(source: str) -> Template:
    env = environment()
    key = _salt() + source.encode()
    code = kept(_kept_in[0], key) if _kept_in else None
    if not isinstance(code, CodeType):
        code = env.compile(source)  # a TemplateSyntaxError says why it does not compile
        if _kept_in:
            keep(_kept_in[0], key, code)
    return env.template_class.from_code(env, code, env.make_globals(None), None)


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
