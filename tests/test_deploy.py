"""The production site behind deploy/nginx.conf, graded by the MDN HTTP Observatory.

gunicorn and nginx are started on free 127.0.0.1 ports with a certificate made for the test;
the site runs with production settings and the trusted-proxy setting, as README.md describes.
Needs nginx (`.ci/run` and `scripts/setup-deploy-tools.sh` install it) and the quality kit.
"""

import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parent.parent
QK = ROOT.parent / "shared" / "quality-kit"
QK_HOME = Path(os.environ.get("QK_HOME") or Path.home() / ".cache" / "quality-kit")
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, context=None, attempts=600):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as response:
                return response.status
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def production_env(tmp_path, **extra):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return clean | {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "deploy-test-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_PROXY": "true",
        "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def nginx_config(tmp_path, *, http, https, upstream, cert, key):
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http};",
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
        "https://$host$request_uri": f"https://$host:{https}$request_uri",
        "/etc/ssl/certs/films.example.org.pem": str(cert),
        "/etc/ssl/private/films.example.org.key": str(key),
        "/srv/the-long-take/media/": f"{tmp_path / 'media'}/",
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx.conf no longer has {old!r}"
        site = site.replace(old, new)
    (tmp_path / "site.conf").write_text(site)
    temp = tmp_path / "nginx-temp"
    temp.mkdir()
    main = f"""
daemon off;
pid {tmp_path / "nginx.pid"};
error_log {tmp_path / "nginx-error.log"};
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path / "site.conf"};
}}
"""
    (tmp_path / "nginx.conf").write_text(main)
    return tmp_path / "nginx.conf"


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """One production site (migrated, static files collected, gunicorn behind nginx) for the
    tests of this file, which only read from it; tests/conftest.py keeps them on one worker."""
    tmp_path = tmp_path_factory.mktemp("production-site")
    if NGINX is None:
        missing = "nginx is not installed: run scripts/setup-deploy-tools.sh (Debian's nginx)"
        if os.environ.get("CI"):
            # .ci/run installs nginx first: without it the A+ grade would go unproven.
            pytest.fail(missing)
        pytest.skip(missing)
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    env = production_env(tmp_path)
    # The two are independent: side by side, the site is up about a second sooner.
    builds = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command, "--noinput"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for command in (["migrate"], ["collectstatic"])
    ]
    for build in builds:
        output, _ = build.communicate(timeout=300)
        assert build.returncode == 0, output
    upstream, http, https = free_port(), free_port(), free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{upstream}",
         "--workers", "1", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    config = nginx_config(tmp_path, http=http, https=https, upstream=upstream, cert=cert, key=key)
    nginx = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(tmp_path), "-e", str(tmp_path / "nginx-error.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    context = ssl.create_default_context(cafile=str(cert))
    try:
        wait_for(f"https://127.0.0.1:{https}/", context=context)
        yield {"http": http, "https": https, "cert": cert, "context": context}
    finally:
        for process in (nginx, gunicorn):
            process.terminate()
        for process in (nginx, gunicorn):
            process.wait(timeout=20)


def test_the_production_site_behind_nginx_grades_a_plus(production_site):
    script = QK / "lib" / "observatory.mjs"
    if not (QK_HOME / "node/node_modules/@mdn/mdn-http-observatory").is_dir():
        pytest.fail(f"The quality kit is not installed: run {QK / 'install.sh'}")
    result = subprocess.run(
        ["node", str(script), "127.0.0.1", str(production_site["http"]),
         str(production_site["https"])],
        env=os.environ | {"NODE_EXTRA_CA_CERTS": str(production_site["cert"])},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    failed = {name: test["result"] for name, test in report["tests"].items() if not test["pass"]}
    assert report["grade"] == "A+", (report["score"], failed)


def test_a_body_that_never_arrives_does_not_hold_the_only_worker(production_site):
    https = production_site["https"]
    raw = socket.create_connection(("127.0.0.1", https))
    stalled = production_site["context"].wrap_socket(raw, server_hostname="127.0.0.1")
    try:
        stalled.sendall(
            b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nx=1"
        )
        # gunicorn has one sync worker; nginx holds the unfinished body, so pages still load.
        status = wait_for(f"https://127.0.0.1:{https}/", context=production_site["context"])
        assert status == 200
    finally:
        stalled.close()
