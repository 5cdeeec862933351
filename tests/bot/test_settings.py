"""Settings: settings.yaml + profiles + WIJZER_* environment, read only when asked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.settings import PACKAGED_MODEL, PROJECT_ROOT, Settings, load_settings
from bot.store import describe_location


def write_yaml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_come_from_settings_yaml() -> None:
    raw = yaml.safe_load((PROJECT_ROOT / "settings.yaml").read_text(encoding="utf-8"))
    settings = load_settings(env={}, root=PROJECT_ROOT)

    assert settings.data_dir == PROJECT_ROOT / raw["data_dir"]
    assert settings.corpus_dir == PROJECT_ROOT / raw["corpus_dir"]
    assert settings.embedding.model == raw["embedding"]["model"] == PACKAGED_MODEL
    assert settings.embedding.batch_size == raw["embedding"]["batch_size"]
    assert settings.chroma.collection == raw["chroma"]["collection"] == "wijzer"
    assert settings.chroma.port == raw["chroma"]["port"]
    assert settings.chroma.mode == "embedded"
    assert settings.chroma_path == settings.data_dir / "chroma"
    assert settings.retrieval.k == raw["retrieval"]["k"]
    assert settings.chunking.max_tokens == raw["chunking"]["max_tokens"]
    assert settings.llm.mode == raw["llm"]["mode"] == "none"
    assert settings.ui.port == raw["ui"]["port"]


def test_relative_paths_in_a_settings_file_are_relative_to_its_folder(tmp_path: Path) -> None:
    write_yaml(tmp_path / "settings.yaml", "data_dir: mydata\ncorpus_dir: docs\nchroma:\n  path: idx\n")
    settings = load_settings(env={}, root=tmp_path)
    assert settings.data_dir == tmp_path / "mydata"
    assert settings.corpus_dir == tmp_path / "docs"
    assert settings.chroma_path == tmp_path / "idx"


def test_relative_env_paths_are_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={"WIJZER_DATA_DIR": "elders"}, root=PROJECT_ROOT)
    assert settings.data_dir == tmp_path / "elders"


def test_an_empty_folder_gives_the_built_in_defaults(tmp_path: Path) -> None:
    settings = load_settings(env={}, root=tmp_path)
    assert settings.data_dir == tmp_path / "data"
    assert settings.chroma.collection == "wijzer"
    assert settings.embedding.model == PACKAGED_MODEL


@pytest.mark.parametrize("how", ["argument", "env"])
def test_test_profile_merges_over_the_base(how: str) -> None:
    if how == "argument":
        settings = load_settings(profiles=["test"], env={}, root=PROJECT_ROOT)
    else:
        settings = load_settings(env={"WIJZER_PROFILES": " test , "}, root=PROJECT_ROOT)
    base = load_settings(env={}, root=PROJECT_ROOT)

    assert settings.chroma.collection == "wijzer-test"
    assert (settings.embedding.batch_size, settings.embedding.torch_threads) == (32, 1)
    # everything the profile does not name comes from settings.yaml, section by section
    assert settings.chroma.port == base.chroma.port
    assert settings.embedding.model == base.embedding.model
    assert settings.retrieval == base.retrieval
    assert settings.data_dir == base.data_dir


def test_profiles_merge_in_order(tmp_path: Path) -> None:
    write_yaml(tmp_path / "settings.yaml", "retrieval:\n  k: 3\n  dense_k: 10\n")
    write_yaml(tmp_path / "settings-a.yaml", "retrieval:\n  k: 4\n")
    write_yaml(tmp_path / "settings-b.yaml", "retrieval:\n  k: 6\nanswer:\n  persona: collectief\n")
    settings = load_settings(profiles=["a", "b"], env={}, root=tmp_path)
    assert (settings.retrieval.k, settings.retrieval.dense_k) == (6, 10)
    assert settings.answer.persona == "collectief"


def test_env_overrides_single_fields(tmp_path: Path) -> None:
    env = {
        "WIJZER_PROFILES": "test",
        "WIJZER_DATA_DIR": str(tmp_path / "d"),
        "WIJZER_CORPUS_DIR": str(tmp_path / "c"),
        "WIJZER_EMBEDDING_MODEL": "/models/other",
        "WIJZER_RETRIEVAL_K": "7",
        "WIJZER_CHROMA_COLLECTION": "eigen",
        "WIJZER_PORT": "8123",
    }
    settings = load_settings(env=env, root=PROJECT_ROOT)
    assert settings.data_dir == tmp_path / "d"
    assert settings.corpus_dir == tmp_path / "c"
    assert settings.chroma_path == tmp_path / "d" / "chroma"
    assert settings.embedding.model == "/models/other"
    assert settings.retrieval.k == 7 and type(settings.retrieval.k) is int
    assert settings.chroma.collection == "eigen"  # env beats the profile
    assert settings.ui.port == 8123
    assert settings.embedding.batch_size == 32  # untouched fields keep the profile's value


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WIJZER_RETRIEVAL_K", "veel"),
        ("WIJZER_RETRIEVAL_K", "0"),
        ("WIJZER_CHROMA_PORT", "70000"),
        ("WIJZER_LLM", "gpt"),
    ],
)
def test_invalid_env_values_are_rejected(name: str, value: str) -> None:
    with pytest.raises(ValidationError):
        load_settings(env={name: value}, root=PROJECT_ROOT)


def test_chroma_host_and_path_together_are_refused(tmp_path: Path) -> None:
    env = {"WIJZER_CHROMA_HOST": "127.0.0.1", "WIJZER_CHROMA_PATH": str(tmp_path / "chroma")}
    with pytest.raises(ValueError, match="mutually exclusive") as error:
        load_settings(env=env, root=PROJECT_ROOT)
    assert "WIJZER_CHROMA_HOST" in str(error.value)
    assert "WIJZER_CHROMA_PATH" in str(error.value)


def test_chroma_host_and_path_in_a_settings_file_are_refused(tmp_path: Path) -> None:
    write_yaml(tmp_path / "settings.yaml", "chroma:\n  host: localhost\n  path: idx\n")
    with pytest.raises(ValueError, match="mutually exclusive"):
        load_settings(env={}, root=tmp_path)


def test_chroma_host_alone_selects_server_mode() -> None:
    settings = load_settings(
        env={"WIJZER_CHROMA_HOST": "chroma.intern", "WIJZER_CHROMA_PORT": "9000"}, root=PROJECT_ROOT
    )
    assert settings.chroma.mode == "server"
    assert settings.chroma.port == 9000
    assert describe_location(settings) == "Chroma server at http://chroma.intern:9000"


def test_chroma_path_alone_selects_embedded_mode(tmp_path: Path) -> None:
    settings = load_settings(env={"WIJZER_CHROMA_PATH": str(tmp_path / "idx")}, root=PROJECT_ROOT)
    assert settings.chroma.mode == "embedded"
    assert settings.chroma_path == tmp_path / "idx"
    assert str(tmp_path / "idx") in describe_location(settings)


def test_an_empty_env_value_means_unset() -> None:
    settings = load_settings(env={"WIJZER_CHROMA_HOST": ""}, root=PROJECT_ROOT)
    assert settings.chroma.host is None and settings.chroma.mode == "embedded"


@pytest.mark.parametrize(
    "text",
    ["retrieval:\n  k: 5\n  top_k: 9\n", "chroma_host: localhost\n", "embedding:\n  modle: x\n"],
    ids=["section-key", "top-level-key", "typo"],
)
def test_unknown_keys_in_settings_yaml_are_rejected(tmp_path: Path, text: str) -> None:
    write_yaml(tmp_path / "settings.yaml", text)
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        load_settings(env={}, root=tmp_path)


def test_unknown_keys_in_a_profile_are_rejected(tmp_path: Path) -> None:
    write_yaml(tmp_path / "settings.yaml", "retrieval:\n  k: 5\n")
    write_yaml(tmp_path / "settings-x.yaml", "retrieval:\n  kk: 5\n")
    with pytest.raises(ValidationError, match="kk"):
        load_settings(profiles=["x"], env={}, root=tmp_path)


def test_a_missing_profile_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="'bestaatniet'"):
        load_settings(profiles=["bestaatniet"], env={}, root=PROJECT_ROOT)
    with pytest.raises(FileNotFoundError, match=r"settings-prod\.yaml"):
        load_settings(env={"WIJZER_PROFILES": "prod"}, root=tmp_path)


def test_settings_dir_env_overrides_root(tmp_path: Path) -> None:
    write_yaml(tmp_path / "settings.yaml", "retrieval:\n  k: 9\n")
    settings = load_settings(env={"WIJZER_SETTINGS_DIR": str(tmp_path)}, root=PROJECT_ROOT)
    assert settings.retrieval.k == 9
    assert settings.data_dir == tmp_path / "data"


@pytest.mark.parametrize("text", ["retrieval: [unclosed\n", "- just\n- a list\n"], ids=["syntax", "list"])
def test_a_broken_settings_file_is_a_value_error_naming_it(tmp_path: Path, text: str) -> None:
    broken = write_yaml(tmp_path / "settings.yaml", text)
    with pytest.raises(ValueError, match=r"settings\.yaml"):
        load_settings(env={"WIJZER_SETTINGS_DIR": str(tmp_path)})
    assert broken.exists()


def test_nothing_is_read_at_import_time(tmp_path: Path) -> None:
    """Importing the modules with a broken settings.yaml around succeeds; loading the settings fails."""
    write_yaml(tmp_path / "settings.yaml", "retrieval: [unclosed\n")
    code = (
        "import bot.settings, bot.store, bot.cli, bot.status, ingest.pipeline\n"
        "try:\n"
        "    bot.settings.load_settings()\n"
        "except Exception as exc:\n"
        "    print('load failed:', type(exc).__name__)\n"
        "else:\n"
        "    print('load succeeded')\n"
    )
    env = {"WIJZER_SETTINGS_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("load failed:"), result.stdout


def test_cli_reports_broken_settings_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    write_yaml(tmp_path / "settings.yaml", "retrieval: [unclosed\n")
    monkeypatch.setenv("WIJZER_SETTINGS_DIR", str(tmp_path))
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wijzer: invalid settings:") and "settings.yaml" in err
    assert len(err.strip().splitlines()) == 1, err
    assert "line 2" in err


def test_settings_is_a_plain_model() -> None:
    """Built-in defaults need no file at all (used by code that constructs Settings directly)."""
    settings = Settings()
    assert settings.chroma.mode == "embedded"
    assert settings.data_dir == Path("data") and settings.chroma.collection == "wijzer"


def test_the_ingest_embeds_sentences_when_answers_or_retrieval_weigh_them() -> None:
    base = {"WIJZER_PROFILES": "test"}
    assert load_settings(env=base).embeds_sentences  # answers weigh closeness (1.0)
    off = {**base, "WIJZER_ANSWER_SIMILARITY_WEIGHT": "0"}
    assert not load_settings(env=off).embeds_sentences
    assert load_settings(env={**off, "WIJZER_RETRIEVAL_SENTENCE_WEIGHT": "1.0"}).embeds_sentences


def test_the_default_model_has_a_companion_and_the_multilingual_profile_none() -> None:
    from bot.embeddings.e5_quantized import E5_MODEL

    default = load_settings(env={}, root=PROJECT_ROOT).embedding
    assert default.companion == E5_MODEL and default.model == PACKAGED_MODEL and default.glossed
    companion = default.companion_settings
    assert companion is not None and companion.model == E5_MODEL and not companion.glossed
    assert companion.companion is None and companion.batch_size == default.batch_size
    multilingual = load_settings(env={"WIJZER_PROFILES": "multilingual"}, root=PROJECT_ROOT).embedding
    assert multilingual.model == E5_MODEL and multilingual.companion is None
    assert multilingual.companion_settings is None
    off = load_settings(env={"WIJZER_EMBEDDING_COMPANION": "null"}, root=PROJECT_ROOT).embedding
    assert off.companion is None


def test_the_model_itself_is_no_companion() -> None:
    """Choosing the multilingual model by WIJZER_EMBEDDING_MODEL alone (without its profile) searches it once."""
    from bot.embeddings.e5_quantized import E5_MODEL

    settings = load_settings(env={"WIJZER_EMBEDDING_MODEL": E5_MODEL}, root=PROJECT_ROOT)
    assert settings.embedding.companion == E5_MODEL and settings.embedding.companion_settings is None


def test_an_ingest_loads_its_models_on_every_core_and_answers_on_one_thread() -> None:
    """``embedding.ingest_threads`` (0: the libraries' default) is what ``wijzer ingest`` loads the models
    with, the companion included; answering processes keep ``torch_threads``."""
    default = load_settings(env={}, root=PROJECT_ROOT).embedding
    assert default.torch_threads == 1 and default.ingest_threads == 0
    ingest = default.for_ingest
    assert ingest.torch_threads == 0 and ingest.model == default.model
    companion = ingest.companion_settings
    assert companion is not None and companion.torch_threads == 0
    pinned = load_settings(env={"WIJZER_EMBEDDING_INGEST_THREADS": "1"}, root=PROJECT_ROOT).embedding
    assert pinned.for_ingest.torch_threads == 1


def test_the_companion_adds_its_closest_sentence_in_the_default_profile_only() -> None:
    default = load_settings(env={}, root=PROJECT_ROOT)
    assert default.retrieval.companion_weight > 0 and default.retrieval.companion_sentence_weight > 0
    assert default.retrieval.sentence_weight == 0  # the English model's own sentences stay off
    multilingual = load_settings(env={"WIJZER_PROFILES": "multilingual"}, root=PROJECT_ROOT)
    assert multilingual.embedding.companion_settings is None


def test_what_an_ingest_derives_follows_the_settings_that_decide_it(tmp_path: Path) -> None:
    """``Components.derived_signature`` changes when a derived index comes or goes (or its model changes),
    not when a weight that derives nothing does; it is read without loading a model or opening the index."""
    from bot.components import Components

    def signature(**env: str) -> str:
        components = Components(load_settings(env={"WIJZER_DATA_DIR": str(tmp_path), **env}))
        signed = components.derived_signature
        assert not {"embedder", "companion_embedder", "index"} & set(components.__dict__)
        return signed

    default = signature()
    assert signature(WIJZER_ANSWER_PASSAGE_WEIGHT="6") == default  # derives nothing
    assert signature(WIJZER_RETRIEVAL_COMPANION_WEIGHT="0.8") == default  # the same indexes
    # the companion's sentences are still embedded for its search's closest sentence
    assert signature(WIJZER_ANSWER_COMPANION_SHARE="0") == default
    neither = signature(WIJZER_ANSWER_COMPANION_SHARE="0", WIJZER_RETRIEVAL_COMPANION_SENTENCE_WEIGHT="0")
    changed = {
        neither,
        signature(WIJZER_RETRIEVAL_COMPANION_SENTENCE_WEIGHT="0"),  # its sentence index goes, the memo stays
        signature(WIJZER_RETRIEVAL_COMPANION_WEIGHT="0"),
        signature(WIJZER_EMBEDDING_COMPANION="null"),
        signature(WIJZER_RETRIEVAL_SENTENCE_WEIGHT="1.0"),
        signature(WIJZER_ANSWER_SIMILARITY_WEIGHT="0"),
    }
    assert default not in changed and len(changed) == 5  # no companion search: one signature either way
    settings = load_settings(env={"WIJZER_DATA_DIR": str(tmp_path)})
    assert settings.searches_companion and settings.companion_reads_sentences
