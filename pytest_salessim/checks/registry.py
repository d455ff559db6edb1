"""The one registry of checks: every check of a conversation is a function registered here.

A check is a pure function of (Transcript, Scenario) that returns a CheckResult, or None when it
does not apply to that conversation. Checks made for one grading of decision alignment ("strict",
SPEC section 4, or "paper", the SalesSim paper's) run only for scenarios graded that way. Users add
checks of their own through the `pytest_salessim_checks` hook (hookspec.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..spec.model import Grading, Scenario
from ..transcript import Transcript
from .result import CheckResult

Check = Callable[[Transcript, Scenario], CheckResult | None]
C = TypeVar("C", bound=Check)


@dataclass(frozen=True)
class Registered:
    name: str
    check: Check
    grading: Grading | None  # None: every grading


_REGISTRY: list[Registered] = []
# The built-in checks in the order a failure message lists them; any others follow in registration order.
_FIRST = ("decision_alignment", "dealbreakers", "disclosure", "turns")


def register(name: str, *, grading: Grading | None = None) -> Callable[[C], C]:
    """Register the decorated function as the check `name` (for one grading, or all)."""

    def add(check: C) -> C:
        if any(r.name == name and r.grading == grading for r in _REGISTRY):
            raise ValueError(f"a check {name!r} is registered already")
        _REGISTRY.append(Registered(name, check, grading))
        return check

    return add


def registered(grading: Grading) -> tuple[Registered, ...]:
    """The checks that apply to a scenario graded `grading`, in the order they were registered."""
    applying = [r for r in _REGISTRY if r.grading in (None, grading)]
    return tuple(sorted(applying, key=lambda r: _FIRST.index(r.name) if r.name in _FIRST else len(_FIRST)))


def run_checks(
    transcript: Transcript, scenario: Scenario, extra: Sequence[Check] = ()
) -> tuple[CheckResult, ...]:
    """Every registered check that applies, then the `extra` ones (the users', from the hook)."""
    checks = [r.check for r in registered(scenario.checks.grading)] + list(extra)
    results = (check(transcript, scenario) for check in checks)
    return tuple(r for r in results if r is not None)


def decision_alignment(transcript: Transcript, scenario: Scenario) -> CheckResult:
    """Decision alignment as the scenario is graded: the registered check of that grading."""
    check = next(r.check for r in registered(scenario.checks.grading) if r.name == "decision_alignment")
    result = check(transcript, scenario)
    assert result is not None
    return result
