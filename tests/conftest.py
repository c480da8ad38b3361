from contextlib import ExitStack

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.cache import caches
from django.test import override_settings

from tests.demo_site import demo_loaded
from tests.factories import UserFactory

# A whole run (`make test`) runs the tests that work inside the test process. It leaves out,
# unless given --all (`make test ALL=1`, as CI runs), the checks that start other programs
# (Chromium, gunicorn behind nginx, manage.py in a fresh interpreter) and the sweeps that replay
# every address with hostile input: together they take about as long as all the other tests.
# CI runs them on every change; a run that names tests (a path, or -m) runs what it names.
OUTSIDE = "browser or deploy or startup or sweep"
LEFT_OUT = pytest.StashKey[bool]()


def pytest_addoption(parser):
    parser.addoption(
        "--all",
        action="store_true",
        help=f"also run the checks marked {OUTSIDE}, which a whole run leaves out",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """The marker expression of a run given no -m of its own: never Lighthouse (about 15 s a
    page; CI runs it with ``-m lighthouse``), and for a whole run not ``OUTSIDE`` either.
    (xdist's workers are given the same command line, and decide the same.)"""
    if config.option.markexpr:
        return
    whole_run = config.args_source == pytest.Config.ArgsSource.TESTPATHS
    if whole_run and not config.getoption("--all"):
        config.option.markexpr = f"not lighthouse and not ({OUTSIDE})"
        config.stash[LEFT_OUT] = True
    else:
        config.option.markexpr = "not lighthouse"


def pytest_terminal_summary(terminalreporter, config):
    if config.stash.get(LEFT_OUT, False):
        terminalreporter.write_line(
            "Left out: the checks that start Chromium, nginx or a fresh manage.py, and the "
            f"hostile-input sweeps ({OUTSIDE}). `make test ALL=1` runs them too; CI does."
        )


class DemoContent:
    """The demo content, committed to this process's test database while a run of tests reads
    it, and removed before any other test: those expect the empty database they always had.

    Tests that only read the demo ask for ``demo_content`` and share one load; their own
    changes are rolled back as usual. That load is a first load into the empty database, so a
    test proving a second load changes nothing loads it once more on top, and reads what the
    first printed and mailed here (``demo_load_output``, ``mail``).
    """

    def __init__(self, django_db_blocker, media_root):
        self.blocker, self.media_root = django_db_blocker, media_root
        self._stack = None
        # What the current load printed and mailed: it found an empty database.
        self.output, self.mail = "", []

    def load(self):
        if self._stack is None:
            stack = ExitStack()
            sent = len(mail.outbox)
            with self.blocker.unblock():
                self.output = stack.enter_context(demo_loaded(self.media_root))
            self.mail = mail.outbox[sent:]
            self._stack = stack
        return self.media_root

    def unload(self):
        if self._stack is not None:
            stack, self._stack = self._stack, None
            with self.blocker.unblock():
                stack.close()


def uses_demo(item):
    return item is not None and "demo_state" in getattr(item, "fixturenames", ())


# The slowest files, measured with --durations: started right after the demo's readers, so
# that under xdist no worker is left running one of them alone at the end of the run.
SLOW_FIRST = (
    "tests/test_deploy.py",
    "tests/test_wordpress_export.py",
    "tests/test_wordpress_import.py",
    "tests/test_hostile_input.py",
    "tests/test_settings.py",
    "tests/test_admin_changelists.py",
)


def starts_early(item):
    """Whether ``item`` is one of ``SLOW_FIRST`` that may run before the other tests: any that
    needs no database, or one in pytest-django's first part (transaction rolled back), which
    may come before others of that part. Transactional tests keep their place at the end of
    the database tests (they empty the tables, migrations' rows included)."""
    if not item.nodeid.startswith(SLOW_FIRST):
        return False
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    fixtures = getattr(item, "fixturenames", ())
    return not transactional and not {"transactional_db", "live_server"} & set(fixtures)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The tests that read the demo run first, together (keeping the order pytest-django chose
    within each part), so it is loaded once per test process, not once per run of them; the
    slowest files follow."""
    items.sort(key=lambda item: (not uses_demo(item), not starts_early(item)))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Load the demo again for a run of its readers that follows other tests. (The first run
    loads it in the session fixture, once the test database exists.) This happens before the
    test's fixtures, so the rows are committed, not made inside the test's transaction."""
    state = item.config.stash.get(DEMO_KEY, None)
    if state is not None and uses_demo(item):
        state.load()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test of a run that reads the demo (and after its transaction is rolled
    back), take the demo away again. Under xdist a worker knows its next test before it tears
    down the current one."""
    state = item.config.stash.get(DEMO_KEY, None)
    if state is not None and uses_demo(item) and not uses_demo(nextitem):
        state.unload()


DEMO_KEY = pytest.StashKey[DemoContent]()

# Browser tests start a Chromium, a live server and (for the HTML checks) a Nu checker JVM
# once per process and share them for as long as the process runs them one after another, so
# under xdist all of them go to one worker as one unit of work: spread over both workers, or
# interrupted by other tests, each start is paid again. The other tests that read the demo go
# with them, so that only that worker loads it (about 4 s). The deploy test's two tests share
# one production site (gunicorn behind nginx) in the same way, and the WordPress import tests
# one import of the theme data.
TOGETHER = {
    "the demo site": ("tests/browser/", "tests/test_demo.py", "tests/test_comments_demo.py"),
    "the production site": ("tests/test_deploy.py",),
    "the theme data": ("tests/test_wordpress_import.py",),
}


def group_of(nodeid):
    """The name of the ``TOGETHER`` group ``nodeid`` belongs to, or the test's own id."""
    return next((group for group, files in TOGETHER.items() if nodeid.startswith(files)), nodeid)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """xdist's ``load`` distribution, except that the tests under each of ``TOGETHER`` stay
    together.

    (This is what ``--dist loadgroup`` with an ``xdist_group`` mark is for, but that relies on
    renaming test ids during collection, which pytest 9.2 no longer honours.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Scheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            return group_of(nodeid)

    return Scheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Passwords hashed with a fast hasher: the production one is slow on purpose (about 0.4 s
    a hash here), and the suite creates and logs in hundreds of users. Tests of the production
    settings read them from a fresh process."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def default_media_root(tmp_path_factory):
    """Uploads made without the ``media_root`` fixture still go to this process's own folder:
    never to var/media, and never to a folder another xdist worker writes to."""
    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("default-media"))):
        yield


@pytest.fixture(scope="session")
def demo_media_root(tmp_path_factory):
    """One folder per test process for the demo's drawings: a demo loaded again into the same
    folder finds its pictures already stored and does not draw them again."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="session")
def demo_state(request, django_db_setup, django_db_blocker, demo_media_root):
    """This process's :class:`DemoContent`, loaded. Session-scoped so that it is set up
    before any test's transaction begins; the two hooks above unload and reload it around
    the tests that do not read it."""
    state = DemoContent(django_db_blocker, demo_media_root)
    request.config.stash[DEMO_KEY] = state
    state.load()
    yield state
    state.unload()


@pytest.fixture(scope="session")
def demo_content(demo_state):
    """The demo content, for a test that only reads it. Its uploads folder."""
    return demo_state.media_root


@pytest.fixture
def demo_load_output(demo_state):
    """What ``load_demo`` printed when it loaded the demo the current test reads."""
    return demo_state.output


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads (and their renditions) go to a throwaway folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_page_cache():
    """The database rolls back after each test; the cached pages built from it must go too."""
    caches[django_settings.PAGE_CACHE_ALIAS].clear()
    yield
    caches[django_settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture
def uncached_pages(settings):
    """For tests that count a page's queries: every request renders it."""
    settings.PAGE_CACHE_ENABLED = False
