# The two commands a newcomer needs are `make run` and `make test`; both build the virtual environment first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8080

.PHONY: run test browser postgres ldap jq mcp-server real-clients bench lint spec-index coverage clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: serve on http://127.0.0.1:8080 (or `make run HOST=0.0.0.0 PORT=9090`) with SQLite in ./.atlas-access (bootstraps on first start)
run: $(STAMP)
	$(VENV)/bin/atlas-access serve --host $(HOST) --port $(PORT)

## test: lint, types and the whole test suite (PostgreSQL tests start their own throwaway cluster)
test: $(STAMP) browser postgres ldap jq mcp-server real-clients
	$(PY) -m ruff check src tests scripts bench examples
	$(PY) -m mypy
	$(PY) -m pytest

## browser: Debian's chromium for the Playwright tests (installed from Debian's packages if missing)
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

## postgres: Debian's PostgreSQL 15 server for the PostgreSQL tests (installed if initdb is missing; each test run starts its own cluster)
postgres:
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq postgresql-15)

## ldap: Debian's slapd and ldap-utils for the LDAP verification tests (installed if missing; each test run starts its own throwaway slapd)
ldap:
	test -x /usr/sbin/slapd && command -v ldapsearch >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils)

## real-clients: MongoDB's own Go clients, pinned, from the Go module proxy into .cache/real-clients (see scripts/build-real-clients)
real-clients:
	if command -v go >/dev/null; then scripts/build-real-clients; \
	elif [ "$$CI" = true ]; then echo "go not found: CI runs the Go client tests, install Go" >&2; exit 1; \
	else echo "go not found: tests/e2e/test_go_sdk.py will be skipped"; fi

## jq: jq and curl for the README's quick start and its test (installed from Debian's packages if missing)
jq:
	command -v jq >/dev/null && command -v curl >/dev/null || (apt-get update -qq && apt-get install -y -qq jq curl)

## mcp-server: MongoDB's MCP server (npm, pinned) in .cache/mcp-server for tests/e2e/test_mcp_server.py
mcp-server:
	if command -v node >/dev/null && command -v npm >/dev/null; then scripts/install-mcp-server >/dev/null; \
	else echo "node/npm not found: tests/e2e/test_mcp_server.py will be skipped"; fi

## lint: ruff and mypy only
lint: $(STAMP)
	$(PY) -m ruff check src tests scripts bench examples
	$(PY) -m ruff format --check src tests scripts bench examples
	$(PY) -m mypy

## bench: load benchmarks with wrk (installed from Debian's packages if missing) and bench/digestload (Digest; built with Go into .cache/bench, its cases skipped without Go); writes bench/RESULTS.md in about 10 minutes. One case while tuning: `make bench BENCH_ARGS="--only d"` (report in .cache/bench/)
bench: $(STAMP)
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	command -v valgrind >/dev/null || (apt-get update -qq && apt-get install -y -qq valgrind)
	if command -v go >/dev/null; then cd bench/digestload && GOPROXY=off GOTOOLCHAIN=local go build -o ../../.cache/bench/digestload .; \
	else echo "go not found: the Digest cases of the bench will be skipped"; fi
	timeout 1200 $(PY) bench/run.py $(BENCH_ARGS)

## spec-index: regenerate src/atlas_access/spec/data from the official spec (path in ATLAS_OPENAPI_SPEC or ../shared/openapi)
spec-index: $(STAMP)
	$(PY) scripts/gen_spec_index.py
	$(PY) scripts/gen_event_types.py

## coverage: regenerate docs/coverage.md (which access-management operations are served) from the route table
coverage: $(STAMP)
	$(PY) scripts/gen_coverage.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .cache
