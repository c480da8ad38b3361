from django.apps import AppConfig
from django.db import connections
from django.db.backends.signals import connection_created


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Essays, works and people"

    def ready(self):
        from config import pagecache
        from reviews import receivers  # noqa: F401 (connects the workflow's email)
        from reviews.search import register_sqlite_functions

        # Any saved essay, person, work, comment… makes every cached page stale.
        pagecache.connect()

        # Search on SQLite folds accents with a Python function each connection must know.
        connection_created.connect(register_sqlite_functions)
        for connection in connections.all(initialized_only=True):
            register_sqlite_functions(connection=connection)
