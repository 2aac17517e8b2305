"""The real processes for the system tests: gunicorn, a Celery worker and beat, haproxy and
an SMTP server, started as a deployment starts them, against the test database and Redis.

Each process runs in its own process group (so its children stop with it) and writes its
output to a log file that a failing test shows.
"""

import contextlib
import email
import email.policy
import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email.message import EmailMessage
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from aiosmtpd.controller import Controller
from django.db import connection

from bench.common import production_env
from bench.proxy import haproxy_command, haproxy_config

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SITE = "menteo.test"
SITE_URL = f"https://{SITE}"
FROM_EMAIL = f"Menteo <hello@{SITE}>"
START_TIMEOUT = 40  # seconds for a process to be ready on a busy two-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_database_url() -> str:
    """pytest-django's test database, as a URL for the processes."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def system_env(*, redis_url: str, smtp_port: int) -> dict[str, str]:
    """The plain production environment (DEBUG off, https SITE_URL, hardening on, nothing
    relaxed) behind a TLS-terminating proxy: the clients send `X-Forwarded-Proto: https` as
    that proxy would."""
    return {
        **production_env(
            test_database_url(), site_url=SITE_URL, allowed_hosts=SITE, redis_url=redis_url
        ),
        **_processes_env(smtp_port),
        "BEHIND_TLS_PROXY": "true",
    }


def _processes_env(smtp_port: int) -> dict[str, str]:
    return {
        "CONN_MAX_AGE": "0",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DEFAULT_FROM_EMAIL": FROM_EMAIL,
        "ACCOUNT_EMAIL_VERIFICATION": "mandatory",
        "LOG_LEVEL": "INFO",
    }


def gunicorn_command() -> list[str]:
    """As deployed: everything from gunicorn.conf.py and the environment, no flags."""
    return [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py"]


def gunicorn_env(port: int) -> dict[str, str]:
    return {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"}


class Processes:
    """Started processes; `stop_all()` ends each process group, `logs()` says what they said."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: list[tuple[str, subprocess.Popen, Path]] = []

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = self.log_dir / f"{name}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**os.environ, **env},
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: children stop with it
            )
        self.started.append((name, process, log))
        return process

    def gunicorn(self, name: str, env: dict[str, str], port: int) -> None:
        self.start(name, gunicorn_command(), {**env, **gunicorn_env(port)})

    def worker(self, env: dict[str, str]) -> None:
        self.start(
            "worker",
            [str(BIN / "celery"), "-A", "menteo", "worker", "--loglevel", "INFO",
             "--concurrency", "1", "--hostname", f"system-{os.getpid()}@%h",
             "--without-mingle", "--without-gossip"],
            env,
        )  # fmt: skip

    def beat(self, env: dict[str, str]) -> None:
        self.start(
            "beat",
            [str(BIN / "celery"), "-A", "menteo", "beat", "--loglevel", "INFO",
             "--schedule", str(self.log_dir / "celerybeat-schedule"), "--max-interval", "1"],
            # The real schedule, with the reminder sweep every few seconds.
            {**env, "DJANGO_SETTINGS_MODULE": "tests.system.beat_settings"},
        )  # fmt: skip

    def haproxy(self, port: int, instances: dict[str, int]) -> None:
        config = haproxy_config(port=port, instances=instances)
        self.start("haproxy", haproxy_command(config, self.log_dir), {})

    def log_of(self, name: str) -> str:
        for started_name, _process, log in self.started:
            if started_name == name:
                return log.read_text(errors="replace")
        raise KeyError(name)

    def wait_until(self, what: str, ready: Callable[[], bool], timeout: float = START_TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if ready():
                return
            stopped = [name for name, process, _ in self.started if process.poll() is not None]
            if stopped:
                raise AssertionError(f"{', '.join(stopped)} stopped while waiting for {what}")
            time.sleep(0.2)
        raise AssertionError(f"not ready within {timeout} s: {what}")

    def wait_for_http(self, port: int, path: str = "/healthz") -> None:
        def answers() -> bool:
            try:
                return WebClient(port).request("GET", path).status == 200
            except OSError:
                return False

        self.wait_until(f"HTTP 200 from 127.0.0.1:{port}{path}", answers)

    def wait_for_log(self, name: str, pattern: str, timeout: float = START_TIMEOUT) -> None:
        self.wait_until(
            f"{pattern!r} in the {name} log",
            lambda: re.search(pattern, self.log_of(name)) is not None,
            timeout,
        )

    def stop_all(self) -> None:
        for _name, process, _log in reversed(self.started):
            if process.poll() is None:
                _signal_group(process, signal.SIGTERM)
        for _name, process, _log in self.started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=10)
            # Children left behind by a process that died first (the group outlives it).
            _signal_group(process, signal.SIGKILL)

    def logs(self) -> list[tuple[str, str]]:
        return [(name, _tail(log.read_text(errors="replace"))) for name, _, log in self.started]


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has ended already
        os.killpg(process.pid, signum)


def _tail(text: str, lines: int = 150) -> str:
    return "\n".join(text.splitlines()[-lines:])


class SmtpInbox:
    """An SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it receives."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self._lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def received(self, predicate: Callable[[EmailMessage], bool]) -> list[EmailMessage]:
        with self._lock:
            return [message for message in self.messages if predicate(message)]

    def wait_for(
        self, predicate: Callable[[EmailMessage], bool], what: str, timeout: float = 30
    ) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := self.received(predicate):
                return found[0]
            time.sleep(0.1)
        with self._lock:
            seen = [(m["To"], m["Subject"]) for m in self.messages]
        raise AssertionError(f"no email within {timeout} s: {what}; received {seen}")


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str):
        self.status, self.headers, self.body = status, headers, body

    def form_token(self) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.body)
        assert match, f"no CSRF token in the page (HTTP {self.status})"
        return match.group(1)


class WebClient:
    """A browser on https://menteo.test as the web process sees it behind the TLS proxy: the
    Host and X-Forwarded-Proto the proxy passes on, its own cookies (Secure ones included, as
    the connection is https for the browser), no redirects followed."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None
    ) -> Response:
        all_headers = {"Host": SITE, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            content = answer.read().decode(errors="replace")
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers, content)

    def get(self, path: str, **headers) -> Response:
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict, *, page: Response, **headers) -> Response:
        """Send a form of `page` as a browser would: its CSRF token, the site's Origin."""
        body = urlencode({**fields, "csrfmiddlewaretoken": page.form_token()}).encode()
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": SITE_URL,
                "Referer": SITE_URL + path,
                **headers,
            },
        )


def poll_path(room_page: Response) -> str:
    """The room poll's URL with its cursor and token, as htmx would request it."""
    match = re.search(r'id="room-poll" hx-get="([^"]+)"', room_page.body)
    assert match, "no poller on the room page"
    return html.unescape(match.group(1))


def local_trial_env(*, redis_url: str, smtp_port: int, site_url: str) -> dict[str, str]:
    """Production settings over plain http on 127.0.0.1, for a browser that has no TLS proxy
    in front (a local trial: production_env relaxes the hardening, said out loud)."""
    return {
        **production_env(
            test_database_url(), site_url=site_url, allowed_hosts="127.0.0.1", redis_url=redis_url
        ),
        **_processes_env(smtp_port),
    }
