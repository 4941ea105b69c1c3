# Two commands on a fresh clone: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Only this computer can reach the dashboard unless you say otherwise: `ADDRESS=0.0.0.0 make run` (issue 9).
ADDRESS ?= 127.0.0.1
DB := data/tracker.db

.PHONY: run test test-slow test-postgres browser bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed once; re-installed whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[postgres,test]'
	touch $(VENV)/.installed $@

$(DB): | $(VENV)/.installed
	$(BIN)/tracker init --demo

run: $(VENV)/.installed $(DB)
	$(BIN)/tracker init
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# The whole suite on SQLite but the slow soak (`.ci/run` runs that too); with TRACKER_TEST_POSTGRES_URL set,
# every database test runs on PostgreSQL too.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 -q -m "not slow"

test-slow: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 0 -q -m slow

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run

lint: $(VENV)/.installed-test
	$(BIN)/python -m ruff check tracker feeds tests bench

clean:
	rm -rf $(VENV) .pytest_cache
