"""pytest-salessim: test shopper simulators for decision alignment (the SalesSim checks).

PYTEST_DONT_REWRITE: the plugin raises its own assertion messages.
"""

from __future__ import annotations

from .simulators.base import Shopper, ShopperBrief, ShopperMessage, Simulator
from .transcript import Decision, ToolCall, ToolResult, Transcript, Turn, Usage

__version__ = "0.1.0"

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
