"""What every benchmark script shares: which database it may use, production-like settings,
Django set-up, timing and Markdown tables.

Benchmarks only ever touch databases whose name contains "bench" (they drop and recreate
them), and Redis database 8 unless told otherwise.
"""

import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python bench/x.py` as well as `python -m bench.x`
    sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/menteo_bench"
SMALL_DATABASE = os.environ.get("BENCH_SMALL_URL", DEFAULT_DATABASE + "_small")
LARGE_DATABASE = os.environ.get("BENCH_LARGE_URL", DEFAULT_DATABASE + "_large")
SWEEP_DATABASE = os.environ.get("BENCH_SWEEP_URL", DEFAULT_DATABASE + "_sweeps")
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
SMALL_SCALE = int(os.environ.get("BENCH_SMALL", "200"))
LARGE_SCALE = int(os.environ.get("BENCH_LARGE", "10000"))
SWEEP_SCALE = int(os.environ.get("BENCH_SWEEP_SCALE", "100000"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def check_bench_database(url: str) -> None:
    """Refuse any database that is not a benchmark's own: the scripts drop and recreate it."""
    name = database_name(url)
    if "bench" not in name:
        sys.exit(f"Refusing database {name!r}: a benchmark database's name contains 'bench'.")


def maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def production_env(
    database_url: str,
    *,
    site_url: str = "http://127.0.0.1:8000",
    allowed_hosts: str = "127.0.0.1,testserver",
    redis_url: str = "",
) -> dict[str, str]:
    """Environment for production settings (DEBUG off, a new key each time), shared by the
    benchmarks and the system tests.

    An https `site_url` is the plain production environment, nothing relaxed. An http one is a
    local trial on loopback: ALLOW_HTTP_SITE_URL said out loud, and the HTTPS hardening
    switches turned off through their documented variables (there is no TLS on 127.0.0.1, and
    an SSL redirect would measure redirects, not pages)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "menteo.settings",
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": allowed_hosts,
        "SITE_URL": site_url,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SENTRY_DSN": "",
    }
    if urlsplit(site_url).scheme == "http":
        env |= {
            "ALLOW_HTTP_SITE_URL": "true",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
        }
    return env


def bench_env(database_url: str, *, redis_url: str = "") -> dict[str, str]:
    """Production settings over plain http on loopback, against a benchmark's own database."""
    check_bench_database(database_url)
    return {
        **production_env(database_url, redis_url=redis_url),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LOG_LEVEL": "WARNING",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }


def setup_django(database_url: str, *, redis_url: str = "") -> None:
    """Configure this process for `database_url` (production settings) and start Django."""
    os.environ.update(bench_env(database_url, redis_url=redis_url))
    import django

    django.setup()


def collect_static(database_url: str) -> None:
    """Production settings serve hashed static files (WhiteNoise's manifest): collect them
    into STATIC_ROOT (staticfiles/, ignored by git) once per run."""
    import subprocess

    env = {**os.environ, **bench_env(database_url)}
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


class Stopwatch:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def markdown_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)
