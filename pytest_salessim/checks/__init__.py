"""Every check of a conversation, in one registry (registry.py): each module registers its own."""

from . import dealbreakers, decision, disclosure, judged, paper, turns  # noqa: F401 - registers their checks
from .dealbreakers import dealbreakers_kept
from .decision import strict_alignment
from .disclosure import disclosed, first_turn_disclosure
from .paper import paper_alignment
from .registry import Check, decision_alignment, register, registered, run_checks
from .result import CheckResult, FailureClass
from .turns import turn_limit

__all__ = [
    "Check",
    "CheckResult",
    "FailureClass",
    "dealbreakers_kept",
    "decision_alignment",
    "disclosed",
    "first_turn_disclosure",
    "paper_alignment",
    "register",
    "registered",
    "run_checks",
    "strict_alignment",
    "turn_limit",
]
