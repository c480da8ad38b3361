#!/usr/bin/env bash
# Lighthouse (phone profile) on the front page, an essay, a person and a film, served the way
# production serves them: gunicorn with production settings (DEBUG off, compressed and
# fingerprinted static files from WhiteNoise) behind nginx, which serves the uploaded images as
# deploy/nginx.conf does. The demo content, in a throwaway SQLite database; 127.0.0.1 only.
#
#   scripts/lighthouse.sh              # median of 3 runs a page
#   RUNS=5 scripts/lighthouse.sh
#
# The browser tests (tests/browser/test_lighthouse.py) check the same four pages against the
# test server, which is slower (no compression, one thread), with a lower performance bar; this
# script is where the production figures in the README come from. Needs the quality kit
# (../shared/quality-kit/install.sh) and nginx (scripts/setup-deploy-tools.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
PY=.venv/bin/python
QK_HOME="${QK_HOME:-$HOME/.cache/quality-kit}"
LIGHTHOUSE="$QK_HOME/node/node_modules/.bin/lighthouse"
[[ -x "$LIGHTHOUSE" ]] || { echo "Lighthouse is missing: run ../shared/quality-kit/install.sh" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is missing: run scripts/setup-deploy-tools.sh" >&2; exit 1; }
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
chmod 755 "$WORK"  # nginx's workers run as an unprivileged user and read the media from here

export DJANGO_DEBUG=false DJANGO_SECRET_KEY="lighthouse-$(date +%s)-not-for-production-xxxxxxxxxxxxxxxxxxxxxx" \
  DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=false DATABASE_URL="sqlite:///$WORK/db.sqlite3" \
  DJANGO_STATIC_ROOT="$WORK/static" DJANGO_MEDIA_ROOT="$WORK/media" DJANGO_TASKS_BACKEND=immediate \
  DJANGO_LOG_LEVEL=WARNING DJANGO_BEHIND_PROXY=true DJANGO_TRUSTED_PROXIES=127.0.0.1
mkdir -p "$WORK/media"
$PY manage.py migrate -v0
$PY manage.py load_demo >/dev/null 2>&1
$PY manage.py collectstatic --noinput -v0

PORT=$(free_port); PROXY_PORT=$(free_port)
export SITE_URL="http://127.0.0.1:$PROXY_PORT"
.venv/bin/gunicorn config.wsgi --preload --workers 2 --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" >"$WORK/gunicorn.out" 2>&1 &
PIDS+=($!)

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  server {
    listen 127.0.0.1:$PROXY_PORT;
    # As in deploy/nginx.conf: uploads straight from disk, everything else from the site.
    location /media/ {
      alias $WORK/media/;
      expires 30d;
      add_header Cache-Control "public" always;
      add_header X-Content-Type-Options nosniff always;
    }
    location / {
      proxy_pass http://127.0.0.1:$PORT;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
CONF
for i in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.3; done
nginx -c "$WORK/nginx/nginx.conf" -g "daemon off;" &
PIDS+=($!)
for i in $(seq 1 50); do curl -sf -o /dev/null "$SITE_URL/" && break; sleep 0.2; done
curl -sf -o /dev/null "$SITE_URL/" || { cat "$WORK/nginx/error.log" "$WORK/gunicorn.log"; exit 1; }

# The same four pages as the browser tests, found in the demo content.
mapfile -t PAGES < <($PY manage.py shell -v0 -c "
from reviews.models import Article, Person, Work
print('home /')
print('essay', Article.objects.get(slug='paul-thomas-anderson-haim-lost-track').get_absolute_url())
print('person', Person.objects.get(slug='paul-thomas-anderson').get_absolute_url())
print('work', Work.objects.get(slug='lost-track').get_absolute_url())
")

echo "[lighthouse] gunicorn (2 workers, production settings) behind nginx on :$PROXY_PORT; $RUNS runs a page; nproc $(nproc)"
for line in "${PAGES[@]}"; do
  read -r name path <<<"$line"
  for run in $(seq 1 "$RUNS"); do
    profile="$WORK/profile-$name-$run"
    CHROME_PATH=/usr/bin/chromium "$LIGHTHOUSE" "$SITE_URL$path" --quiet --output=json \
      --output-path="$WORK/$name-$run.json" \
      --only-categories=performance,accessibility,best-practices,seo \
      --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$profile" \
      || echo "[lighthouse] run $run on $name failed" >&2
  done
  $PY - "$name" "$path" "$WORK"/"$name"-*.json <<'PYCODE'
import json, statistics, sys
name, path, files = sys.argv[1], sys.argv[2], sys.argv[3:]
reports = []
for file in files:
    try:
        reports.append(json.load(open(file)))
    except (OSError, ValueError):
        pass
if not reports:
    sys.exit(f"[lighthouse] {name}: no report")
def median(category):
    return round(statistics.median(r["categories"][category]["score"] * 100 for r in reports))
def metric(audit):
    return statistics.median(r["audits"][audit]["numericValue"] for r in reports)
perf = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
print(f"[lighthouse] {name:<7} {path:<50} performance {median('performance'):>3} {perf}  "
      f"accessibility {median('accessibility')}  best practices {median('best-practices')}  "
      f"SEO {median('seo')}  FCP {metric('first-contentful-paint'):.0f} ms  "
      f"LCP {metric('largest-contentful-paint'):.0f} ms  TBT {metric('total-blocking-time'):.0f} ms  "
      f"CLS {metric('cumulative-layout-shift'):.3f}")
for r in reports:
    failed = [a["id"] for cat in ("accessibility", "best-practices", "seo")
              for ref in r["categories"][cat]["auditRefs"]
              for a in [r["audits"][ref["id"]]]
              if ref["weight"] and a["score"] is not None and a["score"] < 1]
    if failed:
        print(f"[lighthouse]   failing audits: {', '.join(sorted(set(failed)))}")
        break
PYCODE
done
