"""Shared test helpers: a small store and persona, written as a user would write them."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pytest_salessim.llm_client import litellm_module

from .llm_server import LLMServer, Policy

pytest_plugins = ["pytester"]

CATALOG = """\
products:
  - id: acer-aspire-5
    name: Acer Aspire 5
    price: 449.99
    attributes: {os: Windows, screen_in: 15.6, weight_kg: 1.8}
  - id: dell-xps-13
    name: Dell XPS 13
    price: 1299
    attributes: {os: Windows, screen_in: 13.4, weight_kg: 1.2}
  - id: asus-tuf
    name: ASUS TUF Gaming F15
    price: 799
    attributes: {os: Windows, screen_in: 15.6, weight_kg: 2.3}
  - id: lenovo-chromebook
    name: Lenovo Chromebook 14
    price: 299
    attributes: {os: ChromeOS, screen_in: 14, weight_kg: 1.5}
"""

AGENT = """\
agent:
  greeting: "Hi! Looking for a new laptop today?"
  rules:
    - when: [budget, cheap, afford]
      say: "The {{ product('lenovo-chromebook').name }} is {{ product('lenovo-chromebook').price | money }}."
      recommend: [lenovo-chromebook]
  pitches:
    - say: "Our best seller is the {{ product('dell-xps-13').name }}."
      recommend: [dell-xps-13]
  fallback: "Anything else?"
"""

WRITER = """\
  - id: writer
    tags: [budget]
    persona:
      name: Emily
      age: 22
      background: Freelance writer.
      speaking_style: uses filler words like "you know"
      budget: 500
      preferences:
        - text: a screen larger than 13 inches
          rule: {attribute: screen_in, gt: 13}
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: purchase, any_of: [acer-aspire-5]}
"""

NO_FIT = """\
  - id: no-fit
    tags: [no-purchase]
    persona:
      name: Bob
      budget: 350
      dealbreakers:
        - text: it has to run Windows
          rule: {attribute: os, eq: Windows}
    expect: {decision: no_purchase}
"""


def spec_text(*scenarios: str, agent: str = AGENT, header: str = "") -> str:
    """A spec file using the shared catalog at fixtures/laptops.yaml."""
    return (
        "salessim: 1\ncategory: laptops\ncatalog: ../fixtures/laptops.yaml\n"
        + header
        + agent
        + "scenarios:\n"
        + "".join(scenarios)
    )


@pytest.fixture
def store(pytester: pytest.Pytester) -> Path:
    """A project with the shared catalog; returns the specs folder."""
    (pytester.path / "fixtures").mkdir()
    (pytester.path / "fixtures" / "laptops.yaml").write_text(CATALOG)
    specs = pytester.path / "specs"
    specs.mkdir()
    return specs


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text) if text.startswith("\n") else text)
    return path


# the malformed-spec corpus is data for tests/spec/test_spec_errors.py, not specs to run
collect_ignore_glob = ["spec/bad/*"]


@pytest.fixture(scope="session", autouse=True)
def litellm_first() -> None:
    """Import litellm before any pytester snapshot of sys.modules (any in-process run may use it).

    Imported inside a test that uses pytester, litellm (with its importlib_metadata backport) is
    dropped from sys.modules at teardown while its finder stays on sys.meta_path, after which
    importlib.metadata finds no distributions and later in-process runs lose every plugin.
    """
    litellm_module()


@pytest.fixture(autouse=True)
def not_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs print the same on a CI machine as here.

    pytest prints the short test summary untruncated when CI or BUILD_NUMBER is set, so a message
    would appear twice in the output of a pytester run on CI and once elsewhere.
    """
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BUILD_NUMBER", raising=False)


@pytest.fixture
def llm_server(litellm_first: None) -> Iterator[Callable[[Policy], LLMServer]]:
    """Start local OpenAI-compatible servers with the given policies; stopped after the test."""
    servers: list[LLMServer] = []

    def start(policy: Policy) -> LLMServer:
        servers.append(LLMServer(policy).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def shipped(pytester: pytest.Pytester) -> Path:
    """The shipped specs and fixtures, copied into the pytester project."""
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "fixtures", pytester.path / "fixtures")
    shutil.copytree(repo / "specs", pytester.path / "specs", ignore=shutil.ignore_patterns("salessim"))
    return pytester.path
