"""gunicorn's logger for Menteo (`logger_class` in gunicorn.conf.py).

The access log never shows a credential: calendar feed and unsubscribe tokens, email
confirmation and password reset keys in a path, a Referer or a query string are masked by
`menteo.log.redact`, the function that masks the application's own log lines. Values are
escaped as JSON string content, so the JSON access format stays one valid object per line
whatever a client sends. `JsonLogger` also writes gunicorn's own messages (start-up, a worker
timing out) as JSON, like the application's.
"""

import json
import logging
from datetime import UTC, datetime

from gunicorn import glogging

from menteo.log import JsonFormatter, redact

# The atoms that can hold a URL: the request line, path, query string, the Referer (as `f`
# and as a request header) and the same values read from the WSGI environ.
URL_ATOMS = frozenset(
    {
        "r", "U", "q", "f", "{referer}i", "{raw_uri}e", "{path_info}e", "{query_string}e",
        "{http_referer}e", "{request_uri}e",
    }
)  # fmt: skip


class JsonStringAtoms(glogging.SafeAtoms):
    """gunicorn's SafeAtoms escapes only double quotes; a backslash or a control character
    from a client would break a JSON line (and forge a plain one)."""

    def __init__(self, atoms):
        dict.__init__(self)
        for key, value in atoms.items():
            if isinstance(value, str):
                self[key] = json.dumps(value, ensure_ascii=False)[1:-1]
            else:
                self[key] = value


class MaskingLogger(glogging.Logger):
    atoms_wrapper_class = JsonStringAtoms

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in URL_ATOMS.intersection(atoms):
            if isinstance(atoms[key], str):
                atoms[key] = redact(atoms[key])
        return atoms


class JsonLogger(MaskingLogger):
    def now(self) -> str:
        """The access line's time, as the application's lines have it (UTC, ISO 8601)."""
        return datetime.now(UTC).isoformat(timespec="milliseconds")

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setFormatter(JsonFormatter())
