"""One id per request, so every log line a request causes can be found together.

The id comes from the proxy in front (`X-Request-ID`, when it is a sane token: at most 64 of
A-Z a-z 0-9 . _ -) or is made here; it is kept in a context variable that the log filter reads
(`menteo.log.RequestIdFilter`), sent back in the answer's `X-Request-ID` header (which
gunicorn's access log reads), and carried to the Celery tasks the request queues in a message
header. A task queued by beat, not by a request, logs under its own task id.
"""

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
NONE = "-"  # outside any request or task: start-up, beat's schedule

_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")
_current: ContextVar[str] = ContextVar("request_id", default=NONE)


def current_request_id() -> str:
    return _current.get()


def sane_request_id(value: object) -> str | None:
    """The value when it can go into a log line and a header as it is, else None: an id from
    outside must not forge log lines (newlines, quotes) or fill the logs."""
    if isinstance(value, str) and _SANE.fullmatch(value):
        return value
    return None


class RequestIdMiddleware:
    """First in the stack, so the health probe's log lines carry an id too. The id stays set
    until the request has finished (`forget_request_id` on `request_finished`): Django logs
    4xx and 5xx answers after the last middleware has returned."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = sane_request_id(request.headers.get(HEADER)) or uuid.uuid4().hex
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def forget_request_id(**kwargs) -> None:
    _current.set(NONE)


# Celery (connected in menteo/celery.py) -------------------------------------------------------


def send_request_id_with_task(headers: dict | None = None, **kwargs) -> None:
    """before_task_publish: in the process that queues the task."""
    request_id = current_request_id()
    if headers is not None and request_id != NONE:
        headers.setdefault(TASK_HEADER, request_id)


def adopt_request_id_in_task(task=None, task_id: str | None = None, **kwargs) -> None:
    """task_prerun: in the worker. A top-level message header is an attribute of
    `task.request`. A task run inline belongs to the request that ran it: its id stays."""
    if task is None or task.request.is_eager:
        return
    incoming = sane_request_id(getattr(task.request, TASK_HEADER, None))
    _current.set(incoming or sane_request_id(task_id) or NONE)


def drop_request_id_after_task(task=None, **kwargs) -> None:
    """task_postrun: the worker's next task starts without an id."""
    if task is not None and not task.request.is_eager:
        _current.set(NONE)
