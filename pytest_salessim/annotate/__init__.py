"""`salessim annotate SPEC.yaml --judge-model M`: a judge decides the criteria no rule or list decides.

Every criterion of the spec with neither `rule` nor `meets` is judged against every product of its
scenario's catalog (SPEC section 12, the `{"meets": ...}` answer, `--votes` times). A criterion every
product of which was decided gets its `meets` list, written into the file right after its text; what
the judge could not decide (judge errors, split votes) is reported and left as it was. Nothing else in
the file changes: comments, order, quoting and line folding are kept (splice.py).

A scenario imported without acceptable products (tagged `unlabelled`) whose criteria are then all
decided gets its derived `expect` (the products keeping every dealbreaker and the budget that meet the
most preferences) and the tag `derived-expect`, as the import would give it (importer/labels.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..importer.labels import DERIVED, UNLABELLED, derived_expect
from ..settings import Settings
from ..spec import Scenario, load_spec
from ..spec.model import Criterion, Persona
from ..transcript import Usage
from .splice import SpecText, value
from .verdicts import CriterionVerdict, ask


@dataclass
class Annotated:
    """What one `salessim annotate` did to a spec file."""

    path: Path
    criteria: int = 0  # criteria asked about
    questions: int = 0  # (criterion, product) questions
    written: list[tuple[str, CriterionVerdict]] = field(default_factory=list)  # (scenario id, verdict)
    left: list[tuple[str, CriterionVerdict]] = field(default_factory=list)
    derived: dict[str, dict[str, Any]] = field(default_factory=dict)  # scenario id -> its new expect
    usage: Usage = field(default_factory=Usage)
    changed: bool = False


@dataclass
class _RawScenario:
    node: yaml.MappingNode
    id: str
    scenario: Scenario
    criteria: list[yaml.Node]  # the undecided criteria's nodes, in the persona's order


def _undecided_nodes(persona: yaml.Node | None) -> list[yaml.Node]:
    nodes = []
    for kind in ("preferences", "dealbreakers"):
        items = value(persona, kind)
        for item in items.value if isinstance(items, yaml.SequenceNode) else []:
            if isinstance(item, yaml.ScalarNode) or (
                value(item, "rule") is None and value(item, "meets") is None
            ):
                nodes.append(item)
    return nodes


def _raw_scenarios(spec: SpecText, scenarios: tuple[Scenario, ...]) -> list[_RawScenario]:
    """Each scenario of the file with the loaded scenario it gave (its first variant, for a `vary` grid)."""
    found = []
    for node in spec.scenarios():
        id_node = value(node, "id")
        scenario_id = str(id_node.value) if isinstance(id_node, yaml.ScalarNode) else ""
        loaded = next(
            (s for s in scenarios if s.id == scenario_id or s.id.startswith(scenario_id + ".")), None
        )
        if loaded is not None:
            found.append(_RawScenario(node, scenario_id, loaded, _undecided_nodes(value(node, "persona"))))
    return found


def _as_data(criterion: Criterion, meets: dict[int, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": criterion.text}
    if criterion.rule is not None:
        out["rule"] = {"attribute": criterion.rule.attribute, criterion.rule.op: criterion.rule.value}
    elif criterion.meets is not None:
        out["meets"] = list(criterion.meets)
    elif id(criterion) in meets:
        out["meets"] = meets[id(criterion)]
    return out


def _persona_data(persona: Persona, meets: dict[int, list[str]]) -> dict[str, Any]:
    """The persona as the import's plain data, with the judge's new lists: what labels.py reads."""
    data: dict[str, Any] = {
        "preferences": [_as_data(c, meets) for c in persona.preferences],
        "dealbreakers": [_as_data(c, meets) for c in persona.dealbreakers],
    }
    if persona.budget is not None:
        data["budget"] = {"max": persona.budget.max, "flexible": persona.budget.flexible}
    return data


def _derive(spec: SpecText, raw: _RawScenario, verdicts: list[CriterionVerdict], done: Annotated) -> None:
    """An unlabelled scenario whose criteria are now all decided: its derived expect and tag."""
    tags = value(raw.node, "tags")
    tag_nodes = tags.value if isinstance(tags, yaml.SequenceNode) else []
    unlabelled = next((t for t in tag_nodes if getattr(t, "value", None) == UNLABELLED), None)
    expect = value(raw.node, "expect")
    if unlabelled is None or expect is None or not all(v.decided for v in verdicts):
        return
    meets = {id(v.criterion): v.meets for v in verdicts}
    products = [
        {"id": p.id, "name": p.name, "price": p.price, "attributes": dict(p.attributes)}
        for p in raw.scenario.catalog.products
    ]
    derived = derived_expect(_persona_data(raw.scenario.persona, meets), products)
    spec.replace_block(expect, derived)
    spec.replace(unlabelled, DERIVED)
    done.derived[raw.id] = derived


def project_root(path: Path) -> Path:
    """Where a spec's paths may lead: the working folder when the spec is inside it, else its folder."""
    here = Path.cwd().resolve()
    return here if path.resolve().is_relative_to(here) else path.resolve().parent


def annotate(path: Path, settings: Settings, root: Path | None = None) -> Annotated:
    """Judge the spec's undecided criteria and write what was decided into the file at `path`.

    Raises SpecError for a spec that does not load (as pytest would report it)."""
    root = root or project_root(path)
    scenarios = load_spec(path, root, store=None, limits=settings.template_limits)
    text = path.read_text(encoding="utf-8")
    spec = SpecText.parse(text)
    raws = [r for r in _raw_scenarios(spec, scenarios) if r.criteria]
    done = Annotated(path)
    verdicts, done.usage = ask([r.scenario for r in raws], settings)
    for raw, found in zip(raws, verdicts, strict=True):
        assert len(found) == len(raw.criteria), "the file and the loaded spec list the same criteria"
        done.criteria += len(found)
        done.questions += len(found) * len(raw.scenario.catalog.products)
        for node, verdict in zip(raw.criteria, found, strict=True):
            if verdict.decided:
                spec.add_meets(node, verdict.meets)
                done.written.append((raw.id, verdict))
            else:
                done.left.append((raw.id, verdict))
        _derive(spec, raw, found, done)
    if spec.edits:
        path.write_text(spec.applied(), encoding="utf-8")
        done.changed = True
    return done


def summary(done: Annotated, settings: Settings) -> list[str]:
    """What a person reads after `salessim annotate`: what was written, what was left and why."""
    votes = f"{settings.judge_votes} vote{'s' if settings.judge_votes != 1 else ''}"
    lines = [
        f"{done.path}: {done.criteria} criteria without rule or meets, {done.questions} questions to "
        f"{settings.judge_model} ({votes} each; {done.usage.calls} calls, "
        f"{done.usage.prompt_tokens + done.usage.completion_tokens} tokens, ${done.usage.cost:.4f})",
        f"  wrote meets lists for {len(done.written)} criteria"
        + (
            f" ({sum(not v.unanimous for _, v in done.written)} by a majority, not every vote)"
            if done.written
            else ""
        ),
    ]
    if done.left:
        lines.append(
            f"  left {len(done.left)} criteria as they were (the judge could not decide every product):"
        )
    for scenario_id, verdict in done.left:
        kind = "dealbreaker" if verdict.criterion.hard else "preference"
        lines.append(f"    {scenario_id}: {kind} {verdict.criterion.text!r}")
        for product_id, why in list(verdict.undecided.items())[:3]:
            lines.append(f"      {product_id}: {why}")
        if len(verdict.undecided) > 3:
            lines.append(f"      and {len(verdict.undecided) - 3} more products")
    for scenario_id, expect in done.derived.items():
        shown = ", ".join(expect.get("any_of", [])) or "no purchase"
        lines.append(f"  {scenario_id}: expect derived from its criteria ({expect['decision']}: {shown})")
    if not done.changed:
        lines.append("  the file is unchanged")
    return lines
