"""`make test` runs the in-process tests; `make test ALL=1` (pytest's --all) adds the checks that
start other programs and the sweeps; a run that names tests runs them whatever their mark."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE_FILES = ("tests/browser/", "tests/test_deploy.py")

pytestmark = pytest.mark.startup


def collected(*args):
    """The ids a fresh pytest collects with ``args``, as `make test` starts it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line], result.stdout


def test_a_whole_run_leaves_out_the_checks_that_start_other_programs_and_says_so():
    ids, output = collected()

    assert not [i for i in ids if i.startswith(OUTSIDE_FILES)]
    assert not [i for i in ids if "test_bad_configuration_stops_with_one_sentence" in i]
    assert not [i for i in ids if "never_answer_500" in i]
    assert any(i.startswith("tests/test_hostile_input.py::") for i in ids)
    assert "make test ALL=1" in output


def test_all_runs_them_too_but_not_lighthouse():
    ids, output = collected("--all")

    assert any(i.startswith("tests/browser/test_accessibility.py::") for i in ids)
    assert any(i.startswith("tests/test_deploy.py::") for i in ids)
    assert any("test_bad_configuration_stops_with_one_sentence" in i for i in ids)
    assert not [i for i in ids if i.startswith("tests/browser/test_lighthouse.py::")]
    assert "Left out" not in output


def test_a_named_test_runs_whatever_its_mark():
    ids, _ = collected("tests/browser/test_html_validity.py")

    assert ids and all(i.startswith("tests/browser/test_html_validity.py::") for i in ids)
