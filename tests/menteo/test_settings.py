"""Settings are read once at start-up, so each case runs Django in a fresh process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),  # a committed key is refused (menteo/deployment.py)
    "ALLOWED_HOSTS": "menteo.example.com",
    "SITE_URL": "https://menteo.example.com",
    "DATABASE_URL": "postgres://menteo:secret@db.internal:5432/menteo",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}


def run_django(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "CI", "CONN_MAX_AGE"}}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "menteo.settings"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_json(**env: str) -> dict:
    code = (
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'debug': s.DEBUG, 'db': s.DATABASES['default'], 'broker': s.CELERY_BROKER_URL,"
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'email': s.EMAIL_DELIVERY_BACKEND, 'cache': "
        "s.CACHES['default']['BACKEND'], 'email_stamp': s.EMAIL_BACKEND,"
        "'verification': s.ACCOUNT_EMAIL_VERIFICATION}, default=str))"
    )
    result = run_django(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_runs_locally_with_nothing_set():
    values = settings_json()
    assert values["debug"] is True
    assert values["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["db"]["NAME"] == str(ROOT / "db.sqlite3")
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert values["email_stamp"] == "menteo.mail.SiteEmailBackend"
    assert values["eager"] is True
    assert values["broker"] == "memory://"
    assert values["cache"].endswith("LocMemCache")


def test_it_uses_postgresql_and_redis_from_urls():
    values = settings_json(**PRODUCTION)
    assert values["debug"] is False
    assert values["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (values["db"]["HOST"], values["db"]["NAME"], values["db"]["USER"]) == (
        "db.internal",
        "menteo",
        "menteo",
    )
    assert values["db"]["CONN_HEALTH_CHECKS"] is True
    assert values["broker"] == "redis://redis.internal:6379/0"
    assert values["eager"] is False
    assert values["cache"].endswith("RedisCache")
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["email_stamp"] == "menteo.mail.SiteEmailBackend"
    assert values["verification"] == "mandatory"


def test_it_falls_back_to_inline_tasks_when_local_redis_is_down():
    result = run_django(
        "from django.conf import settings as s; print(s.CELERY_TASK_ALWAYS_EAGER)",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    assert "not reachable; Celery tasks run inline" in result.stderr


def test_it_refuses_to_start_without_a_secret_key_in_production():
    env = {**PRODUCTION}
    del env["SECRET_KEY"]
    result = run_django("pass", **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_a_weak_secret_key_in_production():
    result = run_django("pass", **{**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


def test_it_names_a_malformed_variable():
    result = run_django("pass", **{**PRODUCTION, "CONN_MAX_AGE": "sixty"})
    assert result.returncode != 0
    assert "invalid literal for int()" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    clean = {
        k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_sends_from_the_sites_own_domain_unless_told_otherwise():
    code = "from django.conf import settings as s; print(s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL)"
    sender = "Menteo <hello@menteo.example.com>"
    for unset in ({}, {"DEFAULT_FROM_EMAIL": ""}):  # docker-compose.yml passes it empty
        result = run_django(code, **PRODUCTION, **unset)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == f"{sender} {sender}"
    told = run_django(code, **PRODUCTION, DEFAULT_FROM_EMAIL="Team <team@example.org>")
    assert told.stdout.strip().splitlines()[-1] == "Team <team@example.org> Team <team@example.org>"
