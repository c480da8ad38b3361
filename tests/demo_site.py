"""Load the demo content once for a group of read-only tests, and take it away afterwards.

Loading the demo draws and stores a few dozen images, so doing it per test would dominate the
suite's run time. A class- or package-scoped fixture uses :func:`demo_loaded` instead: the rows
are committed for the group's tests (and for a live server thread, which cannot see a test's
transaction on PostgreSQL) and every row created meanwhile is deleted at the end, so the tests
that follow start from the same empty database as ever.
"""

from contextlib import contextmanager
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError, RestrictedError
from django.test import override_settings

# Demo passwords are hashed for real by default; a test has no use for the slow hasher.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def models_with_tables():
    """Every model, many-to-many tables included, whose table exists. (An installed app can
    have models without tables: one task backend's, when another is in use.)"""
    tables = set(connection.introspection.table_names())
    return [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in tables]


def _existing_keys():
    return {
        model: set(model._base_manager.values_list("pk", flat=True))
        for model in models_with_tables()
    }


def _delete_rows_created_since(before):
    pending = [model for model in models_with_tables() if model in before]
    # Rows that protect others go after them; a few passes settle any order.
    for _ in range(len(pending)):
        blocked = []
        for model in pending:
            try:
                model._base_manager.exclude(pk__in=before[model]).delete()
            except (ProtectedError, RestrictedError):
                blocked.append(model)
        if not blocked:
            return
        pending = blocked
    raise RuntimeError(f"Could not remove the demo rows of {pending}")


@contextmanager
def demo_loaded(media_root):
    """Run ``load_demo`` with uploads under ``media_root``; undo it on exit.

    The caller holds database access (``django_db_blocker.unblock()``).
    """
    with override_settings(MEDIA_ROOT=str(media_root), PASSWORD_HASHERS=FAST_HASHERS):
        before = _existing_keys()
        try:
            call_command("load_demo", stdout=StringIO())
            yield
        finally:
            _delete_rows_created_since(before)
