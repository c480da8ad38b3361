"""`make run HOST=…` serves there and makes links in email point there too."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_sets_site_url_from_host():
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:8123"], cwd=ROOT, capture_output=True, text=True
    )
    assert dry_run.returncode == 0, dry_run.stderr
    serve = next(line for line in dry_run.stdout.splitlines() if "runserver" in line)
    assert "http://0.0.0.0:8123" in serve and "SITE_URL" in serve
