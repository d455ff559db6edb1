"""pytest hooks: options, collection of spec files, and hand-off to the run object."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from .cache import MODES
from .llm_client import QUIET_WARNINGS
from .run import GATE, RUN, BaselineGate, SalessimRun
from .settings import DEFAULT_TOLERANCES, Settings, project_aliases
from .simulators import UnknownModel, resolve
from .spec.yamldoc import VERSION, spec_version
from .templating import DEFAULT_LIMITS, RenderLimits

OPTIONS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (
        "--salessim-api-base",
        "an OpenAI-compatible server for the models (vLLM, llama.cpp, a local server)",
        {"metavar": "URL"},
    ),
    (
        "--salessim-timeout",
        "seconds before a model call times out (default 60)",
        {"type": float, "metavar": "SECONDS"},
    ),
    (
        "--salessim-retries",
        "retries of a model call on 429, 5xx, timeouts (default 3)",
        {"type": int, "metavar": "N"},
    ),
    (
        "--salessim-vision",
        "send product images to the shopper: auto (ask litellm), on, off",
        {"metavar": "auto|on|off"},
    ),
    (
        "--salessim-report",
        "write report.html, results.json and transcripts.jsonl here (default reports/)",
        {"metavar": "DIR"},
    ),
    (
        "--salessim-variants",
        "persuasion variants per item: overrides every scenario's max_examples",
        {"type": int, "metavar": "N"},
    ),
    (
        "--salessim-persuasion-budget",
        "conversations per persuasion item, shrinking included (60)",
        {"type": int, "metavar": "N"},
    ),
    (
        "--salessim-model-config",
        "a litellm Router model list: one model name served by several deployments",
        {"metavar": "FILE"},
    ),
    (
        "--salessim-prompt-cache",
        "auto (default): mark the stable prefix of every model call for the provider's prompt cache where "
        "the provider takes marks (Anthropic's Claude; OpenAI caches by itself); off: no marks",
        {"metavar": "auto|off"},
    ),
    (
        "--salessim-concurrency",
        "conversations that call models in flight at once, per process (default 16)",
        {"type": int, "metavar": "N"},
    ),
    ("--salessim-repeat", "trials per item (default 1)", {"type": int, "metavar": "N"}),
    (
        "--salessim-min-pass-rate",
        "the share of an item's trials that must pass (default 1.0)",
        {"type": float, "metavar": "RATE"},
    ),
    (
        "--salessim-agent-model",
        "an LLM sales agent for every scenario, in place of the scripts",
        {"metavar": "MODEL"},
    ),
    (
        "--salessim-judge-model",
        "an LLM judge of how the shopper plays its persona (comprehension, states_dealbreakers, "
        "judged_alignment, personality, first_turn_disclosure)",
        {"metavar": "MODEL"},
    ),
    (
        "--salessim-judge-votes",
        "calls to the judge per judged question; the majority counts, a tie goes to the lower score (3)",
        {"type": int, "metavar": "N"},
    ),
    (
        "--salessim-judge-dimensions",
        "the judged dimensions to ask, comma-separated (default: every one that applies)",
        {"metavar": "LIST"},
    ),
    (
        "--salessim-grading",
        "decision alignment: strict (the default) or paper (the SalesSim paper's)",
        {"metavar": "strict|paper"},
    ),
    (
        "--salessim-export",
        "write every conversation as chat-format JSONL with its scores, for training",
        {"metavar": "FILE"},
    ),
    ("--salessim-cache", "a directory of recorded model calls (see --salessim-record)", {"metavar": "DIR"}),
    (
        "--salessim-record",
        "off, replay (never call a model), new (record what is missing; the default with a cache), all",
        {"metavar": "MODE"},
    ),
    (
        "--salessim-baseline",
        "compare the run with this baseline file and fail it on a regression",
        {"metavar": "FILE"},
    ),
    (
        "--salessim-save-baseline",
        "write this run's figures and item outcomes as a baseline file",
        {"metavar": "FILE"},
    ),
    (
        "--salessim-specs",
        "where recorded conversations find their scenarios: a folder of spec files, or one "
        "(default: every spec file under the rootdir)",
        {"metavar": "DIR"},
    ),
    (
        "--salessim-max-regression",
        "how far a figure may worsen before the gate fails (default alignment:0.03,flip_rate:0.05)",
        {"metavar": "SPEC"},
    ),
)


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    from . import hookspec

    pluginmanager.add_hookspecs(hookspec)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("salessim", "pytest-salessim: test shopper simulators")
    group.addoption(
        "--model",
        action="append",
        dest="salessim_models",
        metavar="NAME",
        help="shopper simulator under test, repeatable: reference (default), weak, claude, gpt, gemini, "
        "a litellm model id, or py:package.module:factory",
    )
    parser.addini("salessim_models", "default --model names", type="linelist", default=[])
    group.addoption(
        "--salessim-derandomize",
        action="store_true",
        default=None,
        help="the CI profile for persuasion variants: the same variants every run, no example database",
    )
    parser.addini(
        "salessim_derandomize", "the CI profile for persuasion variants", type="bool", default=False
    )
    parser.addini("salessim_tactics", "your own persuasion tactic files (YAML)", type="paths", default=[])
    parser.addini(
        "salessim_shopper_prompt", "a Jinja2 template for the LLM shopper's system prompt", default=""
    )
    parser.addini(
        "salessim_judge_prompts", "a folder of judge rubrics (<dimension>.j2) over the built-in", default=""
    )
    parser.addini(
        "salessim_require", "judged dimensions whose majority 0 fails every item", type="args", default=[]
    )
    parser.addini(
        "salessim_transcripts",
        "globs (from the rootdir) of files of recorded conversations to grade, as run/*/transcripts.jsonl",
        type="args",
        default=[],
    )
    parser.addini("salessim_template_timeout", "seconds one render of a spec template may take (1)")
    parser.addini("salessim_template_max_chars", "characters one spec template may render (100000)")
    for flag, help_text, extra in OPTIONS:
        dest = flag.removeprefix("--").replace("-", "_")
        group.addoption(flag, dest=dest, help=help_text, **{"metavar": "VALUE", **extra})
        parser.addini(dest, help_text, default=None)


def _value(config: pytest.Config, name: str, default: Any, kind: Any = str) -> Any:
    value = config.getoption(name)
    if value is None:
        value = config.getini(name)
    return default if value in (None, "") else kind(value)


def _path(config: pytest.Config, name: str, default: str | None = None) -> Path | None:
    """A path option: on the command line, from where pytest was started; in an ini file, from its
    folder (the rootdir without one), so that a setting means the same from any folder."""
    value = config.getoption(name, None)  # None too for an ini-only setting
    if value not in (None, ""):
        return (config.invocation_params.dir / value).resolve()
    value = config.getini(name) or default
    if value in (None, ""):
        return None
    base = config.inipath.parent if config.inipath is not None else config.rootpath
    return (base / value).resolve()


def settings_from(config: pytest.Config) -> Settings:
    prompt = config.getini("salessim_shopper_prompt")
    vision = _value(config, "salessim_vision", "auto")
    if vision not in ("auto", "on", "off"):
        raise pytest.UsageError(f"--salessim-vision must be auto, on or off, not {vision!r}")
    prompt_cache = _value(config, "salessim_prompt_cache", "auto")
    if prompt_cache not in ("auto", "off"):
        raise pytest.UsageError(f"--salessim-prompt-cache must be auto or off, not {prompt_cache!r}")
    grading = _value(config, "salessim_grading", None)
    if grading not in (None, "strict", "paper"):
        raise pytest.UsageError(f"--salessim-grading must be strict or paper, not {grading!r}")
    repeat = _value(config, "salessim_repeat", 1, int)
    rate = _value(config, "salessim_min_pass_rate", 1.0, float)
    if repeat < 1 or not 0 < rate <= 1:
        raise pytest.UsageError("--salessim-repeat must be at least 1 and --salessim-min-pass-rate in (0, 1]")
    cache_dir = _path(config, "salessim_cache")
    record = _value(config, "salessim_record", "new" if cache_dir else "off")
    if record not in MODES:
        raise pytest.UsageError(f"--salessim-record must be one of {', '.join(MODES)}, not {record!r}")
    if record != "off" and cache_dir is None:
        raise pytest.UsageError(f"--salessim-record {record} needs --salessim-cache DIR")
    return Settings(
        rootdir=config.rootpath,
        cache_dir=cache_dir,
        record=record,
        baseline=_path(config, "salessim_baseline"),
        save_baseline=_path(config, "salessim_save_baseline"),
        max_regression=_tolerances(_value(config, "salessim_max_regression", "")),
        api_base=_value(config, "salessim_api_base", None),
        timeout=_value(config, "salessim_timeout", 60.0, float),
        retries=_value(config, "salessim_retries", 3, int),
        vision=vision,
        agent_model=_value(config, "salessim_agent_model", None),
        judge_model=_value(config, "salessim_judge_model", None),
        **_judge_settings(config),
        grading=grading,
        report_dir=_path(config, "salessim_report", "reports"),
        variants=_value(config, "salessim_variants", None, int),
        persuasion_budget=_value(config, "salessim_persuasion_budget", 60, int),
        derandomize=bool(config.getoption("salessim_derandomize") or config.getini("salessim_derandomize")),
        tactic_files=tuple(Path(p) for p in config.getini("salessim_tactics")),
        model_config=_path(config, "salessim_model_config"),
        prompt_cache=prompt_cache,
        export=_path(config, "salessim_export"),
        concurrency=max(1, _value(config, "salessim_concurrency", 16, int)),
        repeat=_value(config, "salessim_repeat", 1, int),
        min_pass_rate=_value(config, "salessim_min_pass_rate", 1.0, float),
        shopper_prompt=_path(config, "salessim_shopper_prompt") if prompt else None,
        aliases=project_aliases(config.rootpath),
        template_limits=_template_limits(config),
        recorded_specs=_specs_folder(config),
        transcripts=tuple(config.getini("salessim_transcripts")),
    )


def _specs_folder(config: pytest.Config) -> Path | None:
    """--salessim-specs: a folder (or file) of spec files under the rootdir, for recorded conversations."""
    folder = _path(config, "salessim_specs")
    if folder is not None and not folder.exists():
        raise pytest.UsageError(f"--salessim-specs: no such folder {folder}")
    return folder


def _template_limits(config: pytest.Config) -> RenderLimits:
    """The ini options salessim_template_timeout and salessim_template_max_chars."""

    def positive(name: str, kind: type[float] | type[int], default: float) -> Any:
        text = str(config.getini(name) or "").strip()
        try:
            value = kind(text) if text else default
        except ValueError:
            value = 0
        if not value > 0:
            raise pytest.UsageError(f"{name} must be a number above 0, not {text!r}")
        return value

    return RenderLimits(
        positive("salessim_template_timeout", float, DEFAULT_LIMITS.seconds),
        positive("salessim_template_max_chars", int, DEFAULT_LIMITS.chars),
    )


def _judge_settings(config: pytest.Config) -> dict[str, Any]:
    """--salessim-judge-votes, --salessim-judge-dimensions, salessim_judge_prompts, salessim_require."""
    from .judge.prompts import RubricProblem, replaced
    from .judge.verdicts import DIMENSIONS, REQUIRABLE

    votes = _value(config, "salessim_judge_votes", 3, int)
    if votes < 1:
        raise pytest.UsageError(f"--salessim-judge-votes must be at least 1, not {votes}")
    listed = _value(config, "salessim_judge_dimensions", None)
    dimensions = None if listed is None else tuple(d.strip() for d in listed.split(",") if d.strip())
    unknown = [d for d in dimensions or () if d not in DIMENSIONS]
    if unknown:
        raise pytest.UsageError(
            f"--salessim-judge-dimensions: unknown {', '.join(unknown)}; known: {', '.join(DIMENSIONS)}"
        )
    listed_require = config.getini("salessim_require")
    require = tuple(r.strip() for part in listed_require for r in part.split(",") if r.strip())
    unknown = [r for r in require if r not in REQUIRABLE]
    if unknown:
        raise pytest.UsageError(
            f"salessim_require: unknown {', '.join(unknown)}; a requirement is one of {', '.join(REQUIRABLE)}"
        )
    prompts = _path(config, "salessim_judge_prompts") if config.getini("salessim_judge_prompts") else None
    if prompts is not None:
        try:
            replaced(prompts)
        except RubricProblem as problem:
            raise pytest.UsageError(str(problem)) from None
    return dict(judge_votes=votes, judge_dimensions=dimensions, judge_prompts=prompts, require=require)


def _tolerances(text: str) -> dict[str, float]:
    """`alignment:0.03,flip_rate:0.05` over the defaults."""
    out = dict(DEFAULT_TOLERANCES)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.partition(":")
        try:
            if name.strip() not in DEFAULT_TOLERANCES:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise pytest.UsageError(
                f"--salessim-max-regression: expected NAME:VALUE with NAME one of "
                f"{', '.join(DEFAULT_TOLERANCES)}, not {part!r}"
            ) from None
    return out


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "salessim: an item played by pytest-salessim")
    config.addinivalue_line("filterwarnings", QUIET_WARNINGS)
    settings = settings_from(config)
    models = config.getoption("salessim_models") or config.getini("salessim_models") or ["reference"]
    simulators = {}
    for name in dict.fromkeys(models):
        try:
            simulators[name] = resolve(name, settings)
        except UnknownModel as err:
            raise pytest.UsageError(str(err)) from None
    if settings.shopper_prompt is not None and not settings.shopper_prompt.is_file():
        raise pytest.UsageError(f"salessim_shopper_prompt: no such file {settings.shopper_prompt}")
    run = SalessimRun(settings, simulators, config)
    if settings.tactic_files:
        run.library  # noqa: B018 - the user's tactic files: checked now, a clear usage error if bad
    config.stash[RUN] = run
    config.pluginmanager.register(run, "salessim-run")
    from .recorded.tally import RecordedTally

    config.pluginmanager.register(RecordedTally(), "salessim-recorded")
    if settings.baseline is not None or settings.save_baseline is not None:
        _register_gate(config, run)


def _register_gate(config: pytest.Config, run: SalessimRun) -> None:
    from .report.baseline import BadBaseline, read_baseline

    baseline = None
    if run.settings.baseline is not None:
        try:
            baseline = read_baseline(run.settings.baseline)
        except BadBaseline as err:
            raise pytest.UsageError(f"--salessim-baseline: {err}") from None
    gate = BaselineGate(run, baseline)
    config.stash[GATE] = gate
    config.pluginmanager.register(gate, "salessim-baseline-gate")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--salessim-grading` decides over each scenario's own `checks.grading`; `salessim_require` adds
    to each scenario's own `checks.require`."""
    settings = config.stash[RUN].settings
    grading = settings.grading
    if grading is not None:
        for item in items:
            if hasattr(item, "scenario"):
                item.scenario = item.scenario.graded(grading)
    if settings.require:
        from .judge import requiring

        for item in items:
            if hasattr(item, "scenario"):
                item.scenario = requiring(item.scenario, settings.require)


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Generator[None, list[Any], list[Any]]:
    """A spec file (`salessim: 1`) becomes a SpecFile. So does, to be reported rather than silently
    skipped, a YAML file that starts with `salessim:` of another version, and a YAML file named on the
    command line that no plugin collects (pytest would only say "not found")."""
    collectors = yield
    if file_path.suffix not in (".yaml", ".yml"):
        return collectors or _recorded(file_path, parent)
    version = spec_version(file_path)
    if version is None and (collectors or not _named(parent.config, file_path)):
        return collectors
    from .collect import SpecFile

    if version is not None and version[1] == VERSION:
        parent.config.stash[RUN].first_spec_file()
    return [*collectors, SpecFile.from_parent(parent, path=file_path)]


def _recorded(file_path: Path, parent: pytest.Collector) -> list[Any]:
    """A file no plugin collects, named on the command line or matching `salessim_transcripts`, is
    read as recorded conversations (recorded/): its content tells the format, not its name."""
    config = parent.config
    if file_path.suffix in (".py", ".pyc"):
        return []
    globs = config.stash[RUN].settings.transcripts
    if not (_matches(globs, file_path, config.rootpath) or _named(config, file_path)):
        return []
    from .recorded.item import RecordedFile

    return [RecordedFile.from_parent(parent, path=file_path)]


def _matches(globs: tuple[str, ...], path: Path, root: Path) -> bool:
    """Whether the path, from the rootdir, matches one of the globs (fnmatch: `*` crosses `/` too)."""
    if not globs or not path.is_relative_to(root):
        return False
    import fnmatch

    relative = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(relative, glob.removeprefix("./")) for glob in globs)


NAMED = pytest.StashKey[frozenset[Path]]()  # the files named on the command line, resolved once


def _named(config: pytest.Config, path: Path) -> bool:
    """Whether `path` was named on the command line or in `testpaths` (not found in a folder)."""
    if NAMED not in config.stash:
        bases = (config.invocation_params.dir, config.rootpath)
        config.stash[NAMED] = frozenset(
            (base / arg.split("::")[0]).resolve() for arg in config.args for base in bases
        )
    return path in config.stash[NAMED]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    from .collect import ScenarioItem

    recorded = bool(getattr(item, "salessim_recorded", False))  # recorded/item.py
    if isinstance(item, ScenarioItem) or recorded:
        graded: Any = item  # played or recorded: each has a model and a record
        report.salessim_model = graded.model
        if recorded:
            report.salessim_recorded = True
        record = graded.record() if call.when == "call" else None
        if record is not None:
            report.salessim = record  # plain JSON: survives pytest-xdist
        gate = item.config.stash.get(GATE, None)
        if report.failed and record is not None and gate and gate.known_failure(graded.model, item.nodeid):
            report.outcome = "skipped"  # an expected failure: it failed in the baseline too
            report.wasxfail = "known failure: it failed in the baseline too"
    return report
