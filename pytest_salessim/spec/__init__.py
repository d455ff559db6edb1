"""Spec files: YAML -> schema check -> frozen Scenarios."""

from __future__ import annotations

from .errors import Problem, SpecError
from .load import load_spec
from .model import Catalog, Criterion, Persona, Product, Scenario
from .yamldoc import is_spec_file

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
