"""gunicorn for Menteo: `gunicorn --config gunicorn.conf.py` (the application is named here).

From the environment (or `.env`), as the settings are read; a malformed value stops start-up
with a message that names the variable:
- GUNICORN_BIND (e.g. `0.0.0.0:8000`, `unix:/run/menteo.sock`), else 0.0.0.0:PORT, PORT
  defaulting to 8000;
- WEB_CONCURRENCY: worker processes, default 2 x cores + 1, at most 8 (each holds a Django
  process and its database connection; more machines scale further);
- LOG_FORMAT (`json`, or `plain` for a terminal) and DEBUG, as in the settings: JSON when
  DEBUG is off. The access log goes to stdout, one line a request with the request id (the
  answer's X-Request-ID header) and the tokens of private links masked (menteo/access_log.py).
"""

import os
from pathlib import Path

import environ

_env = environ.Env()
if (Path(__file__).resolve().parent / ".env").exists():
    environ.Env.read_env(Path(__file__).resolve().parent / ".env")

MAX_DEFAULT_WORKERS = 8

# One access line a request, as JSON; the request id is the answer's X-Request-ID header,
# set by menteo.request_id.RequestIdMiddleware.
JSON_ACCESS_FORMAT = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", "remote": "%(h)s", '
    '"method": "%(m)s", "path": "%(U)s", "query": "%(q)s", "status": %(s)s, '
    '"bytes": "%(b)s", "duration_ms": %(M)s, "referer": "%(f)s", "user_agent": "%(a)s", '
    '"request_id": "%({x-request-id}o)s"}'
)
PLAIN_ACCESS_FORMAT = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms [%({x-request-id}o)s]'
)


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise SystemExit(f"{name} must be a whole number of at least 1, not {raw!r}.")
    return int(raw)


_debug = _env.bool("DEBUG", default=True)
_log_format = _env.str("LOG_FORMAT", default="plain" if _debug else "json")
if _log_format not in ("json", "plain"):
    raise SystemExit(f"LOG_FORMAT must be json or plain, not {_log_format!r}.")

wsgi_app = "menteo.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "").strip() or f"0.0.0.0:{_positive_int('PORT', 8000)}"]
workers = _positive_int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS))

accesslog = "-"
errorlog = "-"
logger_class = f"menteo.access_log.{'JsonLogger' if _log_format == 'json' else 'MaskingLogger'}"
access_log_format = JSON_ACCESS_FORMAT if _log_format == "json" else PLAIN_ACCESS_FORMAT

# gunicorn's control socket (gunicornc) sits at one path per user: a second instance on the same
# machine (two behind a proxy, a test) would take it over. Nothing here uses it.
control_socket_disable = True
