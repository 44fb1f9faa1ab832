# Two commands do all set-up on a machine with Python 3.11+, pip and make:
#   make run    build .venv from envs/requirements.lock and rebuild results/ from raw/
#   make test   build the same .venv and run the linters and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat envs/requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PROFILE := workflow/profiles/default
DATA ?=

.PHONY: env run test lint lock bench-ingest bench-dedup bench-scale bench-verify eval-extract rulegraph clean

$(STAMP): envs/requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r envs/requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	grep -q SNAKEMAKE_PROFILE $(BIN)/activate || \
	  echo 'export SNAKEMAKE_PROFILE="$(CURDIR)/$(PROFILE)"  # litreview: bare `snakemake` works' >> $(BIN)/activate
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

env: $(STAMP)

run: env
	$(BIN)/snakemake --profile $(PROFILE)

lint: env
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakemake --lint --profile $(PROFILE)

test: lint
	$(BIN)/python -m pytest -q

# Re-resolve the pinned environment from envs/requirements.in (needs the package index).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -r envs/requirements.in
	.venv-lock/bin/python -m pip freeze --exclude-editable > envs/requirements.lock
	rm -rf .venv-lock

bench-ingest: env
	$(BIN)/python workflow/benchmarks/bench_ingest.py

# The dedup benchmark compares against bib-dedupe and ASReview, installed only in .venv-bench
# (their pins conflict with the workflow's: asreview-datatools needs pandas < 3). It finds
# litreview on sys.path, and runs in results/bench because asreview writes a cache there.
bench-dedup:
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check -r envs/bench-dedup.txt
	mkdir -p results/bench
	cd results/bench && ../../.venv-bench/bin/python ../../workflow/benchmarks/bench_dedup.py $(if $(DATA),--data "$(abspath $(DATA))")

# Extraction precision/recall against the hand-labelled gold standard (needs ../shared's corpus).
eval-extract: env
	$(BIN)/python workflow/benchmarks/eval_extract.py --split all

bench-verify: env
	$(BIN)/python workflow/benchmarks/bench_verify.py

bench-scale: env
	$(BIN)/python workflow/benchmarks/bench_scale.py

# The README's picture of the workflow (needs Graphviz's `dot`).
rulegraph: env
	$(BIN)/snakemake --profile $(PROFILE) --rulegraph | dot -Tsvg > workflow/docs/rulegraph.svg

clean:
	rm -rf results/ingest results/dedup results/screen results/extract results/quality \
	  results/figures results/report results/provenance results/logs .snakemake
