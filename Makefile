# The two commands a newcomer needs: `make run` serves the site, `make test` runs the tests.
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000

.PHONY: run test setup

setup:
	@scripts/setup.sh

run: setup
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py load_demo
	@echo "==> Serving on http://$(HOST)/ (admin at http://$(HOST)/admin/); Ctrl-C stops it"
	@$(PY) manage.py runserver $(HOST)

test: setup
	@$(PY) -m pytest $(ARGS)
