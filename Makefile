# The whole setup on a fresh machine: `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint messages clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/faktura migrate --noinput
	exec $(BIN)/faktura serve

test: $(STAMP)
	$(BIN)/pytest -n 2

# Creation and listing speed on SQLite, then on a throw-away PostgreSQL server,
# then PDF rendering against WeasyPrint (bench/pdf.py)
# (bench/__init__.py says what is measured; BENCH_* variables in bench/config.py).
.PHONY: bench
bench: $(STAMP)
	env -u FAKTURA_DATABASE_URL $(BIN)/python -m bench run
	.ci/with-postgres $(BIN)/python -m bench run
	$(BIN)/python -m bench summary sqlite postgresql
	$(BIN)/python -m bench pdf

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/faktura makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var

messages: $(STAMP)
	cd faktura && ../$(BIN)/faktura makemessages -l pl -l uk --no-obsolete
	cd faktura && ../$(BIN)/faktura compilemessages
