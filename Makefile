# Two commands for a newcomer: `make run` and `make test`. Both build .venv from the lock file.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PY := $(BIN)/python
TS := clients/typescript
TELEMETRY := clients/telemetry
CONSOLE := console
# what a console build depends on: when none of it changed since the last build, `make run` skips the build
CONSOLE_SOURCES := $(CONSOLE)/package-lock.json $(CONSOLE)/index.html $(CONSOLE)/src $(CONSOLE)/public \
  $(wildcard $(CONSOLE)/vite.config.* $(CONSOLE)/tsconfig*.json $(TS)/src/schema.d.ts) $(TELEMETRY)/src
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run console console-dev test lint types contracts typescript telemetry checks pytest pytest-postgres console-test e2e screenshots client bench lock clean

$(STAMP): requirements-dev.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	@touch $(STAMP)

run: $(STAMP)  ## build the staff console (with Node.js 20+), then start web + task consumer on SQLite with demo data
	@$(MAKE) --no-print-directory console || echo "console: the build failed (above); the API starts anyway"
	$(PY) manage.py serve

console: $(STAMP)  ## build the staff console into console/dist when its sources changed (needs Node.js 20+)
	@if [ ! -f $(CONSOLE)/package.json ]; then echo "console: no $(CONSOLE)/ in this checkout: the API runs without it"; exit 0; fi; \
	major=$$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0); \
	if [ "$$major" -lt 20 ] || ! command -v npm >/dev/null 2>&1; then \
	  echo "console: not built: it needs Node.js 20 or newer and npm (https://nodejs.org/en/download)."; \
	  echo "         Install them and run make run again; the API and /api/docs work meanwhile."; exit 0; fi; \
	sum=$$(find $(CONSOLE_SOURCES) -type f ! -path '*/node_modules/*' -print0 2>/dev/null | LC_ALL=C sort -z \
	  | xargs -0 sha256sum | sha256sum | cut -d' ' -f1); \
	if [ -f $(CONSOLE)/dist/index.html ] && [ "$$(cat $(CONSOLE)/dist/.sources 2>/dev/null)" = "$$sum" ]; then \
	  echo "console: up to date ($(CONSOLE)/dist)"; exit 0; fi; \
	echo "console: building $(CONSOLE)/dist (npm ci, npm run build)"; \
	(cd $(CONSOLE) && npm ci --no-audit --no-fund --loglevel=error && npm run build) \
	  && $(PY) -m whitenoise.compress -q $(CONSOLE)/dist/assets \
	  && echo "$$sum" > $(CONSOLE)/dist/.sources

console-test: $(STAMP)  ## the console's component tests (Vitest) after its build (tsc --noEmit); needs Node.js 20+
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ -n "$$CI" ]; then echo "CI needs Node.js 20+ and npm for the console's tests" >&2; exit 1; fi; \
	  echo "skipped the console's component tests: npm is not installed"; exit 0; fi; \
	$(MAKE) --no-print-directory console && cd $(CONSOLE) && { test -d node_modules || npm ci --no-audit --no-fund --loglevel=error; } \
	  && npx vitest run

console-dev:  ## the console on Vite's dev server (live reload), proxying the API to Django (run make run beside it)
	@test -f $(CONSOLE)/package.json || { echo "no $(CONSOLE)/ in this checkout"; exit 1; }
	cd $(CONSOLE) && npm ci --no-audit --no-fund --loglevel=error && npx vite

test: $(STAMP) checks pytest pytest-postgres console-test e2e  ## everything CI runs

checks: lint types contracts typescript telemetry
	DJANGO_SETTINGS_MODULE=config.settings.base $(PY) manage.py makemigrations --check --dry-run
	SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n=+/') ALLOWED_HOSTS=example.com \
	  DATABASE_URL=postgres://check@example.invalid/check REDIS_URL=redis://example.invalid:6379/0 \
	  AUDIT_CHAIN_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n=+/') \
	  FILES_ENCRYPTION_KEYS=$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py check --deploy --fail-level WARNING

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy src config
	MYPYPATH=bench $(BIN)/mypy bench

contracts: $(STAMP)
	PYTHONPATH=src:. $(BIN)/lint-imports --no-cache

typescript:  ## the TypeScript client: npm ci, then tsc --strict (its live test runs in pytest); needs Node.js 20+
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  if [ -n "$$CI" ]; then echo "CI needs Node.js 20+ and npm for $(TS)" >&2; exit 1; fi; \
	  echo "skipped the TypeScript client ($(TS)): node or npm is not installed (CI has them)"; \
	else \
	  cd $(TS) && npm ci --no-audit --no-fund --loglevel=error && npx tsc --strict --noEmit && echo "tsc --strict: no errors"; \
	fi

telemetry:  ## the browser SDK: npm ci, tsc --strict, its unit tests (Vitest), the build and its size (<= 10 KB gzipped)
	@if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
	  if [ -n "$$CI" ]; then echo "CI needs Node.js 20+ and npm for $(TELEMETRY)" >&2; exit 1; fi; \
	  echo "skipped the telemetry SDK ($(TELEMETRY)): node or npm is not installed (CI has them)"; \
	else \
	  cd $(TELEMETRY) && npm ci --no-audit --no-fund --loglevel=error && npx tsc --noEmit && npx vitest run \
	    && npm run --silent build && npm run --silent size; \
	fi

E2E := console/e2e
E2E_BROWSERS := /usr/bin/chromium-headless-shell:chromium-headless-shell /usr/bin/firefox-esr:firefox-esr
# Debian's browsers and Node.js present (else: how to get them, and in CI a failure); then the console built and the
# end-to-end tests' own packages installed. Playwright's browser download is never used: it cannot work here.
define e2e_ready
	@missing=""; for b in $(E2E_BROWSERS); do test -x "$${b%%:*}" || missing="$$missing $${b#*:}"; done; \
	if ! command -v npm >/dev/null 2>&1; then missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
	  how="apt-get update && apt-get install -y$$missing"; \
	  if [ -n "$$CI" ]; then echo "CI needs$$missing for the console's end-to-end tests: $$how" >&2; exit 1; fi; \
	  echo "skipped the console's end-to-end tests:$$missing missing; install with: $$how"; exit 0; \
	fi; \
	$(MAKE) --no-print-directory console && cd $(E2E) && \
	npm ci --no-audit --no-fund --loglevel=error && \
	start=$$(date +%s) && npx playwright test $(1) && echo "$(2) took $$(( $$(date +%s) - start )) s"
endef

e2e: $(STAMP)  ## the console's journeys in Chromium and Firefox ESR (Debian's) against a live server started like `make run`
	$(call e2e_ready,--project=chromium --project=firefox,the end-to-end run)

screenshots: $(STAMP)  ## regenerate docs/console/*.png (every screen: desktop and phone, light and dark)
	$(call e2e_ready,--project=screenshots,screenshots)

client: $(STAMP)  ## regenerate $(TS)/openapi.json and $(TS)/src/schema.d.ts from the API (commit both)
	$(PY) manage.py openapi --output $(TS)/openapi.json
	cd $(TS) && { test -d node_modules || npm ci --no-audit --no-fund --loglevel=error; } && npm run --silent generate

# pytest-xdist: one worker per core. `--dist load` hands tests out in collection order, so on each worker the tests that
# commit (pytest-django puts them last) still run after those that roll back, as they must.
PYTEST_WORKERS ?= auto
XDIST := -n $(PYTEST_WORKERS) --dist load

pytest: $(STAMP)  ## the whole suite on SQLite (and Redis when REDIS_URL is set); fails under 90% line coverage of src/
	env -u DATABASE_URL $(BIN)/pytest $(XDIST) -m "not postgres" --cov=src --cov-report=term:skip-covered --cov-fail-under=90 -q

pytest-postgres: $(STAMP)  ## the database-facing tests again on PostgreSQL when DATABASE_URL is set
	@if [ -n "$$DATABASE_URL" ]; then \
	  $(BIN)/pytest $(XDIST) tests/integration tests/api tests/contracts -q -p no:cacheprovider; \
	elif [ -n "$$CI" ]; then echo "CI needs DATABASE_URL for the PostgreSQL pass" >&2; exit 1; \
	else echo "skipped the PostgreSQL pass: DATABASE_URL is not set (CI sets it)"; fi

bench: $(STAMP)  ## benchmarks on PostgreSQL (DATABASE_URL's server); load, fan-out and outage need redis-server and wrk; console needs Node.js and chromium-headless-shell
	$(PY) bench/run.py
	@$(MAKE) --no-print-directory console
	$(PY) bench/console.py
	$(PY) bench/support.py
	$(PY) bench/analytics.py
	$(PY) bench/load.py
	$(PY) bench/fanout.py
	$(PY) bench/outage.py
	$(PY) bench/monitoring.py
	$(PY) bench/sealed_files.py
	$(PY) bench/bulk.py
	$(PY) bench/bulk_kill.py

lock:  ## re-resolve the lock files from requirements*.in
	$(PYTHON) -m venv /tmp/lock-venv && /tmp/lock-venv/bin/pip install -q -r requirements-dev.in && /tmp/lock-venv/bin/pip freeze > requirements-dev.lock
	$(PYTHON) -m venv /tmp/lock-rt && /tmp/lock-rt/bin/pip install -q -r requirements.in -c requirements-dev.lock && /tmp/lock-rt/bin/pip freeze > requirements.lock

clean:
	rm -rf $(VENV) var/*.sqlite3* .mypy_cache .pytest_cache .ruff_cache staticfiles $(TS)/node_modules $(TS)/dist \
	  $(CONSOLE)/node_modules $(CONSOLE)/dist
