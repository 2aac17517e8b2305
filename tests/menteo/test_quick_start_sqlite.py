"""The README's first command runs Menteo on SQLite: the suite runs on PostgreSQL, so this
test replays the set-up in a fresh process on a throwaway SQLite file (migrate, the demo
data, every reminder sweep) to keep the PostgreSQL-only paths honest."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_GATE = "tests/test_hostile_input.py"
DJANGO_VARIABLES = {"DATABASE_URL", "REDIS_URL", "CI", "CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE"}


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in DJANGO_VARIABLES}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_demo_and_the_sweeps_run_on_sqlite(tmp_path):
    database = tmp_path / "quick-start.sqlite3"
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        result = manage(*command, database=database)
        assert result.returncode == 0, result.stderr
    sweep = manage(
        "shell",
        "-c",
        "from notifications.services import sweep_all; from notifications.models import "
        "Notification; sweep_all(); sweep_all(); print(Notification.objects.count())",
        database=database,
    )
    assert sweep.returncode == 0, sweep.stderr
    assert int(sweep.stdout.split()[-1]) > 0


def test_the_hostile_input_gate_holds_on_sqlite_too(tmp_path):
    """Every hostile class answers 4xx with nothing written on the quick start's database as
    on PostgreSQL: the gate (tests/test_hostile_input.py) run again, in its own process, on
    SQLite (where it compares every table after each request)."""
    env = {k: v for k, v in os.environ.items() if k not in DJANGO_VARIABLES}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'hostile.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", HOSTILE_GATE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout.splitlines()[-1]
