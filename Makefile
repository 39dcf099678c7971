# Two commands on a fresh machine: `make run` (install, build the index if needed, serve on 127.0.0.1:7860)
# and `make test` (install everything, run every test).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# No outbound connection at start or at use: no analytics, no model hub, no telemetry.
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export OMP_NUM_THREADS ?= 2

.PHONY: run test install install-test index bench eval clean

$(BIN)/python:
	@echo "[1/3] 创建 Python 虚拟环境 $(VENV) ……"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Runtime dependencies (no torch): what a trainer needs to serve. pip shows each package as it installs, so a
# first install (about a minute) is never a silent wait.
$(VENV)/.run-deps: pyproject.toml | $(BIN)/python
	@echo "[2/3] 安装运行所需的软件包（首次约 1 分钟）……"
	set -o pipefail; $(BIN)/pip install --progress-bar off -e '.[llm]' \
	  | { grep -E --line-buffered '^(Collecting|Successfully installed)' || true; }
	touch $@

# Test dependencies add sentence-transformers; torch 2.13.0 first, or pip pulls CUDA builds.
$(VENV)/.test-deps: pyproject.toml $(VENV)/.run-deps
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[llm,st,test]'
	touch $@

install: $(VENV)/.run-deps

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here); without a CJK font
# Chinese renders as boxes. LibreOffice Writer (no GUI) renders the exported Word files the way a school's
# office suite opens them. PostgreSQL is the shared store of a multi-machine deployment; the tests start a
# throw-away cluster of it. Installed only when missing; sudo only when not root.
install-test: $(VENV)/.test-deps
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wenquanyi \
	    || ! command -v soffice >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends chromium fonts-wqy-microhei \
	    libreoffice-writer-nogui postgresql; \
	fi

index: install
	@echo "[3/3] 检查并构建检索索引（首次约 1 分钟，之后只在文件变化时重建）……"
	$(BIN)/advisor index build

run: index
	$(BIN)/python app.py

test: install-test
	$(BIN)/python -m pytest -q

bench: index
	$(BIN)/python benchmarks/search_bench.py
	$(BIN)/python benchmarks/answer_bench.py

eval: install
	$(BIN)/advisor eval run

clean:
	rm -rf $(VENV) indexes/build-* indexes/.tmp-* indexes/CURRENT indexes/cache
