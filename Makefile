# One entry point for the project. Targets create .venv with `python3 -m venv`
# when missing and install the pinned lock file; re-installing happens only when
# requirements.lock or pyproject.toml changed (a stamp file records it).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: figures check-figures test lint lab bench lock env clean-venv fonts

figures: $(STAMP) fonts ## build every figure (only notebooks whose inputs changed) and reports/
	$(BIN)/unionanalysis build $(BUILD_ARGS)

check-figures: $(STAMP) fonts ## rebuild into a temporary folder and compare with figures/
	$(BIN)/unionanalysis build --check

# Chinese-label figures are drawn with Noto Sans CJK (SIL OFL); its bytes are part of the
# figures', so the build installs Debian's package where it is missing (or says to).
fonts:
	@bash .ci/apt-install fonts-noto-cjk

test: $(STAMP) lint fonts ## ruff, then pytest
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

lab: $(STAMP) ## JupyterLab in the project environment (kernel python3 imports unionanalysis)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP) ## speed and memory benchmarks; results go in docs/benchmarks.md
	@set -e; for script in benchmarks/bench_*.py; do \
		echo "== $$script"; $(BIN)/python $$script; done

env: $(STAMP)

lock: $(BIN)/python ## re-pin requirements.lock from pyproject.toml (maintainers only)
	$(PIP) install pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --extra test --extra bench \
		--output-file requirements.lock pyproject.toml

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	@touch $(STAMP)

clean-venv:
	rm -rf $(VENV)
