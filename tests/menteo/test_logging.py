import logging
import sys

import pytest
from django.core import mail
from django.test import RequestFactory
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter, get_default_exception_reporter_filter

from menteo.log import PrivateExceptionReporterFilter, RedactSecrets, redact
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
