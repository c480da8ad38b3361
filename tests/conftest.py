import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

from tests.factories import UserFactory


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
def fast_passwords(settings):
    """Proper password hashing takes about a second by design; tests need not wait for it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
