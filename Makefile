# exodus-monitor: `make demo` shows the tool on bundled news; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo run test bench lint audit lock clean

install: $(STAMP)

# Installs exactly what requirements.lock pins (what CI tested), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --config-settings editable_mode=compat -e .
	touch $(STAMP)

demo: install
	$(BIN)/exodus demo

run: install
	$(BIN)/exodus run

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m benchmarks

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy exodus figures crawlers flows storage alerts cleaning reports benchmarks

# Known vulnerabilities in requirements.lock (pip-audit; needs PyPI's JSON API).
audit:
	.ci/audit

# Refresh the pins after changing dependencies in pyproject.toml.
lock: install
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

clean:
	rm -rf $(VENV) build *.egg-info
