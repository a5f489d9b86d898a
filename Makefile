# Two commands on a fresh machine:  `make demo` (the main job on the bundled samples) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# uv installs without byte-compiling unless told; this shell forbids writing .pyc at run time.
export UV_COMPILE_BYTECODE := 1

.PHONY: setup demo test test-fast lint browser bench dagster samples docs clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[dev]'
	cd dbt_project && ../$(VENV)/bin/dbt parse --quiet --profiles-dir .
	touch $@

demo: setup
	$(VENV)/bin/budget-warehouse run

# Everything (CI: .ci/run): the linters, then every test, on two workers (pytest-xdist; tests/conftest.py keeps
# the tests of one shared warehouse on one worker and hands out the long ones first). Tiers: see the markers
# in pyproject.toml. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2
PARALLEL := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder)
test: lint browser
	$(PY) -m pytest $(PARALLEL)

# Everything but the tests that build whole warehouses (e2e) or read the real corpus (corpus).
test-fast: setup
	$(PY) -m pytest $(PARALLEL) -m "not e2e and not corpus"

lint: setup
	$(VENV)/bin/ruff check .
	BW_DB=:memory: $(VENV)/bin/sqlfluff lint dbt_project/models --processes 2

# The report is tested in a real headless browser (tests/test_report_browser.py): Debian's chromium, installed
# once when /usr/bin/chromium is missing (CI runs as root on a fresh machine; else through sudo). A CJK font
# (fonts-wqy-microhei) is unpacked into .browser-fonts/ for the browser alone (the test points fontconfig at
# it): installed system-wide it would change how pdfium substitutes the fonts PDFs do not embed.
CHROMIUM ?= /usr/bin/chromium
BROWSER_FONTS := .browser-fonts
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }
	@test -x $(CHROMIUM) && echo "Browser for the report test: $(CHROMIUM)"
	@ls $(BROWSER_FONTS)/usr/share/fonts/truetype/wqy/*.ttc >/dev/null 2>&1 || { mkdir -p $(BROWSER_FONTS) && \
	  cd $(BROWSER_FONTS) && apt-get download -qq fonts-wqy-microhei 2>/dev/null && dpkg -x fonts-wqy-microhei_*.deb . && \
	  rm -f fonts-wqy-microhei_*.deb; } || echo "No CJK font for the browser: Chinese shows as boxes in its screenshots"

bench: setup
	$(PY) bench/extraction_speed.py

dagster: setup
	$(VENV)/bin/dagster dev -m orchestration.definitions

# dbt docs of the warehouse (marts, findings tables, measure glossary) into dbt_project/target/index.html
BW_DB ?= warehouse.duckdb
docs: setup
	cd dbt_project && ../$(VENV)/bin/dbt docs generate --quiet --profiles-dir . --static --vars '{db_path: $(abspath $(BW_DB))}'
	@# --vars made dbt parse anew and save that parse: parse again as builds run dbt (no vars), so they reuse it
	cd dbt_project && ../$(VENV)/bin/dbt parse --quiet --profiles-dir .
	@echo "Docs: dbt_project/target/static_index.html (one file; or: cd dbt_project && ../$(VENV)/bin/dbt docs serve --profiles-dir .)"

samples: setup
	$(PY) samples/make_samples.py
	$(PY) samples/make_raw_text_sample.py
	$(PY) samples/make_unit_total_sample.py
	$(PY) samples/make_funding_block_sample.py
	$(PY) samples/make_vertical_header_sample.py
	$(PY) samples/make_carryover_column_sample.py
	$(PY) samples/make_halves_sample.py
	$(PY) samples/make_project_list_sample.py
	$(PY) samples/make_goal_list_sample.py
	$(PY) samples/make_unread_columns_sample.py
	$(PY) samples/make_evaluation_layout_samples.py

clean:
	rm -rf warehouse.duckdb warehouse.duckdb.* dbt_project/target dbt_project/logs
