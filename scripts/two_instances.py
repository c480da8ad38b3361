"""Two gunicorn instances sharing PostgreSQL and Redis behave as one site.

    DATABASE_URL=postgres://…/scratch REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python scripts/two_instances.py

On a scratch PostgreSQL database (migrated here; a few rows are added) it starts two instances
on free ports of 127.0.0.1 and checks that a moderator logged in through one is logged in on
the other, that a comment they approve through one shows at once through the other (whose
page cache had the page without it), and that both instances then serve the new page. Exits
non-zero on the first failure.
"""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "two-instances-moderator-password"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    def __init__(self):
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, url, data=None):
        origin = "/".join(url.split("/")[:3])
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers={"Origin": origin})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), "")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        sys.exit(1)


def main():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database and REDIS_URL.")
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: the instances share their page versions through it.")
    static = tempfile.mkdtemp()
    # Debug settings only because this runs on plain HTTP, where production's Secure cookies
    # would never be sent back; sessions, caches and database are the production ones.
    os.environ.update(
        DJANGO_DEBUG="true",
        DJANGO_STATIC_ROOT=static,
        DJANGO_MEDIA_ROOT=tempfile.mkdtemp(),
        DJANGO_TASKS_BACKEND="immediate",
        DJANGO_LOG_LEVEL="WARNING",
    )
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    setup = f"""
from accounts.roles import MODERATORS
from django.contrib.auth.models import Group
from accounts.models import User
from comments.models import Comment, ModerationSettings
from reviews.models import Article
from django.utils import timezone
ModerationSettings.load()
user, _ = User.objects.get_or_create(
    username="two-instances", defaults={{"email": "two@example.org"}}
)
user.set_password("{PASSWORD}"); user.is_staff = True; user.save()
user.groups.add(Group.objects.get(name=MODERATORS))
essay, _ = Article.objects.get_or_create(slug="two-instances", defaults=dict(
    title="Two instances", body="Shared.", status="published", publish_at=timezone.now()
))
stamp = str(time.time_ns())
comment = Comment.objects.create(
    article=essay, author_name="Pat", author_email="pat@example.org",
    body="Held " + stamp, status="pending",
)
print(comment.pk, stamp)
"""
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", "import time\n" + setup],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    comment_id, stamp = out[-2], out[-1]

    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--workers", "2",
             "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]  # fmt: skip
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (a, b):
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
        essay = "/essays/two-instances/"
        reader = Browser()
        for base in (a, b):
            status, html = reader.request(base + essay)
            check(status == 200 and f"Held {stamp}" not in html, f"{base}: held comment hidden")
        check(reader.request(b + essay)[1] == reader.request(b + essay)[1], "B: page cached")

        moderator = Browser()
        status, html = moderator.request(a + "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
        status, _ = moderator.request(
            a + "/accounts/login/",
            {"login": "two-instances", "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        check(status == 302 and moderator.cookie("sessionid"), "A: moderator logged in")
        status, _ = moderator.request(b + "/moderation/")
        check(status == 200, "B: the same session is logged in")
        status, _ = moderator.request(
            a + "/moderation/act/",
            {
                "action": "approve",
                "comments": comment_id,
                "csrfmiddlewaretoken": moderator.cookie("csrftoken"),
                "next": "/moderation/",
            },
        )
        check(status == 302, "A: comment approved")
        for base in (b, a):
            status, html = reader.request(base + essay)
            check(f"Held {stamp}" in html, f"{base}: approved comment shown to anonymous readers")
    finally:
        for server in servers:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
