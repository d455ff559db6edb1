"""Shopper simulators: the things under test, resolved from `--model NAME`."""

from __future__ import annotations

from .base import Shopper, ShopperBrief, ShopperMessage, Simulator
from .reference import ReferenceSimulator
from .weak import WeakSimulator

BUILT_IN: dict[str, type[Simulator]] = {"reference": ReferenceSimulator, "weak": WeakSimulator}


class UnknownModel(ValueError):
    """A `--model` name that names no simulator."""


def resolve(name: str) -> Simulator:
    """The simulator a `--model` name stands for."""
    if name in BUILT_IN:
        return BUILT_IN[name]()
    raise UnknownModel(f"unknown --model {name!r}; built in: {', '.join(BUILT_IN)}")


__all__ = ["BUILT_IN", "Shopper", "ShopperBrief", "ShopperMessage", "Simulator", "UnknownModel", "resolve"]
