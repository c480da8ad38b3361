# The two commands a newcomer needs: `make run` serves the site, `make test` runs the tests.
PY := .venv/bin/python
HOST ?= 127.0.0.1:8000
# The quality kit (Chromium, axe-core, the Nu HTML checker) that tests/browser needs.
QK := ../shared/quality-kit
QK_HOME ?= $(HOME)/.cache/quality-kit

.PHONY: run test setup screenshots

setup:
	@scripts/setup.sh

# Links in email and feeds follow the address served on, unless SITE_URL says otherwise.
run: setup
	@$(PY) manage.py migrate --noinput
	@$(PY) manage.py load_demo
	@echo "==> Serving on http://$(HOST)/ (admin at http://$(HOST)/admin/); Ctrl-C stops it"
	@SITE_URL=$${SITE_URL:-http://$(HOST)} $(PY) manage.py runserver $(HOST)

# `make test` leaves out the checks that start other programs (Chromium, nginx, a fresh
# manage.py) or send thousands of requests (see tests/conftest.py); `make test ALL=1` runs them too, as CI does, and naming
# tests in ARGS runs those named. Only those checks need the quality kit (installed for ALL=1;
# a browser test named without it fails and says how to install it).
#
# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: without it every test process
# (the xdist workers, and each `python` a test starts) compiles the project and pytest rewrites
# every test module again, about 2.5 s a process here. The caches stay in git-ignored
# __pycache__ folders.
test: setup
	@if [ -n "$(ALL)" ] && [ -d $(QK) ] && ! [ -d "$(QK_HOME)/node/node_modules/axe-core" -a -d "$(QK_HOME)/node/node_modules/vnu-jar" ]; then \
		echo "==> Installing the quality kit for the browser tests"; bash $(QK)/install.sh; fi
	@PYTHONDONTWRITEBYTECODE= $(PY) -m pytest $(if $(ALL),--all) $(ARGS)

# Refresh docs/screenshots/ (a throwaway demo site photographed in Chromium).
screenshots: setup
	@$(PY) scripts/screenshots.py
