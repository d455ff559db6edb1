"""A guest in every pytest run of its environment: a run with no spec file behaves as without it."""

from __future__ import annotations

import pytest

CYCLE = """
import gc
import weakref


class Node:
    pass


a, b = Node(), Node()
a.other, b.other = b, a
probe = weakref.ref(a)


def test_a_reference_cycle_is_reclaimed():
    global a, b
    del a, b
    gc.collect()
    assert probe() is None
"""


@pytest.mark.parametrize("plugin", ["installed", "disabled"])
def test_a_users_reference_cycle_is_reclaimed(pytester: pytest.Pytester, plugin: str) -> None:
    pytester.makepyfile(test_cycle=CYCLE)
    args = ["-p", "no:salessim"] if plugin == "disabled" else []
    result = pytester.runpytest_subprocess(*args)
    result.assert_outcomes(passed=1)


def test_a_salessim_run_leaves_garbage_collection_as_it_found_it(pytester: pytest.Pytester) -> None:
    """Spec files and a user's test in one run: the plugin freezes nothing there either."""
    from .conftest import CATALOG, WRITER, spec_text

    (pytester.path / "fixtures").mkdir()
    (pytester.path / "fixtures" / "laptops.yaml").write_text(CATALOG)
    (pytester.path / "specs").mkdir()
    (pytester.path / "specs" / "laptops.yaml").write_text(spec_text(WRITER))
    pytester.makepyfile(
        test_cycle=CYCLE + "\n\ndef test_nothing_is_frozen():\n    assert gc.get_freeze_count() == 0\n"
    )
    result = pytester.runpytest_subprocess("specs", "test_cycle.py")
    result.assert_outcomes(passed=3)
