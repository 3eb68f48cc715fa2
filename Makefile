# The two commands a newcomer needs: `make run` and `make test`.
# Every target creates or reuses the virtual environment in .venv by itself.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run story test lint types unit e2e bench load load-smoke mail-kill data clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,web,pg,plot]'
	touch $(STAMP)

# The web app on localhost with the bundled record and SQLite (var/electoral.sqlite3).
run: $(STAMP)
	$(VENV)/bin/electoral serve

# The story of one election, end to end, in the terminal.
story: $(STAMP)
	$(VENV)/bin/electoral story 2016

test: lint types unit e2e

lint: $(STAMP)
	$(PY) -m ruff check src tests scripts benchmarks
	$(PY) -m ruff format --check src tests scripts benchmarks

types: $(STAMP)
	$(PY) -m mypy

unit: $(STAMP)
	$(PY) -m pytest -q -m "not bench and not e2e" -p no:cacheprovider

# Browser tests: Playwright driving Debian's chromium (never a downloaded browser).
e2e: $(STAMP)
	command -v chromium >/dev/null || apt-get install -y -q chromium \
		|| (apt-get update -q && apt-get install -y -q chromium)
	$(PY) -m pytest -q -m e2e -p no:cacheprovider tests/e2e

bench: $(STAMP)
	$(PY) benchmarks/run.py

# A signature surge at `electoral serve` on loopback with a SIGKILL mid-surge (needs Debian's
# wrk and the local PostgreSQL); results in BENCHMARKS.md.
load: $(STAMP)
	command -v wrk >/dev/null || apt-get install -y -q wrk
	$(PY) benchmarks/load.py --db sqlite --seconds 60 --rate 1000 --workers 2
	$(PY) benchmarks/load.py --db postgresql --seconds 60 --rate 1000 --workers 2

# The mail worker killed (SIGKILL) 100 times while sending, with the CPU saturated: mails lost
# and repeated (needs the local PostgreSQL for --db postgresql).
mail-kill: $(STAMP)
	$(PY) benchmarks/mail_kill.py --db sqlite --mails 20000 --kills 100 --max-seconds 1200

load-smoke: $(STAMP)
	command -v wrk >/dev/null || apt-get install -y -q wrk
	$(PY) benchmarks/load.py --db sqlite --smoke

data: $(STAMP)
	if [ -d ../shared/reference ]; then $(PY) scripts/extract_reference.py; fi
	$(PY) scripts/build_data.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
