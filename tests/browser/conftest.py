"""Browser checks of the demo site in Debian's Chromium: axe-core, the Nu HTML checker, a 320 px
screen, and a reader's journey through the links.

They need the quality kit (``../shared/quality-kit/install.sh``): Chromium, axe-core and the Nu
checker under ``$QK_HOME``. Without it they fail and say how to install it, rather than skip: a
skipped accessibility check reads like a passed one.

Cost is kept down by sharing, for the whole package: one Chromium, one Nu checker JVM and one
live server, over one load of the demo content shared with the other tests that read it
(``demo_state`` in ``tests/conftest.py``). Loading the demo per test (what pytest-django's
``live_server`` fixture implies: it makes every test transactional and flushes the database
after it) would take minutes; instead the package fixture serves the committed demo (pages,
static files and the demo's images) with pytest-django's ``LiveServer``, and deletes the
comments it added again at the end.
"""

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.urls import reverse
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from accounts.guest_data import make_token
from comments.models import Comment
from reviews.models import Article, Person, Work
from tests.demo_site import rows_removed_afterwards

QK_HOME = Path(os.environ.get("QK_HOME") or Path.home() / ".cache/quality-kit")
NODE_MODULES = QK_HOME / "node/node_modules"
AXE_JS = NODE_MODULES / "axe-core/axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
CHROMIUM = os.environ.get("QK_CHROMIUM", "/usr/bin/chromium")
INSTALL = "run ../shared/quality-kit/install.sh from the project root (safe to re-run)"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The pages every check visits. Names are test ids; paths are found in the demo content.
PAGES = [
    "home",
    "article",
    "article-with-comments",
    "person",
    "work",
    "search",
    "archive",
    "moderation-queue",
]
# The account pages, checked for accessibility and valid HTML. The moderator's login stands
# in for a reader's where one is needed: these pages are the same for everyone. A guest's data
# page is opened through the signed link a guest of the demo thread would be emailed.
ACCOUNT_PAGES = [
    "login",
    "signup",
    "password-reset",
    "account",
    "connections",
    "email",
    "guest-request",
    "guest-data",
]
LOGGED_IN = {"moderation-queue", "account", "connections", "email"}


@pytest.fixture(scope="session", autouse=True)
def quality_kit():
    missing = [
        f"{what} ({path})"
        for what, path in [("Chromium", CHROMIUM), ("axe-core", AXE_JS), ("Nu checker", VNU_JAR)]
        if not Path(path).exists()
    ]
    try:
        subprocess.run(["java", "-version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        missing.append("Java (for the Nu checker)")
    if missing:
        pytest.fail(
            f"The browser tests need the quality kit, which is not installed "
            f"(missing: {'; '.join(missing)}). To install it, {INSTALL}.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


# pytest-playwright keeps Playwright for the whole session. Its sync API marks an event loop as
# running in the main thread for as long as it lives, which breaks ``async_to_sync`` in every
# test that runs later; so here Playwright and its browser live only as long as this package,
# and start once the demo site is up.


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts, demo_site):
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    # While that loop runs, Django refuses ORM calls in this thread without this.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    pw = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    yield pw
    # With a loop running, Django's per-thread connections are kept apart from the thread's
    # usual ones; close them before the loop goes, or they stay open (and PostgreSQL then
    # refuses to drop the test database).
    connections.close_all()
    pw.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser_context_args(pytestconfig, playwright, device, base_url, _pw_artifacts_folder):
    # As pytest-playwright's own, at the scope of the Playwright above.
    args = dict(playwright.devices[device]) if device else {}
    # As a reader who asked for less motion: the pages are the same, but a click need not wait
    # out a smooth scroll to its button, nor a colour check a fade (about 1 s a login here).
    args["reduced_motion"] = "reduce"
    if base_url:
        args["base_url"] = base_url
    if pytestconfig.getoption("--video") in ("on", "retain-on-failure"):
        args["record_video_dir"] = _pw_artifacts_folder.name
    return args


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name):
    return getattr(playwright, browser_name or "chromium")


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args, browser_type):
    return lambda **options: browser_type.launch(**{**browser_type_launch_args, **options})


@pytest.fixture(scope="package")
def browser(launch_browser):
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def axe_source(quality_kit):
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="package")
def axe_tab(browser, browser_context_args, axe_source):
    """One tab for the axe-core checks, with axe added to every document it opens. A tab of
    its own per check would compile axe's half a megabyte again for each page, and fetch the
    site's styles and fonts again: about half a second a page here."""
    context = browser.new_context(**browser_context_args)
    context.add_init_script(script=axe_source)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def axe_page(axe_tab):
    """The axe tab, as a fresh visitor in the light scheme would open a page in it."""
    axe_tab.context.clear_cookies()
    axe_tab.emulate_media(color_scheme="light")
    return axe_tab


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NuChecker:
    """The Nu HTML checker as a local web service: one JVM, about 0.1 s per page once up."""

    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss4m",
                # A short-lived service: the client compiler alone and the serial collector
                # start it on about half the CPU time (some 4 s instead of 7.5 here) and
                # check pages no slower.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-Dnu.validator.servlet.allow-forbidden-hosts=true",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ready = False

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/"

    def wait_until_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while not self.ready:
            if self.process.poll() is not None:
                pytest.fail(f"The Nu checker stopped on start-up; {INSTALL}.", pytrace=False)
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                self.ready = True
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("The Nu checker did not start within 90 s.", pytrace=False)
                time.sleep(0.5)

    def errors(self, html):
        """The checker's error messages about a document (``html`` as bytes)."""
        self.wait_until_ready()
        request = urllib.request.Request(
            self.url + "?out=json&level=error",
            data=html,
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [m for m in messages if m.get("type") in ("error", "non-document-error")]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="package")
def nu_checker(quality_kit):
    """One JVM for the process's HTML checks, started by the first test that needs it."""
    checker = NuChecker()
    yield checker
    checker.stop()


@pytest.fixture(scope="package", autouse=True)
def nu_checker_started_early(request):
    """When HTML checks are to run, the JVM starts with the package's first test rather than
    the first check, and boots (a few seconds) while the tests before them run. (Under xdist
    the browser tests all go to one worker, so this is the worker that runs the checks.)"""
    if any("nu_checker" in getattr(item, "fixturenames", ()) for item in request.session.items):
        request.getfixturevalue("nu_checker")


@dataclass
class DemoSite:
    url: str
    paths: dict
    moderator_cookie: dict
    titles: dict = field(default_factory=dict)

    def page_url(self, name):
        return self.url + self.paths[name]

    def fetch(self, name):
        """``(status, content type, body)`` of a page as the server sends it."""
        request = urllib.request.Request(self.page_url(name))
        if name in LOGGED_IN:
            request.add_header(
                "Cookie", f"{self.moderator_cookie['name']}={self.moderator_cookie['value']}"
            )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers["Content-Type"], response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    def open(self, page, name):
        """Load a page in Playwright (as the moderator where it needs one); its response."""
        if name in LOGGED_IN:
            page.context.add_cookies([{**self.moderator_cookie, "url": self.url}])
        return page.goto(self.page_url(name))


def add_comments(article):
    """A short thread on ``article`` (two readers and a reply) and one comment waiting."""
    first = Comment.objects.create(
        article=article,
        author_name="Nadia Berger",
        author_email="nadia@example.org",
        body="The fire sequence is where I stopped *watching* and started *listening*.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        article=article,
        parent=first,
        author_name="Sam Ortiz",
        author_email="sam@example.org",
        body="Same here. And ||the bowling alley|| still makes me laugh and wince at once.",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        article=article,
        author_name="First-time reader",
        author_email="new@example.org",
        body="Does the essay discuss Oil! at any length? I could not tell from the dek.",
        status=Comment.Status.PENDING,
        reason_code=Comment.Reason.FIRST_COMMENT,
    )


def moderator_cookie():
    client = Client()
    client.force_login(get_user_model().objects.get(username="moderator"))
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


@pytest.fixture(scope="package")
def demo_site(demo_state, django_db_blocker):
    demo_state.load()
    with django_db_blocker.unblock(), rows_removed_afterwards():
        article = Article.objects.get(slug="paul-thomas-anderson-haim-lost-track")
        discussed = Article.objects.get(slug="there-will-be-blood-noise-under-the-ground")
        add_comments(discussed)
        paths = {
            "home": reverse("reviews:home"),
            "article": article.get_absolute_url(),
            "article-with-comments": discussed.get_absolute_url(),
            "person": Person.objects.get(slug="paul-thomas-anderson").get_absolute_url(),
            "work": Work.objects.get(slug="lost-track").get_absolute_url(),
            "search": reverse("reviews:search") + "?q=Phantom+Thread",
            "archive": reverse("reviews:archive"),
            "moderation-queue": reverse("comments:queue"),
            "login": reverse("account_login"),
            "signup": reverse("account_signup"),
            "password-reset": reverse("account_reset_password"),
            "account": reverse("accounts:overview"),
            "connections": reverse("socialaccount_connections"),
            "email": reverse("account_email"),
            "guest-request": reverse("accounts:guest-request"),
            "guest-data": reverse("accounts:guest-data", args=[make_token("nadia@example.org")]),
        }
        server = LiveServer("127.0.0.1:0")
        server._live_server_modified_settings.enable()
        try:
            yield DemoSite(
                url=server.url,
                paths=paths,
                moderator_cookie=moderator_cookie(),
                titles={"article": article.title, "article-with-comments": discussed.title},
            )
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
