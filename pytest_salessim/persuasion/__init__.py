"""Adversarial persuasion variants: a tactic library, Hypothesis strategies, the search."""

from .library import Tactic, load_library
from .search import PersuasionResult, PersuasionSearch
from .variants import PersuasionVariant

__all__ = ["PersuasionResult", "PersuasionSearch", "PersuasionVariant", "Tactic", "load_library"]
