import io
import json
import logging
import re
import subprocess
import sys

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from menteo import request_id
from menteo.celery import app as celery_app
from menteo.log import (
    JsonFormatter,
    PlainFormatter,
    PrivateExceptionReporterFilter,
    RedactSecrets,
    RequestIdFilter,
    redact,
)
from menteo.request_id import current_request_id
from tests.menteo.test_settings import PRODUCTION, run_django


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "could not connect to postgres://menteo:s3cret@db.internal:5432/menteo",
            "could not connect to postgres://menteo:***@db.internal:5432/menteo",
        ),
        ("redis://:hunter2@redis.internal:6379/0 down", "redis://:***@redis.internal:6379/0 down"),
        ("login failed: password=hunter2 user=ada", "login failed: password=*** user=ada"),
        ("Authorization: Bearer-abc", "Authorization: ***"),
        ("nothing secret here", "nothing secret here"),
    ],
)
def test_credentials_are_masked(text, expected):
    assert redact(text) == expected


def test_the_log_filter_masks_formatted_messages():
    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "broker %s unreachable", ("redis://:pw@h:1/0",), None
    )
    assert RedactSecrets().filter(record) is True
    assert record.getMessage() == "broker redis://:***@h:1/0 unreachable"


def _report(settings, body):
    settings.DEBUG = False
    request = RequestFactory().post("/rooms/1/messages/", {"body": body, "password": "pw"})
    try:
        private_note = body  # noqa: F841 (a local variable holding what someone wrote)
        raise ValueError("boom")
    except ValueError:
        reporter = ExceptionReporter(request, *sys.exc_info())
        return reporter.get_traceback_text()


def test_error_reports_show_no_form_values_or_local_variables(settings):
    assert isinstance(get_default_exception_reporter_filter(), PrivateExceptionReporterFilter)
    text = _report(settings, "I am afraid I will fail my promotion")
    assert "ValueError" in text
    assert "I am afraid" not in text
    assert "body" in text  # the field name says what was posted, not its value


def test_error_emails_to_admins_show_no_message_bodies(settings):
    settings.DEBUG = False
    settings.ADMINS = [("Admin", "admin@example.com")]
    logger = logging.getLogger("django.request")
    request = RequestFactory().post("/x/", {"body": "my private doubt"})
    try:
        raise RuntimeError("it broke")
    except RuntimeError:
        handler = AdminEmailHandler(include_html=True)
        record = logger.makeRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x/", (),
            sys.exc_info(), extra={"request": request, "status_code": 500},
        )  # fmt: skip
        handler.emit(record)
    email = mail.outbox[-1]
    assert "it broke" in email.body
    assert "my private doubt" not in email.body
    assert "my private doubt" not in email.alternatives[0][0]


def _sentry_state(**env) -> str:
    result = run_django(
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], c.options['max_request_body_size'],"
        " c.options['include_local_variables'],"
        " sorted(i for i in c.integrations if i in ('django', 'celery')))",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sentry_is_off_without_a_dsn():
    assert _sentry_state(**PRODUCTION).startswith("False")


def test_sentry_reports_with_django_and_celery_and_no_personal_data_when_a_dsn_is_set():
    state = _sentry_state(**PRODUCTION, SENTRY_DSN="https://public@o0.ingest.sentry.io/0")
    assert state == "True False never False ['celery', 'django']"


# Request ids and JSON lines ---------------------------------------------------------------------


@pytest.fixture
def json_lines():
    """What the root logger writes, through the handler settings.LOGGING builds for
    LOG_FORMAT=json, one parsed object a line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactSecrets())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


@pytest.mark.django_db
def test_a_request_logs_json_under_the_id_it_answers_with(client, json_lines):
    response = client.get("/calendar/s3cr3t-feed-token.ics", HTTP_X_REQUEST_ID="lb-7f3a.9_Z")
    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a.9_Z"
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["request_id"] == "lb-7f3a.9_Z"
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /calendar/[masked]"
    assert line["status_code"] == 404
    assert "time" in line
    assert "s3cr3t" not in json.dumps(json_lines())


@pytest.mark.django_db
def test_each_request_gets_its_own_id(client, json_lines):
    first, second = client.get("/nope/"), client.get("/nope/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]
    logged = [line["request_id"] for line in json_lines() if line["logger"] == "django.request"]
    assert logged == [first["X-Request-ID"], second["X-Request-ID"]]
    logging.getLogger("menteo").info("after the requests")
    assert json_lines()[-1]["request_id"] == "-"


@pytest.mark.parametrize(
    "incoming", ["", "has space", "a" * 65, 'quote"d', "semi;colon", "é", "x\u2028y"]
)
@pytest.mark.django_db
def test_an_incoming_id_that_is_not_a_sane_token_is_replaced(client, incoming):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=incoming)
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_a_sane_incoming_id_of_64_characters_is_kept(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="A" * 64)
    assert response["X-Request-ID"] == "A" * 64


def test_secrets_are_masked_in_json_lines_tracebacks_included(json_lines):
    logger = logging.getLogger("menteo.test")
    logger.error("broker %s down", "redis://:hunter2@redis.internal:6379/0")
    try:
        raise ConnectionError("password=hunter2 refused")
    except ConnectionError:
        logger.exception("sending failed")
    lines = json_lines()
    assert lines[0]["message"] == "broker redis://:***@redis.internal:6379/0 down"
    assert "password=*** refused" in lines[1]["exc_info"]
    assert "hunter2" not in json.dumps(lines)


def test_plain_lines_carry_the_request_id_and_mask_secrets():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(PlainFormatter("%(levelname)s [%(request_id)s] %(message)s"))
    logger = logging.getLogger("menteo.plain-test")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("token=abc123")
        except ValueError:
            logger.exception("unsubscribe /notifications/unsubscribe/abc123/ failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert text.startswith("ERROR [-] unsubscribe /notifications/unsubscribe/[masked]/ failed")
    assert "token=***" in text
    assert "abc123" not in text


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/calendar/Zx9-_a.b.ics", "/calendar/[masked]"),
        ("GET /notifications/unsubscribe/AbC:1x:y/ HTTP/1.1", "GET /notifications/unsubscribe/[masked]/ HTTP/1.1"),  # noqa: E501
        ("https://m.example/accounts/confirm-email/MQ:1v:abc/", "https://m.example/accounts/confirm-email/[masked]/"),
        ("/accounts/password/reset/key/1-c3p0-f00/", "/accounts/password/reset/key/[masked]/"),
        ("GET /calendar%2FZx9.ics HTTP/1.1", "GET /calendar%2F[masked] HTTP/1.1"),
        ("/notifications%2funsubscribe%2FAbC%2F", "/notifications%2funsubscribe%2F[masked]%2F"),
        ("/roadmaps/calendar/", "/roadmaps/calendar/"),
        ("/notifications/settings/", "/notifications/settings/"),
    ],
)  # fmt: skip
def test_tokens_in_paths_are_masked(path, expected):
    assert redact(path) == expected


def _log_lines(**env) -> subprocess.CompletedProcess:
    """Django in a fresh process (settings are read once) answering a probe and logging."""
    return run_django(
        "import logging; from django.test import Client; "
        "r = Client().get('/healthz', HTTP_X_REQUEST_ID='probe-1'); print(r['X-Request-ID']); "
        "logging.getLogger('menteo').warning('db postgres://menteo:hunter2@db:5432/m')",
        **env,
    )


def test_production_logs_json_on_every_line():
    # A database that refuses at once: the probe logs its state change.
    result = _log_lines(**{**PRODUCTION, "DATABASE_URL": "postgres://menteo:pw@127.0.0.1:1/m"})
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    health, masked = lines[-2:]
    assert health["logger"] == "menteo.health"
    assert health["level"] == "ERROR"
    assert health["request_id"] == "probe-1" == result.stdout.split()[-1]
    assert masked["message"] == "db postgres://menteo:***@db:5432/m"
    assert masked["request_id"] == "-"


def test_debug_logs_plain_text_and_log_format_decides():
    plain = _log_lines()
    assert plain.returncode == 0, plain.stderr
    assert plain.stderr.splitlines()[-1].endswith(
        "WARNING menteo [-] db postgres://menteo:***@db:5432/m"
    )
    as_json = _log_lines(LOG_FORMAT="json")
    assert json.loads(as_json.stderr.splitlines()[-1])["logger"] == "menteo"
    text_in_production = _log_lines(
        **{**PRODUCTION, "DATABASE_URL": "postgres://menteo:pw@127.0.0.1:1/m"},
        LOG_FORMAT="plain",
    )
    assert " ERROR menteo.health [probe-1] Health: down" in text_in_production.stderr


def test_an_unknown_log_format_stops_start_up_naming_it():
    result = run_django("pass", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or plain" in result.stderr


# Celery tasks -----------------------------------------------------------------------------------


@celery_app.task(name="tests.menteo.request_id_seen_by_task")
def request_id_seen_by_task() -> str:
    return current_request_id()


@pytest.mark.django_db(transaction=True)
def test_a_task_runs_under_the_id_of_the_request_that_queued_it():
    celery_app.conf.task_always_eager = False
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        token = request_id._current.set("req-42")
        try:
            queued_by_request = request_id_seen_by_task.delay()
        finally:
            request_id._current.reset(token)
        queued_by_beat = request_id_seen_by_task.delay()  # outside any request
        assert queued_by_request.get(timeout=20) == "req-42"
        assert queued_by_beat.get(timeout=20) == queued_by_beat.id
    assert current_request_id() == "-"


def test_a_task_run_inline_keeps_the_request_id():
    token = request_id._current.set("inline-1")
    try:
        assert request_id_seen_by_task.delay().get() == "inline-1"
        assert current_request_id() == "inline-1"
    finally:
        request_id._current.reset(token)
