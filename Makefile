# The documented entry points. `make run` and `make test` do everything on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages check-deploy clean bench bench-pdf backup restore drills

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

.demo-password: | $(STAMP)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(12))" > $@

run: $(STAMP) .demo-password  ## Migrate SQLite, load the demo data, serve on http://127.0.0.1:8000
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 DEMO_PASSWORD="$$(cat .demo-password)" $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Portal:  http://$(HOST):$(PORT)/"
	@echo "  Demo accounts (password: $$(cat .demo-password)):"
	@echo "    robin.hamadi@example.org      AR Hlm director, staff (admin)"
	@echo "    manon.venturelli@example.org  club animator"
	@echo "    isabelle.domas@example.org    member, ICF Habitat Sud-Est Méditerranée"
	@echo "  Emails are printed in this console."
	@echo ""
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)  ## Lint, then the whole suite (SQLite unless DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings_test
	$(BIN)/pytest

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

bench: $(STAMP)  ## Load benchmark on PostgreSQL behind gunicorn (needs `hey`); writes bench-results.json
	$(BIN)/python ops/bench.py

bench-pdf: $(STAMP)  ## Time the Cahier: cold, warm and bare WeasyPrint (demo data in a temporary SQLite)
	@rm -f .bench.sqlite3
	DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(BIN)/python manage.py migrate -v0
	DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(BIN)/python manage.py load_demo >/dev/null
	DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/.bench.sqlite3 $(BIN)/python manage.py bench_pdf
	@rm -f .bench.sqlite3

check-deploy: $(STAMP)  ## Django's deployment checklist with production-like values
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	ALLOWED_HOSTS=club.example.org SITE_URL=https://club.example.org \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .demo-password
