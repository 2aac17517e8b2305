"""Fixtures of the system tests: the real processes against pytest-django's test database
(committed data: `transaction=True`) and the test run's Redis database.

A failing test shows the tail of every process's log (gunicorn, worker, beat, haproxy).
"""

import os
import secrets
import shutil
import subprocess
import sys

import pytest
import redis
from django.conf import global_settings

from bench.proxy import HAPROXY, haproxy_available
from menteo.celery import app as celery_app
from tests.chromium import CHROMIUM, browser_type_launch_args  # noqa: F401 (a fixture)
from tests.system.harness import ROOT, SITE, SITE_URL, Processes, SmtpInbox


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    processes = getattr(item, "system_processes", None)
    if processes is not None and call.excinfo is not None:
        for name, log in processes.logs():
            item.add_report_section(call.when, f"{name} log", log)
    yield


@pytest.fixture(scope="session")
def collected_static():
    """DEBUG off serves hashed static files from STATIC_ROOT (WhiteNoise's manifest)."""
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": SITE,
        "SITE_URL": SITE_URL,
    }
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


@pytest.fixture
def redis_url(settings):
    """The test run's Redis database (bin/test: TEST_REDIS_URL), emptied: the processes'
    broker, result backend and cache."""
    if not settings.REDIS_URL:
        pytest.fail("the system tests need Redis: bin/test sets REDIS_URL")
    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    yield settings.REDIS_URL
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture
def processes(request, tmp_path, collected_static, settings):
    # People made here must log in there: the processes know only the real hashers.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    started = Processes(tmp_path)
    request.node.system_processes = started
    # What this test process queues goes through the broker to the real worker too.
    celery_app.conf.task_always_eager = False
    yield started
    started.stop_all()
    celery_app.conf.task_always_eager = True


@pytest.fixture
def smtp():
    inbox = SmtpInbox()
    inbox.controller.start()
    yield inbox
    inbox.controller.stop()


@pytest.fixture
def haproxy():
    if not haproxy_available():
        message = f"haproxy is missing at {HAPROXY} (apt-get install -y haproxy)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must install it.")
        pytest.skip(message)
    return HAPROXY


@pytest.fixture
def chromium():
    if not shutil.which(CHROMIUM):
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must install it.")
        pytest.skip(message)
