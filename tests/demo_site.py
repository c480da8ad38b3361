"""Load the demo content once for the tests that only read it, and take it away afterwards.

Loading the demo draws and stores a few dozen images and renders eight essays, so doing it per
test would dominate the suite's run time. The session fixture ``demo_content``
(``tests/conftest.py``) uses :func:`demo_loaded` instead: the rows are committed for the
readers' tests (and for a live server thread, which cannot see a test's transaction on
PostgreSQL), each test's own changes are rolled back as usual, and every row created
meanwhile is deleted at the end.

Committed rows would be seen by every test that follows, so the tests that use the fixture run
last (see ``pytest_collection_modifyitems`` in ``tests/conftest.py``).
"""

from contextlib import contextmanager
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError, RestrictedError
from django.test import override_settings


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
def rows_removed_afterwards():
    """Commit what the block creates, then delete every row created meanwhile on exit.

    The caller holds database access (``django_db_blocker.unblock()``).
    """
    before = _existing_keys()
    try:
        yield
    finally:
        _delete_rows_created_since(before)


@contextmanager
def demo_loaded(media_root):
    """Run ``load_demo`` with uploads under ``media_root``; undo it on exit. Gives what the
    command printed (its summary of what it created).

    The caller holds database access (``django_db_blocker.unblock()``) while entering and
    leaving; the uploads setting holds in between.
    """
    with (
        override_settings(MEDIA_ROOT=str(media_root)),
        rows_removed_afterwards(),
    ):
        output = StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
