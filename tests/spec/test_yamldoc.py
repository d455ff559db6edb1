"""Reading YAML: the data PyYAML's safe loader gives, the line of every field, a clear error otherwise."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_salessim.spec import SpecError
from pytest_salessim.spec.yamldoc import read_document

# Plain scalars whose meaning YAML 1.1 decides: numbers in every base, booleans in every spelling,
# nulls, dates, times, explicit tags, quoted text, and words that only look like something.
SCALARS = [
    "0", "-7", "+12", "012", "0o17", "0x1F", "1_000", "1:20", "3.5", "1e3", "-.inf", ".Inf", "1_0.5",
    "true", "False", "yes", "No", "on", "OFF", "~", "null", "", "2001-02-03", "2001-02-03 10:20:30",
    "2001-02-03T10:20:30.5Z", "'quoted: text'", '"double \\u00e9"', "text with spaces", "- not a list",
    "!!str 12", "!!float 3", "!!int '7'", "!!binary aGVsbG8=", "!!bool yes", "Yes please", "12 apples",
]  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A YAML text of nested mappings and lists over those scalars, with anchors and aliases."""
    lines: list[str] = []
    anchors: list[str] = []

    def block(indent: int, depth: int) -> None:
        for index in range(draw(st.integers(1, 4))):
            pad = " " * indent
            key = draw(st.sampled_from(["a", "b", "price", "1", "yes", "2001-01-01", "~", f"k{index}"]))
            if key in {line.split(":")[0].strip() for line in lines if line.startswith(pad + key)}:
                key = f"{key}_{index}"
            kind = draw(st.sampled_from(["scalar", "scalar", "map", "list", "alias", "flow"]))
            if kind == "map" and depth < 3:
                anchor = f"x{len(anchors)}"
                anchors.append(anchor)
                lines.append(f"{pad}{key}: &{anchor}")
                block(indent + 2, depth + 1)
            elif kind == "list" and depth < 3:
                lines.append(f"{pad}{key}:")
                for _ in range(draw(st.integers(0, 3))):
                    lines.append(f"{pad}  - {draw(st.sampled_from(SCALARS))}")
            elif kind == "alias" and anchors:
                lines.append(f"{pad}{key}: *{draw(st.sampled_from(anchors))}")
            elif kind == "flow":
                flow = st.sampled_from(["1", "two", "3.0", "null", "{c: d}", "[e]"])
                items = draw(st.lists(flow, max_size=3))
                lines.append(f"{pad}{key}: [{', '.join(items)}]")
            else:
                lines.append(f"{pad}{key}: {draw(st.sampled_from(SCALARS))}")

    block(0, 0)
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(documents())
def test_the_data_is_what_the_safe_loader_gives(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("yaml") / "doc.yaml"
    try:
        expected = yaml.load(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError) as err:
        with pytest.raises(SpecError):
            read_document(path, text.encode())
        assert not isinstance(err, ValueError) or "out of range" in str(err)
        return
    try:
        document = read_document(path, text.encode())
    except SpecError as err:  # what the loader takes but a spec may not hold (an alias inside itself)
        refusals = ("duplicate key", "YAML tag", "merge keys", "nested deeper", "expands to more")
        assert any(word in str(err) for word in refusals), str(err)
        return
    assert document.data == expected
    assert document.lines[()] == 1


def test_every_field_has_its_line(tmp_path: Path) -> None:
    text = "salessim: 1\nagent:\n  greeting: Hi\n  pitches:\n    - say: Look\n\n    - say: Here\n"
    text += "list: [1, 2]\n"
    document = read_document(tmp_path / "x.yaml", text.encode())
    assert document.lines[("agent",)] == 2
    assert document.lines[("agent", "greeting")] == 3
    assert document.lines[("agent", "pitches", 0, "say")] == 5
    assert document.lines[("agent", "pitches", 1)] == 7
    assert document.lines[("list", 1)] == 8
    assert document.line_of(("agent", "pitches", 1, "unknown")) == 7


def test_dates_and_numbers_are_read_as_yaml_reads_them(tmp_path: Path) -> None:
    text = "day: 2001-02-03\nhex: 0x10\nsixty: 1:20\nflag: yes\nnothing: ~\nword: '12'\n"
    data = read_document(tmp_path / "x.yaml", text.encode()).data
    expected = {"day": datetime.date(2001, 2, 3), "hex": 16, "sixty": 80, "flag": True, "nothing": None}
    assert data == {**expected, "word": "12"} and list(data) == [*expected, "word"]


def test_a_date_that_does_not_exist_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    with pytest.raises(SpecError) as caught:
        read_document(path, b"salessim: 1\nscenarios:\n  - id: a\n    since: 2001-02-30\n")
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (4, ("scenarios", 0, "since"))
    assert "'2001-02-30' reads as a date but is not one" in problem.message and "quote it" in problem.message


def test_sets_and_ordered_maps_are_left_to_pyyaml(tmp_path: Path) -> None:
    text = "s: !!set {a, b}\no: !!omap [x: 1, y: 2]\n"
    assert read_document(tmp_path / "x.yaml", text.encode()).data == yaml.safe_load(text)
