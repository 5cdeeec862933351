"""The chat model factory: the right client per mode, clear errors, no network on construction."""

from __future__ import annotations

import pytest

from bot.llm.factory import LLMConfigError, make_chat_model
from bot.settings import LLMSettings, load_settings


def test_openai_compatible_endpoint() -> None:
    from langchain_openai import ChatOpenAI

    # nothing listens on port 9: construction must not connect
    model = make_chat_model(
        LLMSettings(
            mode="openai", model="smollm2", base_url="http://127.0.0.1:9/v1", temperature=0.0, timeout_s=7
        )
    )
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "smollm2" and model.temperature == 0.0
    assert model.openai_api_base == "http://127.0.0.1:9/v1" and model.request_timeout == 7
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == "not-needed"
    # compatible servers read "max_tokens"; the client would send "max_completion_tokens"
    assert model.max_tokens is None and model.extra_body == {"max_tokens": 512}
    payload = model._get_request_payload("hallo")
    assert payload["extra_body"] == {"max_tokens": 512} and "max_completion_tokens" not in payload


def test_api_key_is_passed_and_replaces_base_url() -> None:
    model = make_chat_model(LLMSettings(mode="openai", model="gpt-x", api_key="sk-test"))
    assert model.openai_api_key.get_secret_value() == "sk-test"  # type: ignore[attr-defined]
    assert model._get_request_payload("hallo")["max_completion_tokens"] == 512  # type: ignore[attr-defined]


def test_ollama() -> None:
    from langchain_ollama import ChatOllama

    model = make_chat_model(LLMSettings(mode="ollama", model="llama3.2", base_url="http://127.0.0.1:9"))
    assert isinstance(model, ChatOllama)
    assert model.model == "llama3.2" and model.base_url == "http://127.0.0.1:9" and model.num_predict == 512


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (LLMSettings(mode="openai", base_url="http://x/v1"), "WIJZER_LLM_MODEL"),
        (LLMSettings(mode="ollama"), "no model"),
        (LLMSettings(mode="openai", model="m"), "WIJZER_LLM_BASE_URL"),
        (LLMSettings(mode="none", model="m"), "extractive"),
    ],
)
def test_clear_errors(settings: LLMSettings, message: str) -> None:
    with pytest.raises(LLMConfigError, match=message):
        make_chat_model(settings)


def test_settings_from_the_environment() -> None:
    settings = load_settings(
        env={
            "WIJZER_LLM": "openai",
            "WIJZER_LLM_MODEL": "smollm2",
            "WIJZER_LLM_BASE_URL": "http://127.0.0.1:9/v1",
            "WIJZER_LLM_API_KEY": "k",
        }
    )
    model = make_chat_model(settings.llm)
    assert model.model_name == "smollm2"  # type: ignore[attr-defined]
