# Two entry points: `make paper` and `make test`. Each sets itself up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: paper render test lint lock clean

# uv (on the PATH, else installed with pip into .uv/), else pip with a one-line note: see
# tools/setup_venv.py.
$(STAMP): requirements.lock pyproject.toml tools/setup_venv.py
	$(PYTHON) tools/setup_venv.py --venv $(VENV) --lock requirements.lock
	@touch $(STAMP)

## Produce the paper: validate data, execute notebooks, render (Quarto or HTML preview).
paper: $(STAMP)
	$(BIN)/dps paper

## Render with Quarto after `make paper`: the .venv's quarto (pip install quarto-cli) if
## there is one, else the one on the PATH; `make render PROFILE=wave2025` for a profile.
render: $(STAMP)
	PATH="$(CURDIR)/$(BIN):$$PATH" quarto render $(if $(PROFILE),--profile $(PROFILE))

## Run the whole test suite (what CI runs).
test: $(STAMP)
	$(BIN)/python -m tools.browser_setup
	$(BIN)/ruff check src tests bench tools
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

## Style and architecture: ruff, and the package's import layers (pyproject [tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/lint-imports

## Re-resolve the pinned environment after editing pyproject.toml.
lock:
	"$$($(PYTHON) tools/setup_venv.py --print-uv)" pip compile pyproject.toml --extra dev --extra notebook --python-version 3.11 -o requirements.lock

clean:
	rm -rf build _manuscript .quarto
