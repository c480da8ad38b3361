"""Settings under production variables, run in a fresh interpreter as a server would start."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import parse_database_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x7Qm2vLr9pNf4TzWc8Ks1HyBd6GjEa3Ru5Xo0Vi_Pk-Ml7Sn2Qb9Tw4Ye1Uc6Zh8",
    "DJANGO_ALLOWED_HOSTS": "films.example.org",
    "DATABASE_URL": "sqlite:///var/production-check.sqlite3",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.startup
def test_production_settings_pass_the_deploy_check():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.startup
@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must be set"),
        ({"DATABASE_URL": "mysql://db/films"}, "unsupported scheme 'mysql'; set DATABASE_URL"),
        ({"DATABASE_URL": "postgres://db:notaport/films"}, "is malformed; set DATABASE_URL"),
        ({"DATABASE_URL": "postgres://db:5432/"}, "names no database; set DATABASE_URL"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be true or false"),
        ({"DJANGO_MEDIA_ROOT": "/proc/no-such-media"}, "set DJANGO_MEDIA_ROOT to a writable"),
        ({"DJANGO_TRUSTED_PROXIES": "10.0.0.1,nginx"}, "DJANGO_TRUSTED_PROXIES must list IP"),
    ],
)
def test_bad_configuration_stops_with_one_sentence(env, message):
    result = run_manage("check", env=PRODUCTION | env)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.startup
def test_debug_mode_needs_no_variables():
    result = run_manage("check", env={})
    assert result.returncode == 0, result.stderr


def test_login_buttons_may_send_the_browser_to_each_configured_provider():
    from config.social import login_form_targets, oidc_providers

    apps = oidc_providers(
        '[{"id": "a", "name": "A", "server_url": "https://id.example.org/realms/x",'
        ' "client_id": "c", "secret": "s"}]'
    )
    targets = login_form_targets({"github": {}, "openid_connect": {"APPS": apps}})
    assert targets == ["https://github.com", "https://id.example.org"]
    assert login_form_targets({"mastodon": {}}) == ["https:"]


@pytest.mark.parametrize("url", ["sqlite:///:memory:", "sqlite://:memory:"])
def test_an_in_memory_sqlite_url_makes_no_file(url, tmp_path):
    assert parse_database_url(url, base_dir=tmp_path) == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": ":memory:",
    }
    assert not any(tmp_path.iterdir())
