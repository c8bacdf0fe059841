# edureports: `make report` and `make test` do all set-up themselves through `make install`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= reports

.PHONY: install report test lab clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "edureports needs python3 >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name edureports --display-name "Python (edureports)" >/dev/null
	@touch $(STAMP)

report: install
	$(BIN)/edureports report --out $(OUT)

# writes nothing into the checkout: no bytecode, no pytest cache (the notebooks' dataset lives in a temp folder)
test: install
	PYTHONDONTWRITEBYTECODE=1 $(BIN)/python -m pytest -p no:cacheprovider

# JupyterLab refuses to run as root unless told (containers); nobody else needs the flag.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks $(LAB_FLAGS)

clean:
	rm -rf $(VENV) $(OUT) data/processed .pytest_cache .hypothesis
