"""Production settings that refuse to start wrong (menteo/deployment.py), at start-up and in
`manage.py check --deploy`. Each case runs Django in a fresh process, as settings are read once."""

import os
import re
import subprocess
import sys

import pytest

from bench.common import bench_env
from menteo.deployment import PUBLISHED_SECRET_KEYS
from tests.menteo.test_settings import PRODUCTION, ROOT, run_django

SETTINGS_SHOWN = (
    "from django.conf import settings as s; import json; print(json.dumps(["
    "s.SITE_URL, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS]))"
)


def manage_py(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {*PRODUCTION, "CI", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def without(name: str) -> dict[str, str]:
    return {key: value for key, value in PRODUCTION.items() if key != name}


def test_it_refuses_to_start_without_a_site_url_in_production():
    result = run_django("pass", **without("SITE_URL"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set when DEBUG is off" in result.stderr


def test_check_deploy_refuses_a_missing_site_url_too():
    result = manage_py("check", "--deploy", **without("SITE_URL"))
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "site_url", ["menteo.example.com", "ftp://menteo.example.com", "https://menteo.example.com/app"]
)
def test_it_refuses_a_malformed_site_url(site_url):
    result = run_django("pass", **{**PRODUCTION, "SITE_URL": site_url})
    assert result.returncode != 0
    assert (
        "SITE_URL must be a scheme and a host, such as https://menteo.example.com" in result.stderr
    )
    assert f"with no path: got {site_url!r}" in result.stderr


def test_it_refuses_a_plain_http_site_url_unless_allowed():
    http = {**PRODUCTION, "SITE_URL": "http://127.0.0.1:8000"}
    refused = run_django("pass", **http)
    assert refused.returncode != 0
    assert "SITE_URL must start with https:// when DEBUG is off" in refused.stderr
    assert "set ALLOW_HTTP_SITE_URL=true" in refused.stderr

    allowed = run_django(SETTINGS_SHOWN, **http, ALLOW_HTTP_SITE_URL="true")
    assert allowed.returncode == 0, allowed.stderr
    # A local trial over http: redirects to https and secure-only cookies would lock it out.
    assert allowed.stdout.strip().splitlines()[-1] == '["http://127.0.0.1:8000", false, false, 0]'


def test_https_hardening_is_on_with_an_https_site_url():
    result = run_django(SETTINGS_SHOWN, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '["https://menteo.example.com", true, true, 31536000]'
    )


@pytest.mark.parametrize("published", sorted(PUBLISHED_SECRET_KEYS))
def test_it_refuses_every_secret_key_published_in_the_repository(published):
    result = run_django("pass", **{**PRODUCTION, "SECRET_KEY": published})
    assert result.returncode != 0
    assert "SECRET_KEY is one published in Menteo's repository" in result.stderr


def test_a_local_run_keeps_its_development_defaults():
    result = run_django(SETTINGS_SHOWN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == '["http://127.0.0.1:8000", false, false, 0]'


def test_the_image_build_collects_static_files_with_no_key_and_nothing_else_may_use_the_flag():
    build = {"DEBUG": "false", "BUILD_STATIC_ONLY": "true"}
    result = manage_py("collectstatic", "--noinput", "--dry-run", "-v0", **build)
    assert result.returncode == 0, result.stderr

    for command in (["check"], ["migrate", "--check"]):
        refused = manage_py(*command, **build)
        assert refused.returncode != 0, command
        assert "BUILD_STATIC_ONLY is only for `manage.py collectstatic`" in refused.stderr
    # A server or a worker, importing the settings as gunicorn and celery do.
    refused = run_django("pass", **build)
    assert refused.returncode != 0
    assert "BUILD_STATIC_ONLY is only for `manage.py collectstatic`" in refused.stderr


def test_the_benchmark_runs_production_settings_over_plain_http():
    env = bench_env("postgres://postgres@127.0.0.1:5432/menteo_bench_small")
    env.pop("DJANGO_SETTINGS_MODULE")
    result = run_django(SETTINGS_SHOWN, **env)
    assert result.returncode == 0, result.stderr


def test_check_deploy_reports_unsafe_values_a_settings_module_sets_after_ours(tmp_path):
    (tmp_path / "overriding_settings.py").write_text(
        "from menteo.settings import *  # noqa: F403\n"
        "SITE_URL = 'http://menteo.example.com'\n"
        f"SECRET_KEY = {sorted(PUBLISHED_SECRET_KEYS)[0]!r}\n"
    )
    pythonpath = os.pathsep.join([str(tmp_path), str(ROOT)])
    overridden = {**PRODUCTION, "DJANGO_SETTINGS_MODULE": "overriding_settings"}
    result = manage_py("check", "--deploy", **overridden, PYTHONPATH=pythonpath)
    assert result.returncode != 0
    assert "(menteo.E002) SITE_URL must start with https://" in result.stderr
    assert "(menteo.E003) SECRET_KEY is one published in Menteo's repository" in result.stderr

    (tmp_path / "overriding_settings.py").write_text(
        "from menteo.settings import *  # noqa: F403\nSITE_URL = ''\n"
    )
    result = manage_py("check", "--deploy", **overridden, PYTHONPATH=pythonpath)
    assert result.returncode != 0
    assert "(menteo.E001) SITE_URL must be set" in result.stderr
    assert "menteo.E003" not in result.stderr


# A value after SECRET_KEY on one line: `SECRET_KEY=x`, `SECRET_KEY: x`, `"SECRET_KEY": "x"`,
# `env.str("SECRET_KEY", default="x")`, compose's `${SECRET_KEY:-x}`. Without spaces (a key has
# none, a message has some), 16 characters or more, not a variable (`$…`) or a call (`f(…)`).
_ASSIGNED_KEY = re.compile(
    r"""SECRET_KEY["']?\s*(?:[:=]|,\s*default\s*=)\s*"""
    r"""(?:"([^"\s]{16,})"|'([^'\s]{16,})'|([^\s"'$()][^\s"'()]{15,}?)(?=[\s,;}\]]|$))""",
    re.MULTILINE,
)
_COMPOSE_DEFAULT = re.compile(r"^\$\{\w+:?-(.*)\}$")


def secret_keys_in(text: str) -> set[str]:
    keys = set()
    for match in _ASSIGNED_KEY.finditer(text):
        value = next(group for group in match.groups() if group)
        keys.add(_COMPOSE_DEFAULT.sub(r"\1", value).lstrip("-"))
    return keys


def test_the_secret_key_finder_finds_each_way_of_writing_one():
    # Written through NAME, so this file holds no key for the repository scan below to find.
    name, key = "SECRET_KEY", "aB3" * 20
    for line in (
        f"RUN DEBUG=false {name}={key} python manage.py",
        f"    {name}: {key}",
        f'    {name}: "${{{name}:-{key}}}"',
        f"    {name}: ${{{name}:-{key}}}",
        f'    "{name}": "{key}",',
        f"{name} = '{key}'",
        f'env.str("{name}", default="{key}")',
    ):
        assert secret_keys_in(line) == {key}, line
    for line in (
        '    SECRET_KEY: "${SECRET_KEY:?set SECRET_KEY to 50 or more random characters}"',
        '    "SECRET_KEY": secrets.token_urlsafe(50),',
        '    SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)',
        '"SECRET_KEY must be set when DEBUG is off (50+ random characters)."',
        "`SECRET_KEY` | a development key when `DEBUG` is on |",
        "export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\"",
    ):
        assert not secret_keys_in(line), line


def committed_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if listed.returncode != 0:
        pytest.skip("not a git checkout: no committed files to read")
    return [name for name in listed.stdout.split("\0") if name]


def test_every_secret_key_in_the_repository_is_refused_in_production():
    found = {}
    for name in committed_files():
        path = ROOT / name
        if not path.is_file() or path.suffix in {".png", ".ico", ".woff2", ".gz"}:
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for key in secret_keys_in(text):
            found.setdefault(key, name)
    assert "django-insecure-local-development-only" in found  # the finder reads settings.py
    unlisted = {key: name for key, name in found.items() if key not in PUBLISHED_SECRET_KEYS}
    assert not unlisted, f"add these to PUBLISHED_SECRET_KEYS in menteo/deployment.py: {unlisted}"


def test_the_system_tests_run_gunicorn_and_the_settings_as_deployed():
    from tests.system.harness import SITE_URL, gunicorn_command, gunicorn_env, system_env

    env = system_env(redis_url="redis://127.0.0.1:6379/6", smtp_port=1025)
    assert env["SITE_URL"] == SITE_URL
    # Nothing relaxed: no local-trial switch, no hardening turned off.
    relaxed = {"ALLOW_HTTP_SITE_URL", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"}
    assert relaxed & set(env) == set()
    assert gunicorn_command()[1:] == ["--config", "gunicorn.conf.py"]
    assert gunicorn_env(8123) == {"GUNICORN_BIND": "127.0.0.1:8123", "WEB_CONCURRENCY": "2"}
