# The two commands of the README: `make run` and `make test`. Everything else is what they need.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SYSTEM_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	poppler-utils gettext
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/enforcement
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?=

.PHONY: run test security install system-deps services lint messages migrate seed benchmark benchmark-apps clean

run: install messages .env
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install services messages
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CELERY_TEST_REDIS_URL=$(TEST_REDIS_URL) \
		$(BIN)/pytest -n 2 --durations=10 $(PYTEST_ARGS)

# Static security checks (SECURITY §17): bandit must be clean (justified findings carry `# nosec <id> - reason`);
# pip-audit fails on a known vulnerability but only warns when its vulnerability service cannot be reached.
security: install
	@bandit_rc=0; $(BIN)/bandit -q -r enforcement catalog townships cases planning mobile intake assessment rollup geo credit -x '*/tests/*,*/migrations/*' \
		|| bandit_rc=$$?; \
	out=$$($(BIN)/pip-audit --skip-editable --progress-spinner off 2>&1); rc=$$?; \
	if echo "$$out" | grep -qE "Found [0-9]+ known vulnerabilit"; then echo "$$out"; exit 1; fi; \
	if [ $$rc -ne 0 ]; then echo "pip-audit: vulnerability service unreachable, dependencies not audited:"; \
		echo "$$out" | tail -n 2; \
	else echo "pip-audit: $$(echo "$$out" | head -n 1)"; \
		skipped=$$(echo "$$out" | grep -c "could not be audited"); \
		[ "$$skipped" -eq 0 ] || echo "pip-audit: $$skipped packages could not be audited (not known to the index used)"; fi; \
	if [ $$bandit_rc -ne 0 ]; then echo "bandit found issues (fix them or justify with '# nosec <id>' and a reason)"; fi; \
	exit $$bandit_rc

install: system-deps $(VENV)/.installed

# Local development settings (DEBUG on, generated keys), read by settings.py; git-ignored. Written once.
.env:
	$(BIN)/python scripts/dev_env.py $@

$(VENV)/.installed: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# CJK fonts and Pango for WeasyPrint PDFs, Chromium for browser tests, poppler for PDF text, gettext.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# PostgreSQL and Redis run on developer and CI machines; start them if they are down.
services:
	@pg_isready -q -h 127.0.0.1 || $(SUDO) pg_ctlcluster $$(pg_lsclusters -h | awk 'NR==1{print $$1}') main start
	@command -v redis-server >/dev/null || (DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server)
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 20); do pg_isready -q -h 127.0.0.1 && redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && exit 0; sleep 0.5; done; \
		echo "PostgreSQL or Redis did not start"; exit 1

messages: $(VENV)/.installed
	@DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

lint: install
	$(BIN)/ruff check .

# The honest benchmark (issue 14): a synthetic county of BENCH_CASES cases in its own database (built once,
# BENCH_FRESH=1 rebuilds it), the real server (gunicorn, 2 workers) on a free loopback port, driven over HTTP
# with token auth; per endpoint p50/p95/req/s beside the raw SQL, request floor, queries, mixed load; JSON in
# .benchmark/. Not part of `make test`. The in-process benchmarks of each app: `make benchmark-apps`.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/enforcement_bench
BENCH_CASES ?= 1000000
BENCH_CLUES ?= $(BENCH_CASES)
BENCH_ARGS ?=
# as production: the cache (token lookups, throttles, remembered counts) in Redis, shared by the workers and the
# command that re-runs each request's SQL; tasks in-process (the command builds the data, nothing is queued)
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/15
benchmark: install services messages
	@url="$(BENCH_DATABASE_URL)"; db=$${url##*/}; base=$${url%/*}; \
	if [ "$(BENCH_FRESH)" = 1 ]; then psql "$$base/postgres" -qc "DROP DATABASE IF EXISTS $$db"; fi; \
	psql "$$base/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$$db'" | grep -q 1 \
		|| psql "$$base/postgres" -qc "CREATE DATABASE $$db"
	DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python manage.py migrate --noinput -v 0
	DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) CELERY_TASK_ALWAYS_EAGER=1 \
		API_THROTTLE_USER=100000000/min API_THROTTLE_ANON=100000000/min \
		$(BIN)/python manage.py benchmark_http --cases $(BENCH_CASES) --clues $(BENCH_CLUES) $(BENCH_ARGS)

benchmark-apps: install messages
	DEBUG=1 $(BIN)/python manage.py benchmark

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
