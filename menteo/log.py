"""Logs and error reports that say what failed without the secrets or what people wrote."""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

# scheme://user:password@host  and  password=..., token: ..., secret=...
_URL_CREDENTIALS = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<user>[^:/@\s]*):[^@/\s]+@", re.I
)
_KEY_VALUE = re.compile(
    r"(?P<key>password|passwd|secret|token|api[_-]?key|dsn|authorization)(?P<sep>\s*[=:]\s*)"
    r"(?P<value>[^\s,;&'\"]+)",
    re.I,
)


def redact(text: str) -> str:
    text = _URL_CREDENTIALS.sub(r"\g<scheme>\g<user>:***@", text)
    return _KEY_VALUE.sub(r"\g<key>\g<sep>***", text)


class RedactSecrets(logging.Filter):
    """Masks credentials in every record's message (a database URL in an error, a token)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


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
