# Two commands do all set-up on a machine that has only python3:
#   make run   start the app on the bundled sample
#   make test  run every test (library, CLI, pages, browser)
#   make bench every step at 10k / 100k / 1M beside plain pandas + scikit-learn
#              (about 15 min; SIZES=10000,100000 or STEPS=load,fit for a part)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501
SIZES  ?= 10000,100000,1000000
STEPS  ?= load,behaviour,sweep,fit,map,export
# numba's compiled UMAP code is cached here, so only the first map ever compiles it.
export NUMBA_CACHE_DIR := $(CURDIR)/.cache/numba

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip install --quiet --python $(PY) -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: $(STAMP)
	bash scripts/ensure-chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench_all.py --sizes $(SIZES) --steps $(STEPS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/artifacts
