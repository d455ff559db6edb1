"""`salessim annotate`: a judge over the local server decides the criteria no rule or list decides, and
the spec file changes where the `meets` lists go and nowhere else."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pytest_salessim.cli import main
from pytest_salessim.spec import load_spec

from .llm_server import LLMServer, Policy, Reply

Start = Callable[[Policy], LLMServer]
RELEASE = Path(__file__).parent / "data" / "salessim" / "release"
_NUMBER = r"(\d+(?:\.\d+)?)"


def _attributes(product: str) -> dict[str, str]:
    return dict(re.findall(r"^- (\w+): (.+)$", product, re.M))


def _screen(text: str, size: float) -> bool | None:
    """A criterion about the screen, read as a person would read the release's answers."""
    if "bigger the better" in text:
        return size >= 15
    if found := re.search(rf"{_NUMBER}\s*-\s*{_NUMBER}\s*inch", text):
        return float(found.group(1)) <= size <= float(found.group(2))
    if found := re.search(rf"larger than {_NUMBER}", text):
        return size > float(found.group(1))
    if found := re.search(
        rf"(?:at least|not smaller th[ae]n) {_NUMBER}|{_NUMBER} inch\w* or (?:larger|more)", text
    ):
        return size >= float(found.group(1) or found.group(2))
    return None


def catalog_reader(prompt: str) -> bool:
    """Whether the product shown meets the criterion quoted, by what its attributes and price say."""
    text = re.search(r'^"(.+)"$', prompt, re.M).group(1).lower()  # type: ignore[union-attr]
    product = prompt.split("One of the store's products:", 1)[1].split("Question:", 1)[0]
    attributes = _attributes(product)
    price = float(re.search(r"\$([\d,.]+)", product).group(1).replace(",", ""))  # type: ignore[union-attr]
    amount = re.search(r"\$([\d,]+)", text)
    if amount and ("budget" in text or "over" in text or "costs" in text):
        return price <= float(amount.group(1).replace(",", ""))
    if "inch" in text or "bigger" in text:
        return bool(_screen(text, float(attributes.get("screen_in", 0))))
    if re.search(r"\bmac ?os\b|\bmac\b", text):
        is_mac = attributes.get("os") == "macOS"
        return not is_mac if re.search(r"\bnot\b", text) else is_mac
    if "windows" in text:
        return attributes.get("os") == "Windows"
    if "likes hp" in text:
        return attributes.get("brand") == "HP"
    if found := re.search(r"(\d+)\s*gb", text):
        key = "storage_gb" if "storage" in text else "memory_gb"
        return int(attributes.get(key, 0)) >= int(found.group(1))
    if "gaming" in text and "not" not in text:
        return attributes.get("gaming") == "True"
    if "weight" in text or "lightweight" in text or "portab" in text:
        return float(attributes.get("screen_in", 99)) <= 14
    return "battery" not in text and "durab" not in text and "color accuracy" not in text


def judge(prompt_rule: Callable[[str], bool] = catalog_reader) -> Policy:
    """The judge of `{"meets": ...}`, answering by `prompt_rule` in the JSON the rubric asks for."""

    def policy(body: dict[str, Any]) -> Reply:
        prompt = body["messages"][-1]["content"]
        met = prompt_rule(prompt)
        return {"content": json.dumps({"meets": met, "justification": "read from the product's details"})}

    return policy


def undecided_on(product_id: str, criterion: str, judge_policy: Policy) -> Policy:
    """Splits its votes on one product (true on even seeds, false on odd) and answers one criterion in
    prose (a judge error); otherwise as `judge_policy`."""

    def policy(body: dict[str, Any]) -> Reply:
        prompt = body["messages"][-1]["content"]
        if f'"{criterion}"' in prompt:
            return {"content": "Hard to say, it depends on the shopper."}
        if f"(id {product_id})" in prompt:
            met = int(body.get("seed") or 0) % 2 == 0
            return {"content": json.dumps({"meets": met, "justification": "torn"})}
        return judge_policy(body)

    return policy


CATALOG = """\
products:
  - id: hp-17
    name: HP 17.3" Laptop
    price: 799
    attributes: {os: Windows, screen_in: 17.3, memory_gb: 8}
  - id: mac-air
    name: Apple MacBook Air 13.3"
    price: 999
    attributes: {os: macOS, screen_in: 13.3, memory_gb: 8}
  - id: dell-xps
    name: Dell XPS 13
    price: 1799
    attributes: {os: Windows, screen_in: 13.3, memory_gb: 16}
"""

SPEC = """\
# A hand-written spec: comments, a background folded by hand and three forms of criterion.
salessim: 1
category: laptops
catalog: catalog.yaml
agent: {retrieval: {top_k: 2}}
scenarios:
  - id: writer
    persona:
      name: Emily
      background: Fresh graduate with a degree in English who is starting a freelance writing job. Lives
        in a small apartment.
      preferences:
        - Runs Windows           # a plain string
        - {text: "A screen of 15 inches or more", keywords: [screen]}
        - text: Has 16GB of memory
          keywords: [memory]
        - text: Costs at most $900
          rule: {attribute: price, lte: 900}   # decided already: not asked
      dealbreakers:
        - text: Must not be a Mac
    expect: {decision: purchase, any_of: [hp-17]}
"""

DIFF = """\
@@ -13,2 +13,2 @@
-        - Runs Windows           # a plain string
-        - {text: "A screen of 15 inches or more", keywords: [screen]}
+        - {text: "Runs Windows", meets: [hp-17, dell-xps]}           # a plain string
+        - {text: "A screen of 15 inches or more", meets: [hp-17], keywords: [screen]}
@@ -15,0 +16 @@
+          meets: [dell-xps]
@@ -20,0 +22 @@
+          meets: [hp-17, dell-xps]"""


def _project(tmp_path: Path, spec: str = SPEC) -> Path:
    (tmp_path / "catalog.yaml").write_text(CATALOG)
    (tmp_path / "laptops.yaml").write_text(spec)
    return tmp_path / "laptops.yaml"


def _annotate(spec: Path, server: LLMServer, *extra: str) -> int:
    return main(["annotate", str(spec), "--judge-model", "openai/judge", "--api-base", server.url, *extra])


def _diff(before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return "\n".join(list(lines)[2:])


def test_meets_lists_go_after_their_text_and_nothing_else_changes(
    tmp_path: Path, llm_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _project(tmp_path)
    server = llm_server(judge())
    assert _annotate(spec, server) == 0
    after = spec.read_text()
    print(_diff(SPEC, after))  # the before/after diff, as a reader of this test sees it
    assert _diff(SPEC, after) == DIFF
    out = capsys.readouterr().out
    assert "4 criteria without rule or meets, 12 questions to openai/judge (3 votes each; 36 calls" in out
    assert "wrote meets lists for 4 criteria (0 by a majority, not every vote)" in out
    scenario = load_spec(spec, tmp_path)[0]
    assert [c.meets for c in scenario.persona.criteria] == [
        ("hp-17", "dell-xps"),
        ("hp-17",),
        ("dell-xps",),
        None,  # its rule stays
        ("hp-17", "dell-xps"),
    ]
    # a second run finds nothing left to ask and leaves the file as it is
    assert _annotate(spec, server) == 0
    assert spec.read_text() == after
    assert "0 criteria without rule or meets" in capsys.readouterr().out


def test_split_votes_and_judge_errors_are_reported_and_left_alone(
    tmp_path: Path, llm_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _project(tmp_path)
    server = llm_server(undecided_on("mac-air", "Has 16GB of memory", judge()))
    assert _annotate(spec, server, "--votes", "2") == 0
    out = capsys.readouterr().out
    assert "wrote meets lists for 0 criteria" in out
    assert "left 4 criteria as they were (the judge could not decide every product):" in out
    assert "    writer: preference 'Runs Windows'\n      mac-air: split votes: 1 met, 1 not met" in out
    assert (
        "    writer: preference 'Has 16GB of memory'\n"
        "      hp-17: judge error: 2 of 2 votes were judge errors" in out
    )
    assert spec.read_text() == SPEC  # nothing decided for every product: the file is as it was
    assert "  the file is unchanged" in out


def test_a_spec_that_does_not_load_or_an_unknown_judge_is_refused(
    tmp_path: Path, llm_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _project(tmp_path, SPEC.replace("any_of: [hp-17]", "any_of: [hp-71]"))
    assert _annotate(spec, llm_server(judge())) == 1
    assert "unknown product id 'hp-71'; did you mean 'hp-17'?" in capsys.readouterr().err
    good = _project(tmp_path)
    assert main(["annotate", str(good), "--judge-model", "no-such-model"]) == 2
    assert "unknown judge model" in capsys.readouterr().err
    assert good.read_text() == SPEC


def test_the_release_personas_imported_annotated_and_played(
    pytester: pytest.Pytester, llm_server: Start, capsys: pytest.CaptureFixture[str]
) -> None:
    """The public release's question/answer personas, which come with no acceptable products: imported
    against its laptop catalog (unlabelled, skipped, the next step said), annotated over the local
    server's judge (their expect derived), then played by `reference`."""
    release = pytester.path / "release"
    shutil.copytree(RELEASE, release)
    out = pytester.path / "specs"
    personas, products = release / "laptop_personas.jsonl", release / "products" / "laptops.json"
    command = ["import", str(personas), str(products), "--out", str(out), "--category", "laptops"]
    assert main([*command, "--scenarios", str(release / "scenarios.yaml")]) == 0
    said = capsys.readouterr().out
    assert "UNLABELLED emily-new-grad: no acceptable products, and 3 criteria undecided:" in said
    assert "    preference: What screen size are you looking for? larger than 13 inches" in said
    assert "  next step: `salessim annotate SPEC --judge-model M` asks a judge" in said
    spec = out / "laptops.yaml"
    assert "tagged `unlabelled` still lack a rule or `meets` list" in spec.read_text()
    waiting = pytester.runpytest("specs", "-p", "no:cacheprovider")
    waiting.assert_outcomes(skipped=132)  # 4 personas of one scenario, 4 grids of 32 (the release's Big Five)

    server = llm_server(judge())
    assert _annotate(spec, server, "--votes", "1") == 0
    annotated = capsys.readouterr().out
    assert "35 criteria without rule or meets, 910 questions to openai/judge (1 vote each;" in annotated
    assert "wrote meets lists for 35 criteria" in annotated
    assert "  emily-new-grad: expect derived from its criteria (purchase: " in annotated
    scenarios = {s.id: s for s in load_spec(spec, pytester.path)}
    emily = scenarios["emily-new-grad"]
    assert "derived-expect" in emily.tags and "unlabelled" not in emily.tags
    assert emily.persona.budget is not None and emily.persona.budget.max == 500
    assert set(emily.expect.any_of) == {
        p.id for p in emily.catalog.products if p.price <= 500 and p.attributes["os"] == "Windows"
    }
    played = pytester.runpytest("specs", "-p", "no:cacheprovider")
    played.assert_outcomes(passed=132)


@pytest.mark.parametrize(
    ("criterion", "edited"),
    [
        (  # a text folded over two lines, and a comment after it
            "        - text: a text folded\n            over two lines  # kept\n          keywords: [x]\n",
            "        - text: a text folded\n            over two lines  # kept\n          meets: [a, b]\n"
            "          keywords: [x]\n",
        ),
        (  # a literal block scalar ends at the start of the next line
            "        - text: |\n            two lines\n            of text\n",
            "        - text: |\n            two lines\n            of text\n          meets: [a, b]\n",
        ),
        ('        - "quoted: plain"\n', '        - {text: "quoted: plain", meets: [a, b]}\n'),
    ],
)
def test_the_splice_keeps_every_other_byte(criterion: str, edited: str) -> None:
    from pytest_salessim.annotate.splice import SpecText, value

    head = "scenarios:\n  - id: s\n    persona:\n      preferences:\n"
    spec = SpecText.parse(head + criterion + "    expect: {decision: no_purchase}\n")
    node = next(spec.scenarios())
    preferences = value(value(node, "persona"), "preferences")
    assert preferences is not None
    spec.add_meets(preferences.value[0], ["a", "b"])
    assert spec.applied() == head + edited + "    expect: {decision: no_purchase}\n"


def test_a_long_meets_list_is_written_one_id_a_line() -> None:
    from pytest_salessim.annotate.splice import SpecText, value

    spec = SpecText.parse("preferences:\n  - text: t\n    keywords: [k]\n")
    ids = [f"a-rather-long-product-id-number-{n}" for n in range(4)]
    listed = value(spec.root, "preferences")
    assert listed is not None
    spec.add_meets(listed.value[0], ids)
    lines = "".join(f"\n    - {i}" for i in ids)
    assert spec.applied() == f"preferences:\n  - text: t\n    meets:{lines}\n    keywords: [k]\n"
