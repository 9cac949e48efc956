# The two commands a newcomer needs are `make run` and `make test`; both build the virtual environment first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test browser mcp-server bench lint spec-index clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: serve on http://127.0.0.1:8080 with SQLite in ./.atlas-access (bootstraps on first start)
run: $(STAMP)
	$(VENV)/bin/atlas-access serve

## test: lint, types and the whole test suite (PostgreSQL tests start their own throwaway cluster)
test: $(STAMP) browser mcp-server
	$(PY) -m ruff check src tests scripts bench examples
	$(PY) -m mypy
	$(PY) -m pytest

## browser: Debian's chromium for the Playwright tests (installed from Debian's packages if missing)
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

## mcp-server: MongoDB's MCP server (npm, pinned) in .cache/mcp-server for tests/e2e/test_mcp_server.py
mcp-server:
	if command -v node >/dev/null && command -v npm >/dev/null; then scripts/install-mcp-server >/dev/null; \
	else echo "node/npm not found: tests/e2e/test_mcp_server.py will be skipped"; fi

## lint: ruff and mypy only
lint: $(STAMP)
	$(PY) -m ruff check src tests scripts bench examples
	$(PY) -m ruff format --check src tests scripts bench examples
	$(PY) -m mypy

## bench: load benchmarks with wrk (installed from Debian's packages if missing); writes bench/RESULTS.md
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

## spec-index: regenerate src/atlas_access/spec/data from the official spec (path in ATLAS_OPENAPI_SPEC or ../shared/openapi)
spec-index: $(STAMP)
	$(PY) scripts/gen_spec_index.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
