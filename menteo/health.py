"""GET /healthz for a load balancer: is this process able to serve?

Answered by a middleware at the top of the stack, so a probe by IP address (no allowed Host
header) over plain HTTP inside the network gets the answer, not a 400 or an HTTPS redirect.
200 when PostgreSQL answers (Redis down is "degraded": pages still work, emails wait in the
outbox); 503 when the database is unreachable. It names states only: no hosts, URLs or errors.

A probe every few seconds must not become a log line (or an error email, or a Sentry event)
every few seconds: each process logs a change of state once (down: an error; degraded: a
warning; back to ok: info), and its 503 is never handed to Django's request logging, whose
errors are mailed to ADMINS and reported to Sentry.
"""

import logging
import threading
from collections.abc import Callable

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

PATH = "/healthz"
TIMEOUT = 1  # seconds: a probe must answer quickly, whatever is down


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.debug("Health check: the database is unreachable (%s)", type(error).__name__)
        return "unreachable"
    return "ok"


def redis_state() -> str:
    if not settings.REDIS_URL:
        return "not configured"
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
    )
    try:
        client.ping()
    except redis.RedisError as error:
        logger.debug("Health check: Redis is unreachable (%s)", type(error).__name__)
        return "unreachable"
    finally:
        client.close()
    return "ok"


class StateLog:
    """The last status this process answered, to log each change once. A process starts
    "ok": its first probe logs only a problem."""

    LEVELS = {"ok": logging.INFO, "degraded": logging.WARNING, "down": logging.ERROR}

    def __init__(self):
        self.status = "ok"
        self._lock = threading.Lock()

    def record(self, body: dict[str, str]) -> None:
        with self._lock:
            previous, self.status = self.status, body["status"]
        if previous != body["status"]:
            logger.log(
                self.LEVELS[body["status"]],
                "Health: %s, was %s (database %s, Redis %s)",
                body["status"],
                previous,
                body["database"],
                body["redis"],
            )


state_log = StateLog()


def health() -> tuple[int, dict[str, str]]:
    database, cache = database_state(), redis_state()
    if database != "ok":
        status = "down"
    elif cache == "unreachable":
        status = "degraded"
    else:
        status = "ok"
    body = {"status": status, "database": database, "redis": cache}
    state_log.record(body)
    return (503 if status == "down" else 200), body


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        status, body = health()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        # The state change is logged above, once. Without this, Django's handler would log
        # every 503 to `django.request` as an error: an email to ADMINS and a Sentry event per
        # probe (django.utils.log.log_response skips a response marked as logged).
        response._has_been_logged = True
        return response
