"""gunicorn.conf.py: where it listens, how many workers, and an access log with request ids and
no tokens (menteo/access_log.py)."""

import io
import json
import logging
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from gunicorn.config import Config

from menteo.access_log import JsonLogger, MaskingLogger
from tests.menteo.test_settings import PRODUCTION, ROOT

CONFIG = ROOT / "gunicorn.conf.py"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
VARIABLES = ("DEBUG", "LOG_FORMAT", "PORT", "GUNICORN_BIND", "WEB_CONCURRENCY")


def read_config(monkeypatch, **env) -> dict:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_it_listens_on_all_interfaces_with_workers_for_the_cores(monkeypatch):
    config = read_config(monkeypatch)
    assert config["wsgi_app"] == "menteo.wsgi:application"
    assert config["bind"] == ["0.0.0.0:8000"]
    assert config["workers"] == min(2 * os.cpu_count() + 1, 8)
    assert config["accesslog"] == "-"


def test_bind_and_workers_come_from_the_environment(monkeypatch):
    assert read_config(monkeypatch, PORT="9001")["bind"] == ["0.0.0.0:9001"]
    config = read_config(monkeypatch, GUNICORN_BIND="unix:/run/menteo.sock", PORT="9001")
    assert config["bind"] == ["unix:/run/menteo.sock"]
    assert read_config(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


@pytest.mark.parametrize(
    ("name", "value"), [("WEB_CONCURRENCY", "many"), ("WEB_CONCURRENCY", "0"), ("PORT", "80a")]
)
def test_a_malformed_number_stops_start_up_naming_it(monkeypatch, name, value):
    with pytest.raises(SystemExit, match=name):
        read_config(monkeypatch, **{name: value})


def test_the_log_format_follows_debug_as_the_settings_do(monkeypatch):
    assert read_config(monkeypatch)["logger_class"] == "menteo.access_log.MaskingLogger"
    production = read_config(monkeypatch, DEBUG="false")
    assert production["logger_class"] == "menteo.access_log.JsonLogger"
    assert production["access_log_format"].startswith("{")
    assert read_config(monkeypatch, DEBUG="false", LOG_FORMAT="plain")["logger_class"] == (
        "menteo.access_log.MaskingLogger"
    )
    with pytest.raises(SystemExit, match="LOG_FORMAT"):
        read_config(monkeypatch, LOG_FORMAT="xml")


class Answer:
    """What gunicorn's workers hand to Logger.access: the response, as gunicorn.http.wsgi
    builds it."""

    status = "200 OK"
    sent = 512
    headers = [("Content-Type", "text/calendar"), ("X-Request-ID", "lb-1")]


def access_line(logger_class, monkeypatch, path, query="", referer="-", agent="curl/8"):
    config = read_config(monkeypatch, LOG_FORMAT="json" if logger_class is JsonLogger else "plain")
    cfg = Config()
    for name in ("accesslog", "access_log_format"):
        cfg.set(name, config[name])
    logger = logger_class(cfg)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.access_log.addHandler(handler)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": agent,
    }
    request_headers = [("REFERER", referer), ("USER-AGENT", agent)]
    try:
        logger.access(Answer(), request_headers, environ, timedelta(milliseconds=12))
    finally:
        logger.access_log.removeHandler(handler)
    return stream.getvalue().strip()


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/Feed-Token_123.ics",
        "/notifications/unsubscribe/AbC:1xYz:sig/",
        "/accounts/confirm-email/MQ:1vZ:key/",
        "/accounts/password/reset/key/1-c3p0-0ab/",
    ],
)
def test_tokens_never_reach_the_access_log(monkeypatch, path):
    secret = path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".ics")
    line = json.loads(
        access_line(JsonLogger, monkeypatch, path, query=f"token={secret}", referer=path)
    )
    assert "[masked]" in line["path"]
    assert "[masked]" in line["referer"]
    assert line["query"] == "token=***"
    assert secret not in json.dumps(line)
    plain = access_line(MaskingLogger, monkeypatch, path, referer=f"https://m.example{path}")
    assert secret not in plain
    assert plain.count("[masked]") == 2


def test_a_json_access_line_is_valid_whatever_the_client_sends(monkeypatch):
    agent = 'Evil "agent" \\ with \x01 and ünïcode'
    line = json.loads(access_line(JsonLogger, monkeypatch, "/", referer='x" y', agent=agent))
    assert line["user_agent"] == agent
    assert line["referer"] == 'x" y'
    assert (line["status"], line["request_id"], line["duration_ms"]) == (200, "lb-1", 12)
    assert line["method"] == "GET"
    assert line["logger"] == "gunicorn.access"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.django_db(transaction=True)
def test_gunicorn_with_this_config_logs_json_lines_with_request_ids(settings):
    """The real server: its own lines, the access lines and the application's, all JSON."""
    test_database = urlsplit(os.environ["DATABASE_URL"])._replace(
        path="/" + settings.DATABASES["default"]["NAME"]
    )
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, *VARIABLES, "CI"}}
    env.update(
        DATABASE_URL=urlunsplit(test_database),
        LOG_FORMAT="json",  # DEBUG stays on: no collected static files are needed
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    server = subprocess.Popen(
        [GUNICORN, "--config", str(CONFIG)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while _get_or_none(f"{base}/healthz") != 200:
            assert server.poll() is None, server.communicate()[1]
            assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
            time.sleep(0.2)
        assert _get(f"{base}/calendar/SeCrEtFeEd.ics", **{"X-Request-ID": "feed-1"}) == 404
        referer = f"{base}/notifications/unsubscribe/SeCrEtUnSuB/"
        assert _get(f"{base}/healthz", **{"X-Request-ID": "probe-2", "Referer": referer}) == 200
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    access = [json.loads(line) for line in stdout.splitlines()]
    errors = [json.loads(line) for line in stderr.splitlines()]  # every line is JSON
    by_id = {line["request_id"]: line for line in access}
    assert by_id["feed-1"]["path"] == "/calendar/[masked]"
    assert by_id["feed-1"]["status"] == 404
    assert by_id["probe-2"]["referer"] == f"{base}/notifications/unsubscribe/[masked]/"
    (not_found,) = [line for line in errors if line.get("request_id") == "feed-1"]
    assert not_found["message"] == "Not Found: /calendar/[masked]"
    assert any(line["message"].startswith("Booting worker") for line in errors)
    assert "SeCrEt" not in stdout + stderr


def _get_or_none(url: str) -> int | None:
    try:
        return _get(url)
    except OSError:
        return None


def test_gunicorn_accepts_the_config_file():
    env = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, *VARIABLES, "CI"}}
    result = subprocess.run(
        [GUNICORN, "--config", str(CONFIG), "--check-config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
