# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test test-without-html lint docs bench clean-venv

$(BIN)/.installed-base: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(BIN)/.installed-base

demo: $(BIN)/.installed-base
	@echo "== newsclean run fixtures/articles -o $(VENV)/demo-run.jsonl   (clean once, then cluster)"
	$(BIN)/newsclean run fixtures/articles -o $(VENV)/demo-run.jsonl --no-progress
	@echo
	@echo "== each record: id, kind, cluster, duplicate_of, reuses, then its cleaned text"
	@$(BIN)/python -c "import json, sys; [print('---', r['id'], r['kind'], 'cluster', r['cluster'], 'duplicate_of', r['duplicate_of'], 'reuses', r['reuses'], end='\n' + r['text'][:300] + ' ...\n\n') for r in map(json.loads, open(sys.argv[1], encoding='utf-8'))]" $(VENV)/demo-run.jsonl
	@echo "== what was removed and why: newsclean clean fixtures/articles --explain"
	$(BIN)/newsclean clean fixtures/articles --explain --no-progress -o $(VENV)/demo-clean.jsonl

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check src tests benchmarks

test: $(BIN)/.installed-dev lint
	$(BIN)/python -m pytest -q

# The same suite (less the slow tests) where the html extra is missing: its tests skip, the rest pass,
# and HTML in says which extra to install.
test-without-html:
	$(PYTHON) -m venv .venv-nohtml
	.venv-nohtml/bin/pip install --quiet --upgrade pip
	.venv-nohtml/bin/pip install --quiet -e '.[dev]'
	.venv-nohtml/bin/pip uninstall --quiet -y trafilatura
	.venv-nohtml/bin/python -m pytest -q -m "not slow" -p no:cacheprovider

docs: $(BIN)/.installed-base
	$(BIN)/python -m newsclean.cleaning.rules.docs > docs/rules.md

bench: $(BIN)/.installed-dev
	$(BIN)/python benchmarks/bench_clean.py

clean-venv:
	rm -rf $(VENV)
