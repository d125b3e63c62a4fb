# Two commands do all set-up on a machine that has only python3:
#   make run   start the app on the bundled sample
#   make test  run every test (library, CLI, pages, browser)
#   make check the daily lane: lint and every test but the browser ones (a few minutes)
#   make lock  re-resolve requirements.lock from pyproject.toml (on purpose, then commit it)
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

.PHONY: run test check lint lock bench clean

UV_VERSION := 0.13.9

# The set-up installs the locked versions (requirements.lock), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip install --quiet --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --python $(PY) --no-deps -e .
	touch $(STAMP)

# ui.server is `streamlit run` with the first page's libraries imported before
# the server answers.
run: $(STAMP)
	$(PY) -m ui.server run app.py --server.port $(PORT)

test: $(STAMP)
	bash scripts/ensure-chromium
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -m "not browser"

lock: $(STAMP)
	$(VENV)/bin/uv pip compile --quiet pyproject.toml --extra dev --universal \
		--python-version 3.11 --custom-compile-command "make lock" -o requirements.lock

bench: $(STAMP)
	$(PY) bench/bench_all.py --sizes $(SIZES) --steps $(STEPS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis tests/artifacts
