#!/usr/bin/env bash
# The performance benchmark (README, "Performance"): gunicorn with production settings,
# PostgreSQL and Redis, nginx as a page cache (deploy/nginx-cache.conf) and as the static-file
# bound, load from Debian's wrk. Everything listens on 127.0.0.1 only and every wrk run is
# bounded by -d and by `timeout`.
#
#   scripts/bench.sh                # our figures
#   scripts/bench.sh --wordpress    # also the WordPress peer (../shared/peers/wordpress), ratios
#
# BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/longtake_bench, created and
# filled by manage.py load_bench_data on first use), BENCH_REDIS_URL (default db 13),
# DUR (seconds per wrk run, 10), CONNS (16), THREADS (2), WORKERS (gunicorn workers, 2).
set -euo pipefail
cd "$(dirname "$0")/.."
WORDPRESS=false; [[ "${1:-}" == "--wordpress" ]] && WORDPRESS=true
DB_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/longtake_bench}"
REDIS="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}"
DUR="${DUR:-10}"; CONNS="${CONNS:-16}"; THREADS="${THREADS:-2}"; WORKERS="${WORKERS:-2}"
PEERS="${WPPEER_DIR:-../shared/peers/wordpress}"
PY=.venv/bin/python

need() { command -v "$1" >/dev/null || { echo "[bench] installing $2"; apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx
need psql postgresql-client
need redis-cli redis-tools
free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d); PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

export DJANGO_DEBUG=false DJANGO_SECRET_KEY="bench-$(date +%s)-not-for-production-xxxxxxxxxxxxxxxxxxxxxxxxxxxx" \
  DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost DJANGO_SECURE_SSL_REDIRECT=false DATABASE_URL="$DB_URL" \
  REDIS_URL="$REDIS" DJANGO_STATIC_ROOT="$WORK/static" DJANGO_MEDIA_ROOT="$WORK/media" \
  DJANGO_TASKS_BACKEND=immediate DJANGO_LOG_LEVEL=WARNING DJANGO_BEHIND_PROXY=true \
  DJANGO_TRUSTED_PROXIES=127.0.0.1 COMMENTS_MIN_SECONDS=0 COMMENTS_RATE_PER_MINUTE=100000 \
  COMMENTS_RATE_PER_HOUR=100000 SITE_URL=http://127.0.0.1
mkdir -p "$WORK/media"

DB_NAME="${DB_URL##*/}"; SERVER_URL="${DB_URL%/*}/postgres"
if ! psql "$SERVER_URL" -tAc "select 1 from pg_database where datname='$DB_NAME'" | grep -q 1; then
  psql "$SERVER_URL" -qc "create database \"$DB_NAME\""
fi
$PY manage.py migrate -v0
$PY manage.py shell -c "from reviews.models import Article; import sys; sys.exit(0 if Article.objects.filter(slug='bench-3000').exists() else 1)" 2>/dev/null \
  || $PY manage.py load_bench_data
$PY manage.py collectstatic --noinput -v0
$PY -c "import redis; redis.Redis.from_url('$REDIS').flushdb()"

PORT=$(free_port); PROXY_PORT=$(free_port)
.venv/bin/gunicorn config.wsgi --preload --workers "$WORKERS" --bind "127.0.0.1:$PORT" \
  --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" --pid "$WORK/gunicorn.pid" \
  >"$WORK/gunicorn.out" 2>&1 &
PIDS+=($!)

# nginx: the page-cache example as it is (ports and folders replaced), plus the bound: a saved
# copy of the 300-comment essay served as a static file by the same nginx.
mkdir -p "$WORK/nginx/cache" "$WORK/nginx/www"
sed -e "s|/var/cache/nginx/the-long-take|$WORK/nginx/cache|" -e "s|127.0.0.1:8000|127.0.0.1:$PORT|" \
    -e "s|127.0.0.1:8080|127.0.0.1:$PROXY_PORT|" -e "s|server_name films.example.org;|server_name _;\n    location = /static-essay.html { root $WORK/nginx/www; }|" \
    deploy/nginx-cache.conf >"$WORK/nginx/site.conf"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
  uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
  include $WORK/nginx/site.conf;
}
CONF
for i in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.3; done
curl -s "http://127.0.0.1:$PORT/essays/bench-300/" >"$WORK/nginx/www/static-essay.html"
chmod 755 "$WORK"  # nginx's workers run as an unprivileged user
nginx -c "$WORK/nginx/nginx.conf" -g "daemon off;" &
PIDS+=($!)
for i in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PROXY_PORT/static-essay.html" && break; sleep 0.2; done
curl -sf -o /dev/null "http://127.0.0.1:$PROXY_PORT/static-essay.html" || { cat "$WORK/nginx/error.log"; exit 1; }

ESSAY100=/essays/bench-100/; ESSAY300=/essays/bench-300/; ESSAY3000=/essays/bench-3000/
PERSON=/people/person-1/
# "Cold": a cookie the page caches bypass on (a session nobody has), so every request renders;
# for the single-request time, Redis is also emptied before each request (see single()).
COLD=(-H "Cookie: sessionid=bench-cold")
# A signed-in reader: a real session for a reader account, made here.
READER_SESSION=$($PY manage.py shell -v0 -c "
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
reader, _ = get_user_model().objects.get_or_create(username='bench-reader', defaults={'email': 'bench-reader@example.org'})
session = SessionStore()
session.update({SESSION_KEY: str(reader.pk), BACKEND_SESSION_KEY: 'django.contrib.auth.backends.ModelBackend', HASH_SESSION_KEY: reader.get_session_auth_hash()})
session.create()
print(session.session_key)")
SIGNED_IN=(-H "Cookie: sessionid=$READER_SESSION")

singles() {  # URL... [-- curl args]: each URL's median of 20 sequential requests, in ms
  # The URLs take turns (after 3 warm-ups each), so for rows whose ratio is a target the
  # machine's drift falls on both alike. With EMPTY=true, Redis is emptied before each request
  # (not timed): every cache is empty.
  local urls=()
  while [[ $# -gt 0 && "$1" != -- ]]; do urls+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  local i n
  for i in 1 2 3; do for n in "${!urls[@]}"; do curl -s -o /dev/null "$@" "${urls[$n]}"; done; done
  for i in $(seq 1 20); do
    for n in "${!urls[@]}"; do
      if [[ "${EMPTY:-false}" == true ]]; then redis-cli -u "$REDIS" flushdb >/dev/null; fi
      echo "$n $(curl -s -o /dev/null -w '%{time_total}' "$@" "${urls[$n]}")"
    done
  done | $PY -c "
import statistics, sys
times = {}
for line in sys.stdin:
    n, seconds = line.split()
    times.setdefault(int(n), []).append(float(seconds) * 1000)
print(' '.join(f'{statistics.median(times[n]):.1f}' for n in sorted(times)))"
}
load() {  # "req/s p50 p99" from wrk; $1 = URL, rest = wrk args
  local url=$1; shift
  timeout $((DUR + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DUR}s" --timeout 30s --latency "$@" "$url" >"$WORK/wrk.out" 2>&1 || true
  $PY - "$WORK/wrk.out" <<'PYCODE'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\b", text, re.M)
    if not m: return float("nan")
    return float(m[1]) * {"us": 0.001, "ms": 1, "s": 1000}[m[2]]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
print(f"{float(rps[1]) if rps else float('nan'):.1f} {ms('50'):.1f} {ms('99'):.1f}")
PYCODE
}
RESULTS="$WORK/results"; : >"$RESULTS"
row() {  # name, URL, single-request curl args... (load runs with the same headers)
  local name=$1 url=$2; shift 2
  # The previous row's load leaves requests queued behind gunicorn's workers (and the database
  # busy with them) for a moment after wrk stops: let them drain, so "single" is one request on
  # an idle server, as its name says.
  sleep 3
  # A cold row's single request finds every cache empty; its load still has the site's other
  # caches (only the page cache is bypassed), as a steady stream of uncached pages would.
  local empty=false; [[ "$name" == *_cold ]] && empty=true
  local s; s=$(EMPTY=$empty singles "$url" -- "$@")
  local wrk_args=(); if [[ $# -gt 0 ]]; then wrk_args=("$@"); fi
  local l; l=$(load "$url" "${wrk_args[@]}")
  echo "$name $s $l" | tee -a "$RESULTS" | awk '{printf "[bench] %-28s single %7s ms  %9s req/s  p50 %7s ms  p99 %7s ms\n", $1, $2, $3, $4, $5}'
}

B="http://127.0.0.1:$PORT"; P="http://127.0.0.1:$PROXY_PORT"
# Two rows whose ratio is a target, loaded in turns: ROUNDS slices of DUR/ROUNDS seconds each,
# A then B, then A again. This machine's speed drifts by tens of percent within a minute, and
# back to back, each for DUR seconds, the two measured that drift as much as their difference.
# req/s is the mean over the slices (equal slices: the total over the time); p50 and p99 are
# the slices' medians.
ROUNDS="${ROUNDS:-5}"
in_turns() {  # name_a url_a name_b url_b
  local names=("$1" "$3") urls=("$2" "$4") medians i r
  sleep 3
  read -r -a medians <<<"$(singles "${urls[@]}")"
  for i in 0 1; do : >"$WORK/turns.$i"; done
  for r in $(seq 1 "$ROUNDS"); do
    for i in 0 1; do DUR=$(( (DUR + ROUNDS - 1) / ROUNDS )) load "${urls[$i]}" >>"$WORK/turns.$i"; done
  done
  for i in 0 1; do
    local l; l=$($PY -c "
import statistics, sys
slices = [list(map(float, line.split())) for line in open(sys.argv[1])]
print(' '.join(f'{statistics.mean(s) if n == 0 else statistics.median(s):.1f}' for n, s in enumerate(zip(*slices))))" "$WORK/turns.$i")
    echo "${names[$i]} ${medians[$i]} $l" | tee -a "$RESULTS" | awk '{printf "[bench] %-28s single %7s ms  %9s req/s  p50 %7s ms  p99 %7s ms (in turns)\n", $1, $2, $3, $4, $5}'
  done
  # Each round's A/B ratio, and their median: one round the machine stalled in no longer
  # moves the figure.
  $PY -c "
import statistics, sys
a, b = ([float(line.split()[0]) for line in open(path)] for path in sys.argv[2:4])
ratios = [x / y for x, y in zip(a, b)]
print(sys.argv[1], statistics.median(ratios), 'nan nan nan')
print('[bench]', sys.argv[1], 'per round:', ' '.join(f'{r:.0%}' for r in ratios), file=sys.stderr)" \
    "${names[0]}_over_${names[1]}" "$WORK/turns.0" "$WORK/turns.1" >>"$RESULTS"
}

cold_in_turns() {  # name_a url_a name_b url_b: two cold rows, their single requests in turns
  sleep 3
  local medians; read -r -a medians <<<"$(EMPTY=true singles "$2" "$4" -- "${COLD[@]}")"
  local a; a=$(load "$2" "${COLD[@]}")
  sleep 3
  local b; b=$(load "$4" "${COLD[@]}")
  printf '%s %s %s\n%s %s %s\n' "$1" "${medians[0]}" "$a" "$3" "${medians[1]}" "$b" | tee -a "$RESULTS" \
    | awk '{printf "[bench] %-28s single %7s ms  %9s req/s  p50 %7s ms  p99 %7s ms (singles in turns)\n", $1, $2, $3, $4, $5}'
}

echo "[bench] gunicorn $WORKERS workers on :$PORT, nginx cache on :$PROXY_PORT; wrk -t$THREADS -c$CONNS -d${DUR}s; nproc $(nproc)"
row home_cold "$B/" "${COLD[@]}"
row home_site_cache "$B/"
row essay100_cold "$B$ESSAY100" "${COLD[@]}"
row essay100_site_cache "$B$ESSAY100"
cold_in_turns essay300_cold "$B$ESSAY300" essay3000_cold "$B$ESSAY3000"
row essay300_signed_in "$B$ESSAY300" "${SIGNED_IN[@]}"
row essay300_site_cache "$B$ESSAY300"
row essay300_site_cache_gzip "$B$ESSAY300" -H "Accept-Encoding: gzip"
in_turns essay300_proxy_cache "$P$ESSAY300" essay300_static_bound "$P/static-essay.html"
row person_cold "$B$PERSON" "${COLD[@]}"
row search_cold "$B/search/?q=framing" "${COLD[@]}"
row feed_site_cache "$B/feed/"

# Posting: 20 comments, each with a fresh form from the page (the form token is single-use).
post_times=()
for i in $(seq 1 20); do
  token=$(curl -s "$B$ESSAY100" | grep -o 'name="started" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Sec-Fetch-Site: same-origin" \
      --data-urlencode "name=Bench Reader" --data-urlencode "email=bench$i@example.org" \
      --data-urlencode "body=A benchmark comment, number $i." --data-urlencode "started=$token" \
      "$B/essays/bench-100/comments/")
  post_times+=("$t")
done
post_ms=$(printf '%s\n' "${post_times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]*1000}')
echo "comment_post $post_ms nan nan nan" >>"$RESULTS"
echo "[bench] comment_post                 single $post_ms ms (median of 20, each with a fresh form)"

# Memory: resident and proportional set size of each gunicorn worker (preloaded app shared).
master=$(cat "$WORK/gunicorn.pid")
for w in $(pgrep -P "$master"); do
  rss=$(awk '/^VmRSS/{print int($2/1024)}' /proc/$w/status); pss=$(awk '/^Pss:/{print int($2/1024)}' /proc/$w/smaps_rollup)
  echo "memory_worker_$w $rss $pss nan nan" >>"$RESULTS"
  echo "[bench] worker $w: RSS $rss MiB, PSS $pss MiB"
done

if $WORDPRESS; then
  # The classic theme, as in the issue's measurements.
  [[ -f /var/lib/wppeer/post_url ]] && curl -sf -o /dev/null http://127.0.0.1:8089/ \
    || WPPEER_THEME="${WPPEER_THEME:-twentytwentyone}" "$PEERS/setup.sh"
  POST_URL=$(cat /var/lib/wppeer/post_url); WP_PATH="/${POST_URL#http://*/}"
  row wp_post "http://127.0.0.1:8089$WP_PATH"
  row wp_home "http://127.0.0.1:8089/"
  row wp_post_fcgi_cache "http://127.0.0.1:8091$WP_PATH"
  row wp_static_bound "http://127.0.0.1:8089/static-post.html"
fi

$PY - "$RESULTS" "$WORDPRESS" <<'PYCODE'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, *values = line.split()
    rows[name] = [float(v) for v in values]
def rps(name): return rows.get(name, [0, 0])[1]
def single(name): return rows.get(name, [0])[0]
print("\nTargets")
cold = single("essay300_cold")
print(f"  cold 300-comment essay, single request: {cold:.1f} ms (target <= 40 ms)")
signed_in = single("essay300_signed_in")
print(f"  300-comment essay for a signed-in reader, single request: {signed_in:.1f} ms (target <= 40 ms)")
ratio = single("essay3000_cold") / single("essay300_cold")
print(f"  page 1 at 3,000 comments / at 300: {ratio:.2f} (target <= 1.20)")
proxy = rps("essay300_proxy_cache") / rps("essay300_static_bound")
rounds = single("essay300_proxy_cache_over_essay300_static_bound")
print(f"  proxy cache / static file: {proxy:.0%} over the run, {rounds:.0%} the median of its "
      "rounds (target >= 90%)")
workers = [v[0] for k, v in rows.items() if k.startswith("memory_worker")]
print(f"  largest worker RSS: {max(workers):.0f} MiB (target <= 120 MiB)")
if sys.argv[2] == "true":
    wp = rps("wp_post")
    print(f"  site cache, 300-comment essay / WordPress post (100 comments): "
          f"{rps('essay300_site_cache') / wp:.1f}x (target >= 10x)")
    print(f"  cold 100-comment essay / WordPress post: {rps('essay100_cold') / wp:.2f}x req/s")
    print(f"  home cold / WordPress home: {rps('home_cold') / rps('wp_home'):.2f}x req/s")
    print(f"  proxy cache / WordPress fastcgi cache: "
          f"{rps('essay300_proxy_cache') / rps('wp_post_fcgi_cache'):.2f}x")
PYCODE
