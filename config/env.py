"""Reading settings from environment variables.

Every helper raises ``ImproperlyConfigured`` with one sentence that names the variable to set,
so ``manage.py`` and the WSGI entry point can stop start-up with that sentence instead of a
traceback.
"""

import contextlib
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {value!r}).")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r}).") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def parse_database_url(url, *, base_dir):
    """Turn ``sqlite:///var/db.sqlite3`` or ``postgres://user:pw@host:5432/name`` into a
    ``DATABASES["default"]`` dictionary. A relative SQLite path is taken from ``base_dir``."""
    hint = (
        "set DATABASE_URL to sqlite:///path/to/file.sqlite3 "
        "or postgres://user:password@host:5432/dbname"
    )
    if url in ("sqlite://:memory:", "sqlite:///:memory:"):
        # The two spellings other Django tools accept; without this, a file named ":memory:".
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"DATABASE_URL {url!r} is malformed; {hint}.") from None
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        if path in ("", "/"):
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no SQLite file; {hint}.")
        # sqlite:///relative.db → "relative.db"; sqlite:////abs/path.db → "/abs/path.db".
        path = Path(path[1:])
        if not path.is_absolute():
            path = base_dir / path
        path.parent.mkdir(parents=True, exist_ok=True)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}
    if parts.scheme in POSTGRES_SCHEMES:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL {url!r} names no database; {hint}.")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
        if options:
            config["OPTIONS"] = options
        return config
    raise ImproperlyConfigured(
        f"DATABASE_URL {url!r} uses an unsupported scheme {parts.scheme!r}; {hint}."
    )


def writable_folder(name, path):
    """Create ``path`` if needed and check that files can be written to it."""
    path = Path(path)
    with contextlib.suppress(OSError):  # the check below gives the clear error
        path.mkdir(parents=True, exist_ok=True)
    if not (path.is_dir() and os.access(path, os.W_OK | os.X_OK)):
        raise ImproperlyConfigured(
            f"The folder {str(path)!r} cannot be written to; set {name} to a writable folder."
        )
    return path
