"""Every render of a spec template stops at its time and character limits: hostile templates end in
well under a second or two with a one-line reason, and ordinary templates render as before."""

from __future__ import annotations

import resource
import time

import pytest

from pytest_salessim.templating import RenderLimits, TemplateProblem, compiled, render

NESTED = "{% for i in range(99999) %}{% for j in range(99999) %}X{% endfor %}{% endfor %}"
DOUBLED = "{% set x = 'ab' %}" + "{% set x = x ~ x %}" * 60 + "{{ x|length }}"
DAG = "{% set x = [1] %}" + "{% set x = [x, x] %}" * 60
FANOUT = (
    "{% macro f(n) %}{% if n < 40 %}{% set a = f(n + 1) %}{% set b = f(n + 1) %}{% endif %}{% endmacro %}"
)

STEPS_OR_DEADLINE = "loop iterations and calls | ran longer than 1 s"  # the deadline, on a busy machine

HOSTILE = {
    "nested range loops, silent": (NESTED.replace("X", ""), STEPS_OR_DEADLINE),
    "nested range loops, writing": (NESTED, "renders more than 100,000 characters"),
    "nested loops over a long string": (
        "{% set s = 'y' * 99999 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        STEPS_OR_DEADLINE,
    ),
    "a loop's if filter that never passes": (
        "{% set s = 'y' * 99999 %}{% for a in s %}{% for b in s if b == 'x' %}{% endfor %}{% endfor %}",
        STEPS_OR_DEADLINE,
    ),
    "a recursive loop": (
        "{% set s = 'y' * 99999 %}{% for a in s recursive %}{% if a == 'y' %}{{ loop('z' * 99999) }}"
        "{% endif %}{% endfor %}",
        STEPS_OR_DEADLINE,
    ),
    "a huge repetition": ("{{ 'a' * 10**9 }}", "'*' would be longer than 100,000 characters"),
    "a huge list repetition": ("{{ ['a'] * 1000000000 }}", "'*' would be longer"),
    "a macro calling itself": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recurses too"),
    "a block calling itself": ("{% block a %}{{ self.a() }}{% endblock %}", "recurses too deeply"),
    "a string doubled 60 times": (DOUBLED, "a value it builds would be longer than 100,000"),
    "a string doubled with +": (DOUBLED.replace("x ~ x", "x + x"), "'+' would be longer"),
    "a string doubled in a namespace": (
        "{% set ns = namespace(s='ab') %}{% for i in range(99) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "a value it builds would be longer",
    ),
    "nested lists compared": (
        DAG + DAG.replace("x", "y") + "{{ x == y }}",
        "a value it builds would be longer",
    ),
    "nested lists printed": (DAG + "{{ x }}", "a value it builds would be longer"),
    "nested tuples hashed": (DAG.replace("[", "(").replace("]", ",)") + "{{ {x: 1} }}", "would be longer"),
    "str.center": ("{{ 'x'.center(1000000000) }}", "str.center() would be longer"),
    "the center filter": ("{{ 'x'|center(1000000000) }}", "the center filter would be longer"),
    "bytes.ljust": ("{{ 'x'.encode().ljust(10**9) }}", "bytes.ljust() would be longer"),
    "str.zfill": ("{{ '1'.zfill(10**9) }}", "str.zfill() would be longer"),
    "str.expandtabs": ("{{ ('\t' * 99999).expandtabs(99999) }}", "str.expandtabs() would be longer"),
    "str.replace of ''": ("{% set s = 'x' * 99999 %}{{ s.replace('', s) }}", "str.replace() would be longer"),
    "the replace filter": ("{% set s = 'x' * 99999 %}{{ s|replace('', s) }}", "replace filter would be"),
    "str.join": ("{% set s = 'x' * 99999 %}{{ s.join(s) }}", "str.join() would be longer"),
    "the join filter": ("{% set s = 'x' * 99999 %}{{ s|join(s) }}", "the join filter would be longer"),
    "a lazy map joined": ("{{ range(99999)|map('center', 99999)|join }}", "a sequence it builds"),
    "str.translate": ("{% set s = 'x' * 99999 %}{{ s.translate({120: s}) }}", "would be longer"),
    "a format width": ("{{ '{:>999999999}'.format(1) }}", "str.format() would be longer"),
    "a format width from the values": ("{{ '{:{}}'.format('x', 999999999) }}", "({:{}}) is not allowed"),
    "a % width": ("{{ '%999999999d' % 1 }}", "'%' would be longer"),
    "a % width from the values": ("{{ '%*d' % (999999999, 1) }}", "(%*d) is not allowed"),
    "the format filter": ("{{ '%999999999d'|format(1) }}", "the format filter would be longer"),
    "the indent filter": ("{{ ('\n' * 99999)|indent(99999, true, true) }}", "the indent filter would be"),
    "the wordwrap filter": ("{{ ('a ' * 50000)|wordwrap(1, wrapstring='x' * 99999) }}", "the wordwrap"),
    "the batch filter's fill": ("{{ [1]|batch(1000000000, 'x')|list }}", "the batch filter would be"),
    "the slice filter": ("{{ [1]|slice(1000000000)|list }}", "the slice filter would be"),
    "sum of lists": ("{{ [[1], [2]]|sum(start=[]) }}", "`sum` adds numbers only"),
    "lipsum": ("{{ lipsum(1000000000) }}", "lipsum() would be longer"),
    "a number squared 40 times": (
        "{% set ns = namespace(x=10**64) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
        "'*' would make a number of more than 16,384 bits",
    ),
    "a huge power": ("{{ (10**64)**64**64 }}", "'**' would make a number"),
    "a set block capturing loops": (
        "{% set x %}{% for i in range(99999) %}{{ 'y' * 99999 }}{% endfor %}{% endset %}{{ x|length }}",
        "writes more than 1,000,000 characters in all",
    ),
    "a macro's buffer": (
        "{% macro m() %}{% for i in range(99999) %}{{ 'y' * 99999 }}{% endfor %}{% endmacro %}{{ m() }}",
        "writes more than 1,000,000 characters in all",
    ),
    "dict.fromkeys": ("{{ {}.fromkeys(range(99999), 'x' * 99999)|length }}", "would be longer"),
    "the shopper's message repeated": ("{{ last_message * 99999 }}", "'*' would be longer"),
    "thirty nested loops": (
        "".join(f"{{% for i{k} in range(3) %}}" for k in range(30)) + "x" + "{% endfor %}" * 30,
        "too deeply nested to compile",
    ),
}


@pytest.mark.parametrize(("source", "reason"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_template_stops_at_a_limit(source: str, reason: str) -> None:
    started = time.perf_counter()
    with pytest.raises(TemplateProblem) as stopped:
        render(source, {"last_message": "I want a laptop " * 100})
    assert any(part in str(stopped.value) for part in reason.split(" | "))
    assert time.perf_counter() - started < 5  # the step budget stops the slowest in about 0.5 s, or 1 s
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024  # KiB: under 1 GB


def test_a_template_that_runs_long_stops_at_its_deadline() -> None:
    started = time.perf_counter()
    with pytest.raises(TemplateProblem, match=r"it ran longer than 0.2 s \(salessim_template_timeout\)"):
        render(FANOUT + "{{ f(0) }}", {}, RenderLimits(seconds=0.2))
    assert time.perf_counter() - started < 3


def test_the_character_limit_is_the_one_given() -> None:
    assert render("{{ 'x' * 20 }}", {}, RenderLimits(chars=20)) == "x" * 20
    with pytest.raises(TemplateProblem, match="renders more than 20 characters"):
        render("{% for i in range(21) %}x{% endfor %}", {}, RenderLimits(chars=20))
    with pytest.raises(TemplateProblem, match="'[*]' would be longer than 20 characters"):
        render("{{ 'x' * 21 }}", {}, RenderLimits(chars=20))


ORDINARY = {
    "{{ product.name }} for {{ product.price|money }}": "Aero Book 14 for $499.50",
    "{{ 'x'|upper }} {{ [1, 2, 3]|join(', ') }} {{ 3.456|round(1) }}": "X 1, 2, 3 3.5",
    "{% for a, b in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}": "12",
    "{% macro m(x) %}<{{ x }}>{% endmacro %}{{m(1)}}{% for i in [0, 1, 2] if i %}{{i}}{% endfor %}": "<1>12",
    "{{ '%5d|{:>4}'.format(3) }}{{ '%.2f'|format(2) }}": "%5d|   32.00",
    "{% set ns = namespace(n=0) %}{% for i in range(9) %}{% set ns.n = ns.n + i %}{% endfor %}{{ns.n}}": "36",
    "{% for i in [[1, [2]]] recursive %}{{ i if i is number else loop(i) }}{% endfor %}": "12",
    "{{ {'b': 2, 'a': 1}|dictsort }} {{ range(5)|map('string')|join }} {{ 'a,b'.split(',')|join('-') }}": (
        "[('a', 1), ('b', 2)] 01234 a-b"
    ),
    "{{ 'x'.center(5) }}|{{ 'y'|center(3) }}|{{ 'a-b'.replace('-', ' and ') }}": "x  | y |a and b",
    "{{ 2**10 }} {{ 'ab' * 3 }} {{ [0] * 2 }} {{ (1, 2) + (3,) }}": "1024 ababab [0, 0] (1, 2, 3)",
}


@pytest.mark.parametrize(("source", "text"), ORDINARY.items())
def test_an_ordinary_template_renders_as_before(source: str, text: str) -> None:
    from pytest_salessim.spec.model import Product
    from pytest_salessim.templating import money

    product = Product("p", "Aero Book 14", 499.5)
    assert render(source, {"product": product, "money": money}) == text


def test_a_compiled_templates_plain_render_has_the_default_limits() -> None:
    """The shopper prompt of an LLM shopper renders this way (simulators/llm.py)."""
    assert compiled("Hi {{ name }}").render(name="Ann") == "Hi Ann"
    with pytest.raises(Exception, match=STEPS_OR_DEADLINE.replace(" | ", "|")):
        compiled(NESTED.replace("X", "")).render()


def test_a_syntax_error_says_so() -> None:
    with pytest.raises(TemplateProblem, match="TemplateSyntaxError"):
        render("{% if %}", {})
