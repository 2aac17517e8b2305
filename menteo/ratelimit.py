"""Per-person limits on Menteo's own write actions (sending requests, posting messages).

allauth limits logins, sign-ups and password resets; this limits what a signed-in person can
do too often, e.g. ten mentorship requests an hour. Counts live in the Django cache (Redis in
production) in fixed windows: one atomic increment per attempt, no database write.

    from menteo import ratelimit
    try:
        ratelimit.consume(user=request.user, action="mentorship_request")
    except ratelimit.RateLimited as limited:
        form.add_error(None, str(limited))   # keep what they typed, say when to retry

or, for a view with nothing to keep, `@ratelimit.limit("room_message")` answers 429 with
our page. If the cache is unreachable the action is allowed: a Redis outage must not stop
people from working (item 7 of the security issue), and it is logged.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    count: int
    window: int  # seconds
    what: str  # "mentorship requests", for the message


DEFAULT_LIMITS: dict[str, Limit] = {
    "mentorship_request": Limit(count=10, window=3600, what="mentorship requests"),
    "room_message": Limit(count=60, window=60, what="messages"),
}


class RateLimited(Exception):
    def __init__(self, limit: Limit, retry_after: int):
        self.limit = limit
        self.retry_after = retry_after
        super().__init__(
            f"You have sent {limit.count} {limit.what} in {_duration(limit.window)}, the most "
            f"Menteo allows. Please try again in {_duration(retry_after)}."
        )


def _duration(seconds: int) -> str:
    if seconds >= 3600 and seconds % 3600 == 0:
        hours = seconds // 3600
        return "an hour" if hours == 1 else f"{hours} hours"
    if seconds >= 60:
        minutes = -(-seconds // 60)  # round up: "in 1 minute", never "in 0 minutes"
        return "a minute" if minutes == 1 else f"{minutes} minutes"
    return "a few seconds" if seconds > 1 else "a second"


def limit_for(action: str) -> Limit:
    """settings.MENTEO_RATE_LIMITS overrides the defaults per action (tests, tuning)."""
    return {**DEFAULT_LIMITS, **getattr(settings, "MENTEO_RATE_LIMITS", {})}[action]


def consume(*, user, action: str) -> None:
    """Count one attempt at `action` by `user`; raise RateLimited once the window is full."""
    limit = limit_for(action)
    now = int(time.time())
    window_start = now - now % limit.window
    key = f"ratelimit:{action}:{user.pk}:{window_start}"
    try:
        cache.add(key, 0, timeout=limit.window + 1)
        attempts = cache.incr(key)
    except Exception:  # the cache is down: allow, and say so in the logs
        logger.warning("Rate limit for %s not checked: the cache is unreachable", action)
        return
    if attempts > limit.count:
        raise RateLimited(limit, retry_after=window_start + limit.window - now)


def too_many_requests(request: HttpRequest, limited: RateLimited) -> HttpResponse:
    response = render(request, "429.html", {"message": str(limited)}, status=429)
    response["Retry-After"] = str(limited.retry_after)
    return response


def limit(action: str, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """View decorator: count each `methods` request by the signed-in person; 429 when over."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method in methods and request.user.is_authenticated:
                try:
                    consume(user=request.user, action=action)
                except RateLimited as limited:
                    return too_many_requests(request, limited)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
