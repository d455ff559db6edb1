"""pytest hooks: options, collection of spec files, and the end-of-run summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .run import RUN, SalessimRun
from .simulators import UnknownModel, resolve
from .spec import is_spec_file


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("salessim", "pytest-salessim: test shopper simulators")
    group.addoption(
        "--model",
        action="append",
        dest="salessim_models",
        metavar="NAME",
        help="shopper simulator under test; repeat for a side-by-side matrix (default: reference)",
    )
    parser.addini("salessim_models", "default --model names", type="linelist", default=[])


def pytest_configure(config: pytest.Config) -> None:
    models = config.getoption("salessim_models") or config.getini("salessim_models") or ["reference"]
    models = list(dict.fromkeys(models))
    for name in models:
        try:
            resolve(name)
        except UnknownModel as err:
            raise pytest.UsageError(str(err)) from None
    run = SalessimRun(models)
    config.stash[RUN] = run
    config.pluginmanager.register(run, "salessim-run")
    config.addinivalue_line("markers", "salessim: an item played by pytest-salessim")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix in (".yaml", ".yml") and is_spec_file(file_path):
        from .collect import SpecFile

        return SpecFile.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    from .collect import ScenarioItem

    if isinstance(item, ScenarioItem):
        report.salessim_model = item.model
        if call.when == "call" and item.salessim_record is not None:
            report.salessim = item.salessim_record  # plain JSON: survives pytest-xdist
    return report
