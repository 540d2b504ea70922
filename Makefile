# Konsulta: the two commands that matter are `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := FLASK_APP=app $(VENV)/bin/flask
HOST ?= 127.0.0.1
PORT ?= 5000
# The address printed by seed-demo and used in e-mails written by cron jobs.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format translations extract-messages venv clean-db

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@if command -v uv >/dev/null 2>&1; then \
		VIRTUAL_ENV=$(abspath $(VENV)) uv pip install -q -e '.[dev]'; \
	else \
		$(PY) -m pip install -q --upgrade pip && $(PY) -m pip install -q -e '.[dev]'; \
	fi
	@touch $@

venv: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: accessibility audits need axe-core (apt-get install npm)"; fi

translations: venv
	@$(VENV)/bin/pybabel -q compile -d app/translations

## Start the site with demo data on SQLite at http://$(HOST):$(PORT) (default 127.0.0.1:5000)
run: venv translations
	@mkdir -p instance
	@$(FLASK) db upgrade
	@SITE_URL=$(SITE_URL) $(FLASK) seed-demo --if-empty
	SITE_URL=$(SITE_URL) $(FLASK) run --host $(HOST) --port $(PORT)

## Run the whole test suite (browser tests included where Chromium is installed)
test: venv translations node_modules/.package-lock.json
	$(PY) -m pytest $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: venv
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Re-extract the messages and merge them into the catalogs (then translate the new ones)
extract-messages: venv
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--ignore-dirs=".* ._ __pycache__" \
		-o app/translations/messages.pot app
	$(VENV)/bin/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

clean-db:
	rm -f instance/konsulta.db
