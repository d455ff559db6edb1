"""A spec's templates and regexes cannot hang a conversation: whatever the shopper writes, a rule's
regex answers at once (RE2), and a line that runs over its limits is an error of that item naming the
line; the limits are the ini options salessim_template_timeout and salessim_template_max_chars."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import WRITER, spec_text

SHOPPERS = """
from pytest_salessim import ShopperMessage, ToolCall


class Shopper:
    def __init__(self):
        self.turns = 0

    def respond(self, turns):
        self.turns += 1
        if self.turns == 1:
            return ShopperMessage("a" * 40 + "!")  # (a+)+$ fails on it in 2**40 ways
        return ShopperMessage("I'll take it.", (ToolCall("add_to_cart", {"product_id": "acer-aspire-5"}),))


class Aaaa:
    name = "aaaa"

    def shopper(self, brief, seed):
        return Shopper()


def make():
    return Aaaa()
"""

CATASTROPHIC = """\
agent:
  greeting: "Hi!"
  rules:
    - when: {regex: '(a+)+$'}
      say: "Never said: the message ends with a '!'."
  fallback: "Anything else?"
"""

RUNAWAY = """\
    agent:
      greeting: "Hi!"
      rules:
        - when: {regex: '(a+)+$'}
          say: "Never said."
        - when: {regex: 'a!'}
          say: "{% for c in last_message %}{% for i in range(99999) %}{% endfor %}{% endfor %}Sure."
"""


@pytest.fixture
def shoppers(pytester: pytest.Pytester) -> str:
    pytester.makepyfile(aaaa=SHOPPERS)
    pytester.syspathinsert()
    return "py:aaaa:make"


def test_a_shopper_message_that_backtracks_for_ever_in_python_ends_at_once_and_a_runaway_line_is_an_error(
    pytester: pytest.Pytester, store: Path, shoppers: str
) -> None:
    runaway = WRITER.replace("id: writer", "id: runaway") + RUNAWAY
    (store / "laptops.yaml").write_text(spec_text(WRITER, runaway, agent=CATASTROPHIC))
    started = time.perf_counter()
    result = pytester.runpytest("specs", "--model", shoppers, "-v")
    assert time.perf_counter() - started < 60  # seconds at most; never a hang
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*writer[[]py:aaaa:make[]] PASSED*",
            "*ERROR at setup of runaway[[]py:aaaa:make[]]*",
            "the sales agent's rules[[]1[]].say (when regex 'a!') did not render at turn 1: stopped: it *",
        ],
        consecutive=False,
    )
    assert "Traceback" not in result.stdout.str()


def test_the_ini_limits_bound_collection_and_conversations(
    pytester: pytest.Pytester, store: Path, shoppers: str
) -> None:
    pytester.makeini("[pytest]\nsalessim_template_max_chars = 40\nsalessim_template_timeout = 0.05\n")
    echo = 'agent:\n  greeting: "Hi!"\n  rules:\n    - when: {regex: "!"}\n      say: "{{ last_message }}"\n'
    (store / "laptops.yaml").write_text(spec_text(WRITER, agent=echo))
    fanout = (
        "{% macro f(n) %}{% if n < 40 %}{% set a = f(n + 1) %}{% set b = f(n + 1) %}{% endif %}{% endmacro %}"
    )
    long = 'agent:\n  greeting: "{{ \'x\' * 41 }}"\n  fallback: "' + fanout + '{{ f(0) }}"\n'
    (store / "long.yaml").write_text(spec_text(WRITER, agent=long))
    result = pytester.runpytest("specs", "--model", shoppers, "--continue-on-collection-errors")
    result.assert_outcomes(errors=2)  # long.yaml at collection, the writer's conversation at setup
    result.stdout.fnmatch_lines(
        [
            "*: agent.greeting: template does not render: stopped: '[*]' would be longer than 40 characters "
            "(salessim_template_max_chars)",
            "*: agent.fallback: template does not render: stopped: it ran longer than 0.05 s "
            "(salessim_template_timeout)",
            "*rules[[]0[]].say (when regex '!') did not render at turn 1: stopped: it renders more than 40 "
            "characters (salessim_template_max_chars)",
        ],
        consecutive=False,
    )


@pytest.mark.parametrize("setting", ["salessim_template_timeout = soon", "salessim_template_max_chars = 0"])
def test_a_limit_that_is_not_a_positive_number_is_a_usage_error(
    pytester: pytest.Pytester, setting: str
) -> None:
    pytester.makeini(f"[pytest]\n{setting}\n")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{setting.split()[0]} must be a number above 0, not *"])
