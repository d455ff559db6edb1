"""Spec files: YAML -> schema check -> frozen Scenarios."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Problem, SpecError
    from .load import load_spec
    from .model import Catalog, Criterion, Persona, Product, Scenario
    from .yamldoc import is_spec_file

# Imported on first use: reading and checking a file (store.py, prefetch.py) needs no Jinja2 or model.
_PUBLIC = {
    "Problem": ".errors",
    "SpecError": ".errors",
    "load_spec": ".load",
    **dict.fromkeys(["Catalog", "Criterion", "Persona", "Product", "Scenario"], ".model"),
    "is_spec_file": ".yamldoc",
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Catalog",
    "Criterion",
    "Persona",
    "Problem",
    "Product",
    "Scenario",
    "SpecError",
    "is_spec_file",
    "load_spec",
]
