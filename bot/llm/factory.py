"""The chat model for ``settings.llm``: any OpenAI-compatible endpoint (vLLM, llama.cpp server, LM
Studio, Azure, OpenAI) or an Ollama server. The client libraries are imported only here, on demand, and
constructing a model opens no connection: the first request does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.settings import LLMSettings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

DEFAULT_MAX_TOKENS = 512


class LLMConfigError(ValueError):
    """``settings.llm`` does not describe a usable model."""


def make_chat_model(settings: LLMSettings, max_tokens: int | None = DEFAULT_MAX_TOKENS) -> BaseChatModel:
    """Build the chat model ``settings.mode`` names; ``max_tokens`` caps one answer's length."""
    if settings.mode == "none":
        raise LLMConfigError("llm.mode is 'none': the extractive composer needs no chat model")
    if not settings.model:
        raise LLMConfigError(
            f"llm.mode is {settings.mode!r} but no model is named: set llm.model or WIJZER_LLM_MODEL "
            "(e.g. the model name the server lists under /v1/models, or an Ollama tag such as 'llama3.2')"
        )
    if settings.mode == "openai":
        return _openai(settings, max_tokens)
    if settings.mode == "ollama":
        return _ollama(settings, max_tokens)
    raise LLMConfigError(f"unknown llm.mode {settings.mode!r}: use none, openai or ollama")


def _openai(settings: LLMSettings, max_tokens: int | None) -> BaseChatModel:
    if not settings.base_url and not settings.api_key:
        raise LLMConfigError(
            "llm.mode is 'openai' but llm.base_url is not set: set WIJZER_LLM_BASE_URL to the server's "
            "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (or set an API key to use "
            "api.openai.com)"
        )
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - the llm extra is part of the dev install
        raise LLMConfigError("llm.mode 'openai' needs langchain-openai: pip install 'wijzer[llm]'") from exc
    limit: dict[str, object] = {"max_tokens": max_tokens}
    if settings.base_url and max_tokens is not None:
        # The client sends the cap as "max_completion_tokens", which OpenAI itself wants but several
        # compatible servers (llama-cpp-python among them) silently ignore; they all read "max_tokens".
        limit = {"max_tokens": None, "extra_body": {"max_tokens": max_tokens}}
    return ChatOpenAI(
        model=settings.model,
        base_url=settings.base_url,
        # Local servers ignore the key, but the client refuses to start without one.
        api_key=settings.api_key or "not-needed",
        temperature=settings.temperature,
        timeout=settings.timeout_s,
        max_retries=1,
        **limit,  # type: ignore[arg-type]
    )


def _ollama(settings: LLMSettings, max_tokens: int | None) -> BaseChatModel:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:  # pragma: no cover
        raise LLMConfigError("llm.mode 'ollama' needs langchain-ollama: pip install 'wijzer[llm]'") from exc
    kwargs: dict[str, object] = {"client_kwargs": {"timeout": settings.timeout_s}}
    if settings.base_url:  # default: the client's own (http://localhost:11434 or OLLAMA_HOST)
        kwargs["base_url"] = settings.base_url
    return ChatOllama(
        model=settings.model,
        temperature=settings.temperature,
        num_predict=max_tokens,
        **kwargs,  # type: ignore[arg-type]
    )
