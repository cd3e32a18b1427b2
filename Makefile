# The two commands of the README. Both set up a virtual environment on first use.
#   make demo   - run a full audit on the bundled example (auditor demo)
#   make test   - run the test suite (installs Debian chromium first, for the browser tests)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test fixtures bench bench-scale lint clean screenshot

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/auditor demo --output auditor-demo

test: $(VENV)/.installed
	bash scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -q

screenshot: $(VENV)/.installed
	bash scripts/ensure_chromium.sh
	$(BIN)/python scripts/screenshot.py --output audit-output/screenshots

fixtures: $(VENV)/.installed
	$(BIN)/python scripts/make_fixtures.py
	$(BIN)/python scripts/make_render_fixtures.py
	$(BIN)/python scripts/make_sampling_fixtures.py
	$(BIN)/python -m pip install --quiet reportlab xlwt
	$(BIN)/python scripts/report_fixtures.py
	$(BIN)/python scripts/blind_report_layouts.py

bench: $(VENV)/.installed
	$(BIN)/python bench/render_outputs.py
	$(BIN)/python bench/bench_sampling.py
	$(BIN)/python bench/bench_charts.py

# 10 million call records (written once to /tmp/auditor-bench) against DuckDB; ROWS=1000000 for a quick run
bench-scale: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/bench_scale.py --rows $(or $(ROWS),10000000)

lint: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet ruff mypy pandas-stubs types-PyYAML types-openpyxl
	$(BIN)/ruff check auditor tests scripts bench
	$(BIN)/mypy

clean:
	rm -rf $(VENV) auditor-demo audit-output .pytest_cache
