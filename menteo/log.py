"""Logs and error reports that say what failed without the secrets or what people wrote.

Every line carries the request id (`menteo/request_id.py`), as JSON (one object a line, for a
log collector) or as plain text (the quick start's terminal): LOG_FORMAT in settings.
"""

import logging
import re
from typing import Any

from django.views.debug import SafeExceptionReporterFilter
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from menteo.request_id import NONE as NO_REQUEST_ID
from menteo.request_id import current_request_id

# scheme://user:password@host  and  password=..., token: ..., secret=...
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):[^@/\s]+@", re.I
)
_KEY_VALUE = re.compile(
    r"(?P<key>password|passwd|secret|token|api[_-]?key|dsn|authorization)(?P<sep>\s*[=:]\s*)"
    r"(?P<value>[^\s,;&'\"]+)",
    re.I,
)
# Paths whose segment is a credential: a calendar feed's token (roadmaps/urls.py), a one-click
# unsubscribe token (notifications/urls.py), allauth's email confirmation and password reset
# keys. Wherever such a path is written (an access log line, a Referer, "Not Found: ..."), the
# segment is masked. A slash may come percent-encoded in a raw request line (the server decodes
# it, so such a path reaches the same view).
_SLASH = "(?:/|%2F)"
TOKEN_PATHS = re.compile(
    "(?P<prefix>"
    + "|".join(
        _SLASH + _SLASH.join(prefix.split("/")) + _SLASH
        for prefix in (
            "calendar",
            "notifications/unsubscribe",
            "accounts/confirm-email",
            "accounts/password/reset/key",
        )
    )
    + r")(?:(?!%2F)[^/?#\s\"'])+",
    re.I,
)
MASK = "[masked]"


def redact(text: str) -> str:
    text = _URL_CREDENTIALS.sub(r"\g<scheme>\g<user>:***@", text)
    text = TOKEN_PATHS.sub(rf"\g<prefix>{MASK}", text)
    return _KEY_VALUE.sub(r"\g<key>\g<sep>***", text)


class RedactSecrets(logging.Filter):
    """Masks credentials in every record's message (a database URL in an error, a token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record: the current request's or task's, else "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class PlainFormatter(logging.Formatter):
    """One line of text (tracebacks below it), masked as a whole: the message is masked by
    RedactSecrets, this also masks a traceback's text."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("defaults", {"request_id": NO_REQUEST_ID})
        super().__init__(*args, **kwargs)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id, and
    what the logging call added (Django's status_code, a traceback as exc_info). Values are
    masked before they are encoded. The request object Django attaches to its records is left
    out: its text holds the path (tokens) and it is not what a log line should carry."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", ["levelname", "name", "message"])
        kwargs.setdefault("defaults", {"request_id": NO_REQUEST_ID})  # RequestIdFilter sets it
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", "time")
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "color_message"])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in log_data.items()
        }


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error emails and pages never show submitted form values: they are messages, journal
    posts and contract text people wrote, besides passwords."""

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):  # DEBUG: the developer's own data
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
