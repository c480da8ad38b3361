#!/usr/bin/env bash
# Applies every migration, unapplies the project's own apps back to zero (and whatever
# depends on them), then applies everything again, on the database DATABASE_URL names.
# CI runs it on a throwaway SQLite file and a throwaway PostgreSQL database.
set -euo pipefail
cd "$(dirname "$0")/.."
manage() { .venv/bin/python manage.py "$@"; }
manage migrate --noinput -v 0
for app in comments reviews accounts; do
    manage migrate "$app" zero --noinput -v 0
done
manage migrate --noinput -v 0
echo "==> Migrations apply forwards, backwards and forwards again"
