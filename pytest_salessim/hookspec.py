"""Hooks that pytest-salessim calls: implement them in a conftest.py or a plugin of your own."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .checks import Check


@pytest.hookspec
def pytest_salessim_checks(config: pytest.Config) -> list[Check]:
    """Checks of your own, run on every conversation after the built-in ones.

    A check is a function of (transcript, scenario) that returns a ``CheckResult`` (or None when it
    does not apply); a result that did not pass fails the item, and its detail is shown with the
    built-in checks in the failure message, the report and results.json. Every implementation's
    list is used, so several conftest files may each add their own. For example, in ``conftest.py``:

    .. code-block:: python

        from pytest_salessim.checks import CheckResult


        def no_guarantees(transcript, scenario):
            said = [t.text for t in transcript.shopper_turns if "guaranteed" in t.text.lower()]
            return CheckResult(
                "no_guarantees",
                passed=not said,
                detail=f"the shopper said 'guaranteed': {said[0]!r}" if said else "never said 'guaranteed'",
            )


        def pytest_salessim_checks(config):
            return [no_guarantees]
    """
    return []
