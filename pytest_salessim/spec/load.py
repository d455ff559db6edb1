"""A spec file -> validated, immutable Scenarios, or one SpecError listing every problem."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..templating import DEFAULT_LIMITS, RenderLimits, TemplateProblem, catalog_context, render
from . import vary
from .catalogs import CatalogLoader
from .errors import FieldPath, Problem, SpecError, format_field
from .model import (
    AgentLine,
    AgentSpec,
    Budget,
    Catalog,
    CheckLimits,
    Criterion,
    Expectation,
    LLMAgentSpec,
    Persona,
    Personality,
    Persuasion,
    RetrievalAgentSpec,
    Scenario,
    ScriptedAgentSpec,
    Trigger,
    content_words,
)
from .regex import unsupported
from .rules import OPERATORS, Rule
from .store import checked_document
from .validate import schema_problems
from .yamldoc import Document, check_marker


def load_spec(
    path: Path,
    root: Path,
    tactics: Callable[[], frozenset[str]] | None = None,
    store: Path | None = None,
    limits: RenderLimits = DEFAULT_LIMITS,
) -> tuple[Scenario, ...]:
    """Read, validate and build every scenario of the spec file at `path`.

    `tactics`, when given, tells the persuasion tactics a scenario may name (asked only if one does);
    `store` keeps the checked documents of files read before (see store.py); `limits` bound each
    render of a template, here and in the conversations.
    """
    check_marker(path)
    return _SpecBuilder(checked_document(path, store), root, tactics, store, limits).build()


class _SpecBuilder:
    def __init__(
        self,
        document: Document,
        root: Path,
        tactics: Callable[[], frozenset[str]] | None,
        store: Path | None = None,
        limits: RenderLimits = DEFAULT_LIMITS,
    ):
        self.doc = document
        self.tactics = tactics
        self.limits = limits
        self.catalogs = CatalogLoader(root, store)
        self.problems: list[Problem] = []
        self._agents: dict[tuple[int, int], AgentSpec] = {}

    def fail(self, field: FieldPath, message: str) -> None:
        self.problems.append(self.doc.problem(field, message))

    def build(self) -> tuple[Scenario, ...]:
        data = self.doc.data
        category = data.get("category") or self.doc.path.stem
        file_catalog = self._catalog(("catalog",), data.get("catalog"))
        catalog_failed = "catalog" in data and file_catalog is None
        file_agent = data.get("agent")
        scenarios: list[Scenario] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(data["scenarios"]):
            at: FieldPath = ("scenarios", index)
            if raw["id"] in seen:
                self.fail(
                    (*at, "id"),
                    f"duplicate scenario id {raw['id']!r} (first at scenarios[{seen[raw['id']]}])",
                )
                continue
            seen[raw["id"]] = index
            catalog = self._catalog((*at, "catalog"), raw["catalog"]) if "catalog" in raw else file_catalog
            if catalog is None:
                if "catalog" not in raw and not catalog_failed:
                    self.fail(at, "no catalog: give `catalog` at the top of the file or in this scenario")
                continue
            agent_field = (*at, "agent") if "agent" in raw else ("agent",)
            agent_raw = raw.get("agent", file_agent)
            if agent_raw is None:
                self.fail(at, "no sales agent: give `agent` at the top of the file or in this scenario")
                continue
            try:
                scenario = self._scenario(at, raw, category, catalog, agent_field, agent_raw)
                if "vary" in raw:
                    scenarios.extend(self._variants(at, raw, scenario, catalog, category, seen))
                else:
                    scenarios.append(scenario)
            except _Skip:
                continue
        if self.problems:
            raise SpecError(self.problems)
        return tuple(scenarios)

    def _variants(
        self,
        at: FieldPath,
        raw: dict[str, Any],
        base: Scenario,
        catalog: Catalog,
        category: str,
        taken: dict[str, int],
    ) -> list[Scenario]:
        """One scenario per combination of the `vary` grid, each checked as a whole scenario."""
        grid: dict[str, list[Any]] = raw["vary"]
        field = (*at, "vary")
        count = vary.size(grid)
        if count > vary.MAX_COMBINATIONS:
            sizes = " x ".join(str(len(v)) for v in grid.values())
            self.fail(field, f"{count} combinations ({sizes}): at most {vary.MAX_COMBINATIONS} per scenario")
            raise _Skip
        if len(taken) + count > vary.MAX_SCENARIOS:
            self.fail(
                field, f"its {count} variants make the file hold more than {vary.MAX_SCENARIOS} scenarios"
            )
            raise _Skip
        before = len(self.problems)
        for path, values in grid.items():
            for index, value in enumerate(values):
                self._vary_value((*field, path, index), raw["persona"], path, value, values[:index])
        if len(self.problems) > before:
            raise _Skip
        names = {path: vary.segments(path, values) for path, values in grid.items()}
        variants = []
        broken: dict[tuple[tuple[FieldPath, str], ...], list[str]] = {}  # what contradicts -> variants
        for combination in vary.combinations(grid):
            chosen = tuple((path, grid[path][index]) for path, index in combination)
            persona = replace(base.persona, **_profile(vary.applied(raw["persona"], chosen)))
            variant = vary.variant_id(base.id, [names[path][index] for path, index in combination])
            start = len(self.problems)
            if vary.changes_budget(grid) and not _known_conflict(raw):  # else as consistent as the scenario
                self._consistent(at, persona, base.expect, catalog, "product" in raw["expect"])
            if len(self.problems) > start:
                found = tuple((problem.field, problem.message) for problem in self.problems[start:])
                broken.setdefault(found, []).append(variant)
                del self.problems[start:]
            elif variant in taken:
                self.fail(field, f"variant id {variant!r} is also the id of scenarios[{taken[variant]}]")
            else:
                taken[variant] = int(at[-1])
                variants.append(replace(base, id=variant, persona=persona, variant=chosen))
        for found, names_broken in broken.items():
            more = f" (and {len(names_broken) - 1} more)" if len(names_broken) > 1 else ""
            for where, message in found:
                self.fail(field, f"variant {names_broken[0]}{more}: {format_field(where)}: {message}")
        if len(self.problems) > before:
            raise _Skip
        return variants

    def _vary_value(
        self, at: FieldPath, persona: dict[str, Any], path: str, value: Any, earlier: list[Any]
    ) -> None:
        """A value of a grid, alone in the persona, makes a valid persona (and is not listed twice)."""
        if any(vary.same(value, other) for other in earlier):
            self.fail(at, f"{value!r} is listed twice")
            return
        varied = Document(self.doc.path, vary.apply(persona, path, value), {})
        for problem in schema_problems(varied, "persona"):
            where = format_field(("persona", *problem.field))
            self.fail(at, f"{value!r} does not make a valid persona: {where}: {problem.message}")

    def _catalog(self, field: FieldPath, value: Any) -> Catalog | None:
        if value is None:
            return None
        try:
            return self.catalogs.load(self.doc, field, value)
        except SpecError as err:
            self.problems.extend(err.problems)
            return None

    def _scenario(
        self,
        at: FieldPath,
        raw: dict[str, Any],
        category: str,
        catalog: Catalog,
        agent_field: FieldPath,
        agent_raw: dict[str, Any],
    ) -> Scenario:
        before = len(self.problems)
        persona = self._persona((*at, "persona"), raw["persona"], catalog, category)
        expect = self._expect((*at, "expect"), raw["expect"], catalog)
        agent = self._shared_agent(agent_field, agent_raw, catalog)
        persuasion = self._persuasion((*at, "persuasion"), raw.get("persuasion"), catalog)
        unchecked = vary.changes_budget(raw.get("vary", {})) or _known_conflict(raw)
        if len(self.problems) == before and not unchecked:
            self._consistent(at, persona, expect, catalog, "product" in raw["expect"])
        if len(self.problems) > before:
            raise _Skip
        checks = raw.get("checks", {})
        defaults = CheckLimits()
        return Scenario(
            id=raw["id"],
            category=category,
            path=self.doc.path,
            line=self.doc.line_of(at),
            persona=persona,
            catalog=catalog,
            agent=agent,
            expect=expect,
            checks=CheckLimits(
                max_turns=checks.get("max_turns", defaults.max_turns),
                max_first_turn_disclosures=checks.get(
                    "max_first_turn_disclosures", defaults.max_first_turn_disclosures
                ),
                grading=checks.get("grading", defaults.grading),
                require=tuple(checks.get("require", ())),
            ),
            tags=tuple(raw.get("tags", ())),
            persuasion=persuasion,
        )

    def _persona(self, at: FieldPath, raw: dict[str, Any], catalog: Catalog, category: str) -> Persona:
        ignore = frozenset(content_words(category.replace("_", " ")))
        ignore |= {w.rstrip("s") for w in ignore} | {"product", "products", "item", "one"}

        def criteria(kind: str, hard: bool) -> tuple[Criterion, ...]:
            out = []
            for index, item in enumerate(raw.get(kind, ())):
                item = {"text": item} if isinstance(item, str) else item
                rule = self._rule((*at, kind, index, "rule"), item.get("rule"), catalog)
                meets = None
                if "meets" in item:
                    if rule is not None:
                        self.fail((*at, kind, index, "meets"), "give `rule` or `meets`, not both")
                    meets = self._ids((*at, kind, index, "meets"), item["meets"], catalog)
                keywords = tuple(k.lower() for k in item.get("keywords", ())) or content_words(
                    item["text"], ignore
                )
                if not keywords:
                    self.fail((*at, kind, index, "text"), "no content words to detect; give `keywords`")
                out.append(Criterion(item["text"], rule, keywords, hard, meets))
            return tuple(out)

        return Persona(
            name=raw["name"],
            preferences=criteria("preferences", False),
            dealbreakers=criteria("dealbreakers", True),
            **_profile(raw),
        )

    def _rule(self, at: FieldPath, raw: dict[str, Any] | None, catalog: Catalog) -> Rule | None:
        if raw is None:
            return None
        attribute = raw["attribute"]
        op = next(k for k in raw if k != "attribute")
        known = catalog.attributes
        if attribute not in known:
            close = difflib.get_close_matches(attribute, sorted(known), n=1)
            hint = (
                f"; did you mean {close[0]!r}?" if close else f"; the catalog has {', '.join(sorted(known))}"
            )
            self.fail((*at, "attribute"), f"no product in the catalog has attribute {attribute!r}{hint}")
        assert op in OPERATORS
        if op == "matches":
            self._regex((*at, "matches"), raw[op])
        return Rule(attribute, op, raw[op])

    def _regex(self, field: FieldPath, pattern: str) -> None:
        problem = unsupported(pattern)
        if problem is not None:
            self.fail(field, problem)

    def _known(self, field: FieldPath, product_id: str, catalog: Catalog) -> str:
        if product_id not in catalog:
            close = difflib.get_close_matches(product_id, catalog.ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self.fail(field, f"unknown product id {product_id!r}{hint}")
        return product_id

    def _ids(self, at: FieldPath, ids: list[str], catalog: Catalog) -> tuple[str, ...]:
        return tuple(self._known((*at, i), product_id, catalog) for i, product_id in enumerate(ids))

    def _expect(self, at: FieldPath, raw: dict[str, Any], catalog: Catalog) -> Expectation:
        decision = raw["decision"]
        if "product" in raw and "any_of" in raw:
            self.fail(at, "give `product` or `any_of`, not both")
        if decision == "no_purchase" and ("product" in raw or "any_of" in raw):
            self.fail((*at, "decision"), "`no_purchase` takes no `product` or `any_of`")
            return Expectation(decision)
        if decision == "purchase" and "product" not in raw and "any_of" not in raw:
            self.fail(at, "`purchase` needs the acceptable products: `product: ID` or `any_of: [IDs]`")
            return Expectation(decision)
        if "product" in raw:
            return Expectation(decision, (self._known((*at, "product"), raw["product"], catalog),))
        return Expectation(decision, self._ids((*at, "any_of"), raw.get("any_of", []), catalog))

    def _shared_agent(self, at: FieldPath, raw: dict[str, Any], catalog: Catalog) -> AgentSpec:
        """The file's agent is checked once per catalog, not once per scenario that uses it."""
        key = (id(raw), id(catalog))
        if key not in self._agents:
            before = len(self.problems)
            agent = self._agent(at, raw, catalog)
            if len(self.problems) > before:
                return agent  # not cached: every scenario using it reports nothing new anyway
            self._agents[key] = agent
        return self._agents[key]

    def _agent(self, at: FieldPath, raw: dict[str, Any], catalog: Catalog) -> AgentSpec:
        if "retrieval" in raw:
            return self._retrieval_agent(at, raw, catalog)
        if "model" in raw:
            for key in ("rules", "pitches", "fallback"):
                if key in raw:
                    self.fail((*at, key), f"not allowed with `model`: an LLM agent has no scripted {key}")
            return LLMAgentSpec(raw["model"], raw.get("instructions", ""), self.limits)
        if "instructions" in raw:
            self.fail((*at, "instructions"), "`instructions` is for an LLM agent: give `model` too")
        context = {**catalog_context(catalog.get, catalog.products), "last_message": "", "turn": 1}

        def template(field: FieldPath, source: str) -> str:
            try:
                render(source, context, self.limits)
            except TemplateProblem as err:
                self.fail(field, f"template does not render: {err}")
            return source

        def line(field: FieldPath, item: dict[str, Any], trigger: Trigger | None) -> AgentLine:
            recommend = self._ids((*field, "recommend"), item.get("recommend", []), catalog)
            return AgentLine(template((*field, "say"), item["say"]), recommend, trigger)

        rules = []
        for index, rule in enumerate(raw.get("rules", ())):
            when = rule["when"]
            trigger = Trigger(regex=when["regex"]) if isinstance(when, dict) else Trigger(tuple(when))
            if trigger.regex is not None:
                self._regex((*at, "rules", index, "when", "regex"), trigger.regex)
            rules.append(line((*at, "rules", index), rule, trigger))
        pitches = [line((*at, "pitches", i), p, None) for i, p in enumerate(raw.get("pitches", ()))]
        greeting = template((*at, "greeting"), raw["greeting"])
        fallback = template((*at, "fallback"), raw.get("fallback", ScriptedAgentSpec.fallback))
        return ScriptedAgentSpec(greeting, tuple(rules), tuple(pitches), fallback, self.limits)

    def _retrieval_agent(self, at: FieldPath, raw: dict[str, Any], catalog: Catalog) -> RetrievalAgentSpec:
        for key in ("rules", "pitches", "fallback", "model", "instructions"):
            if key in raw:
                self.fail((*at, key), f"not allowed with `retrieval`: the retrieval agent has no {key}")
        greeting = raw.get("greeting", "")
        if greeting:
            context = {**catalog_context(catalog.get, catalog.products), "last_message": "", "turn": 0}
            try:
                render(greeting, context, self.limits)
            except TemplateProblem as err:
                self.fail((*at, "greeting"), f"template does not render: {err}")
        top_k = raw["retrieval"].get("top_k", RetrievalAgentSpec.top_k)
        return RetrievalAgentSpec(top_k, greeting, self.limits)

    def _persuasion(self, at: FieldPath, raw: dict[str, Any] | None, catalog: Catalog) -> Persuasion | None:
        if raw is None:
            return None
        targets = self._ids((*at, "targets"), raw.get("targets", []), catalog)
        known = self.tactics() if self.tactics is not None and raw.get("tactics") else None
        for index, tactic in enumerate(raw.get("tactics", ())):
            if known is not None and tactic not in known:
                close = difflib.get_close_matches(tactic, sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(sorted(known))}"
                self.fail((*at, "tactics", index), f"unknown tactic {tactic!r}{hint}")
        return Persuasion(targets, tuple(raw.get("tactics", ())), raw.get("max_examples"))

    def _consistent(
        self, at: FieldPath, persona: Persona, expect: Expectation, catalog: Catalog, single: bool
    ) -> None:
        """A spec that contradicts itself is a bad test: say which product breaks which criterion."""
        from .criteria import broken_criteria

        for index, product_id in enumerate(expect.any_of):
            product = catalog.get(product_id)
            if product is None:
                continue
            broken = broken_criteria(product, persona)
            if broken:
                field = (*at, "expect", "product") if single else (*at, "expect", "any_of", index)
                self.fail(
                    field, f"expected product {product_id!r} breaks {broken[0]}: the spec contradicts itself"
                )
        judgeable = all(c.decidable for c in persona.dealbreakers)
        if expect.decision == "no_purchase" and judgeable:
            keeping = [p.id for p in catalog.products if not broken_criteria(p, persona)]
            if keeping:
                listed = ", ".join(keeping[:3]) + (
                    f" and {len(keeping) - 3} more" if len(keeping) > 3 else ""
                )
                self.fail(
                    (*at, "expect", "decision"),
                    f"expects no_purchase, but {listed} "
                    f"{'keeps' if len(keeping) == 1 else 'keep'} every dealbreaker and the budget",
                )


class _Skip(Exception):
    """A scenario whose problems are already recorded."""


# Tags that say a scenario's `expect` is known not to follow from its persona, so the loader does not
# call it self-contradictory: an imported label its persona contradicts (`label-conflict`, an xfail
# under `reference`), or a placeholder awaiting its derived label (`unlabelled`, skipped).
KNOWN_CONFLICT_TAGS = ("label-conflict", "unlabelled")


def _known_conflict(raw: dict[str, Any]) -> bool:
    return any(tag in KNOWN_CONFLICT_TAGS for tag in raw.get("tags", ()))


def _profile(raw: dict[str, Any]) -> dict[str, Any]:
    """Who the persona is, beyond its criteria: the fields a `vary` grid may change."""
    budget = raw.get("budget")
    if isinstance(budget, dict):
        budget = Budget(float(budget["max"]), budget.get("currency", "USD"), float(budget.get("flexible", 0)))
    elif budget is not None:
        budget = Budget(float(budget))
    return {
        "age": raw.get("age"),
        "background": raw.get("background", ""),
        "speaking_style": raw.get("speaking_style", ""),
        "budget": budget,
        "personality": Personality(**raw.get("personality", {})),
        "emotion": raw.get("emotion", ""),
        "knowledge": raw.get("knowledge"),
    }
