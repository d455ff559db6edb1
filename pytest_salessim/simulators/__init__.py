"""Shopper simulators: the things under test, resolved from `--model NAME`."""

from __future__ import annotations

from pathlib import Path

from ..settings import Settings
from .base import Shopper, ShopperBrief, ShopperMessage, Simulator
from .reference import ReferenceSimulator
from .weak import WeakSimulator

BUILT_IN: dict[str, type[Simulator]] = {"reference": ReferenceSimulator, "weak": WeakSimulator}


class UnknownModel(ValueError):
    """A `--model` name that names no simulator."""


def resolve(name: str, settings: Settings | None = None) -> Simulator:
    """The simulator a `--model` name stands for: built in, `py:`, an alias or a litellm model id."""
    settings = settings or Settings()
    if name in BUILT_IN:
        return BUILT_IN[name]()
    if name.startswith("py:"):
        from .python import BadPythonSimulator, load_python_simulator

        try:
            return load_python_simulator(name)
        except BadPythonSimulator as err:
            raise UnknownModel(str(err)) from None
    return _llm(name, settings)


def _llm(name: str, settings: Settings) -> Simulator:
    from ..llm_client import UnknownModelName, client_for
    from .llm import DEFAULT_PROMPT, LLMSimulator

    try:
        client = client_for(name, settings)
    except UnknownModelName as err:
        if str(err).startswith("--salessim"):
            raise UnknownModel(str(err)) from None
        raise UnknownModel(
            f"unknown --model {name!r}: built in are {', '.join(BUILT_IN)}; aliases "
            f"{', '.join(sorted(settings.aliases))}; or a litellm model id such as openai/gpt-4o"
        ) from None
    vision = {"on": True, "off": False}.get(settings.vision)
    prompt = settings.shopper_prompt or DEFAULT_PROMPT
    return LLMSimulator(name, client, vision, Path(prompt))


__all__ = ["BUILT_IN", "Shopper", "ShopperBrief", "ShopperMessage", "Simulator", "UnknownModel", "resolve"]
