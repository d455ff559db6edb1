"""The LLM path's parts: aliases, usage summed over calls, litellm imported only when needed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_salessim.conversation import play
from pytest_salessim.llm_client import litellm_module
from pytest_salessim.settings import DEFAULT_ALIASES, Settings, project_aliases
from pytest_salessim.simulators import resolve

from .factories import scenarios
from .llm_policies import careful_shopper, routed
from .llm_server import LLMServer, Policy


@pytest.mark.parametrize("alias", sorted(DEFAULT_ALIASES))
def test_aliases_name_models_the_installed_litellm_knows(alias: str) -> None:
    model = DEFAULT_ALIASES[alias]
    litellm = litellm_module()
    bare = model.split("/", 1)[1]
    assert model in litellm.model_cost or bare in litellm.model_cost
    assert litellm.supports_function_calling(model)


def test_project_aliases_override_and_extend(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.salessim.models]\nclaude = "anthropic/claude-opus-4-5"\nlocal = "hosted_vllm/qwen3"\n'
    )
    aliases = project_aliases(tmp_path)
    assert aliases["claude"] == "anthropic/claude-opus-4-5"
    assert aliases["local"] == "hosted_vllm/qwen3" and aliases["gpt"] == DEFAULT_ALIASES["gpt"]


def test_tokens_and_cost_are_summed_over_every_call(
    tmp_path: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    specs = scenarios(tmp_path)
    server = llm_server(routed(careful_shopper({s.persona.name: s.persona for s in specs.values()})))
    settings = Settings(api_base=server.url, retries=0)
    transcript = play(specs["writer"], resolve("openai/careful", settings), 1, settings)
    assert transcript.usage.calls == len(server.requests) >= 3
    assert transcript.usage.prompt_tokens == sum(r["usage"]["prompt_tokens"] for r in server.requests)
    assert transcript.usage.completion_tokens == sum(r["usage"]["completion_tokens"] for r in server.requests)
    assert transcript.decision.product_id == "acer-aspire-5"


def test_a_reference_run_never_imports_litellm(pytester: pytest.Pytester, store: Path) -> None:
    from .conftest import WRITER, spec_text

    (store / "laptops.yaml").write_text(spec_text(WRITER))
    pytester.makeconftest(
        "import sys\n"
        "def pytest_sessionfinish(session):\n"
        "    print('litellm imported:', 'litellm' in sys.modules)\n"
    )
    result = pytester.runpytest_subprocess("specs", "-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*litellm imported: False*"])
    # and the probe can tell: playing with an LLM model does import it (collecting alone does not)
    result = pytester.runpytest_subprocess("specs", "-s", "--collect-only", "--model", "openai/any")
    result.stdout.fnmatch_lines(["*litellm imported: False*"])
    dead = ("--salessim-api-base", "http://127.0.0.1:9/v1", "--salessim-retries", "0")
    result = pytester.runpytest_subprocess("specs", "-s", "--model", "openai/any", *dead)
    result.stdout.fnmatch_lines(["*litellm imported: True*"])


def test_cost_is_summed_for_a_priced_model(tmp_path: Path, llm_server: Callable[[Policy], LLMServer]) -> None:
    specs = scenarios(tmp_path)
    server = llm_server(routed(careful_shopper({s.persona.name: s.persona for s in specs.values()})))
    settings = Settings(api_base=server.url, retries=0)
    transcript = play(specs["writer"], resolve("openai/gpt-4o", settings), 1, settings)
    litellm = litellm_module()
    per_call = [
        litellm.cost_per_token(
            model="gpt-4o",
            prompt_tokens=r["usage"]["prompt_tokens"],
            completion_tokens=r["usage"]["completion_tokens"],
        )
        for r in server.requests
    ]
    assert (
        transcript.usage.cost == pytest.approx(sum(a + b for a, b in per_call)) and transcript.usage.cost > 0
    )


def test_the_shopper_prompt_is_a_template_users_replace(
    pytester: pytest.Pytester, store: Path, llm_server: Callable[[Policy], LLMServer]
) -> None:
    from .conftest import WRITER, spec_text
    from .llm_policies import pushover_shopper

    (store / "laptops.yaml").write_text(spec_text(WRITER))
    (pytester.path / "mine.j2").write_text(
        "You are {{ persona.name }}, {{ persona.age }}, shopping for {{ category }}."
    )
    pytester.makeini("[pytest]\nsalessim_shopper_prompt = mine.j2\n")
    server = llm_server(routed(pushover_shopper))
    pytester.runpytest("specs", "--model", "openai/x", "--salessim-api-base", server.url)
    assert server.requests[0]["body"]["messages"][0]["content"] == "You are Emily, 22, shopping for laptops."


@pytest.mark.parametrize(
    ("head", "mime"),
    [
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff\xe0", "image/jpeg"),
        (b"GIF89a", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),  # a sound, not a picture
        (b"BM\x00\x00", None),  # BMP: neither OpenAI nor Anthropic takes it
        (b"<svg xmlns=", None),
    ],
)
def test_only_images_providers_take_are_sent(tmp_path: Path, head: bytes, mime: str | None) -> None:
    from pytest_salessim.simulators.llm import image_data_uri

    path = tmp_path / "product"
    path.write_bytes(head + b"\x00" * 16)
    uri = image_data_uri(str(path))
    assert (uri.split(";")[0] if uri else None) == (f"data:{mime}" if mime else None)
    assert image_data_uri(str(tmp_path / "missing.png")) is None
