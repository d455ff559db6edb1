"""The Jinja2 sandbox in which spec templates render: nothing a spec says runs outside it, and no
render outlasts its time limit or its character limit (sandbox.py meters them)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # Jinja2 is imported when a template is first compiled
    from jinja2 import Template

    from .sandbox import MeteredSandbox


@dataclass(frozen=True)
class RenderLimits:
    """How long one render may run and how much text it may make (the ini options
    `salessim_template_timeout` and `salessim_template_max_chars`)."""

    seconds: float = 1.0
    chars: int = 100_000


DEFAULT_LIMITS = RenderLimits()


def money(amount: float) -> str:
    """`$89` for a whole amount, `$89.99` otherwise."""
    if float(amount).is_integer():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"


@cache
def environment() -> MeteredSandbox:
    from jinja2 import StrictUndefined

    from .sandbox import MeteredSandbox

    env = MeteredSandbox(undefined=StrictUndefined, autoescape=False)
    env.default_limits = (DEFAULT_LIMITS.seconds, DEFAULT_LIMITS.chars)
    env.add_filter("money", money)
    return env


class TemplateProblem(Exception):
    """A template that does not render: the message says why."""


@lru_cache(maxsize=4096)
def compiled(source: str) -> Template:
    """`source` compiled in the sandbox (its plain `render` has the default limits), or a
    TemplateProblem saying why it does not compile."""
    env = environment()
    try:
        return env.compile_checked(source)
    except env.failed as err:
        raise TemplateProblem(str(err)) from None


def render(source: str, context: Mapping[str, Any], limits: RenderLimits = DEFAULT_LIMITS) -> str:
    """Render `source` in the sandbox within `limits`, or raise TemplateProblem with a one-line reason."""
    template = compiled(source)
    env = environment()
    try:
        text = env.render_metered(template, dict(context), limits.seconds, limits.chars)
    except env.failed as err:
        raise TemplateProblem(str(err)) from None
    return text.strip()


def catalog_context(lookup: Callable[[str], Any], products: Any) -> dict[str, Any]:
    """What every template sees: `product(id)`, `products`, `money`."""

    def product(product_id: str) -> Any:
        found = lookup(product_id)
        if found is None:
            raise LookupError(f"product({product_id!r}): no such product in the catalog")
        return found

    return {"product": product, "products": products, "money": money}
