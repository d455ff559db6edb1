"""`py:package.module:factory`: a simulator written in Python, imported from the project."""

from __future__ import annotations

import contextlib
import importlib
from typing import Any

from .base import Simulator


class BadPythonSimulator(ValueError):
    """A `py:` name that does not give a simulator."""


def load_python_simulator(name: str) -> Simulator:
    target = name.removeprefix("py:")
    module_name, _, attribute = target.partition(":")
    if not module_name or not attribute:
        raise BadPythonSimulator(f"--model {name!r}: expected py:package.module:factory")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise BadPythonSimulator(f"--model {name!r}: cannot import {module_name!r}: {err}") from None
    factory: Any = getattr(module, attribute, None)
    if factory is None:
        raise BadPythonSimulator(f"--model {name!r}: {module_name} has no {attribute!r}")
    # a class or a factory function is called; an instance is used as it is
    is_instance = hasattr(factory, "shopper") and not isinstance(factory, type)
    simulator = factory if is_instance or not callable(factory) else factory()
    if not callable(getattr(simulator, "shopper", None)):
        kind = type(simulator).__name__
        raise BadPythonSimulator(
            f"--model {name!r}: {attribute} gave {kind}, which has no shopper(brief, seed)"
        )
    if not isinstance(getattr(simulator, "name", None), str):
        with contextlib.suppress(AttributeError):
            simulator.name = name
    return simulator
