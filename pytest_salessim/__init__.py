"""pytest-salessim: test shopper simulators for decision alignment (the SalesSim checks).

PYTEST_DONT_REWRITE: the plugin raises its own assertion messages.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .simulators.base import Shopper, ShopperBrief, ShopperMessage, Simulator
    from .transcript import Decision, ToolCall, ToolResult, Transcript, Turn, Usage

__version__ = "0.1.0"

# Where each public name lives. They are imported on first use, so that a process that needs one
# part of the package (the spec reader on a spare core, a command of the CLI) loads only that part.
_PUBLIC = {
    **dict.fromkeys(["Shopper", "ShopperBrief", "ShopperMessage", "Simulator"], ".simulators.base"),
    **dict.fromkeys(["Decision", "ToolCall", "ToolResult", "Transcript", "Turn", "Usage"], ".transcript"),
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Decision",
    "Shopper",
    "ShopperBrief",
    "ShopperMessage",
    "Simulator",
    "ToolCall",
    "ToolResult",
    "Transcript",
    "Turn",
    "Usage",
    "__version__",
]
