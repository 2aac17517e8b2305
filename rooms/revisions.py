"""The room poll's fast path: "nothing new" answered from the cache, before the database.

A room's page polls every few seconds, and almost every poll finds nothing new. Answering that
through the session, the user and the room costs three round trips to the database; answering
it from here costs one cache read and an HMAC.

- `publish()` is called by the services under the room's row lock, before the commit, each
  time the revision goes up; so whenever the cache holds a revision it is at least the
  committed one, and a poll is never told "nothing new" while something is. (A rolled-back
  change leaves the cache ahead: polls take the slow path, which answers correctly, until
  the next change.)
- `prime()` is called by the slow path with the revision it read; `add` never overwrites a
  newer value published meanwhile.
- The poll URL carries a token: its issue time and an HMAC of the mentorship, the session key
  (which never leaves the cookie) and that time. Only the browser session the room page was
  rendered for can take the fast path, for `TOKEN_LIFETIME`; any other request (an outsider,
  a forged, expired or missing token, another session) goes through the slow path and its
  access check. A session that has since ended can at most learn, for a few hours, that
  nothing changed since it last saw the room. The page, and every poll that brings news,
  carry a fresh token.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from rooms.models import Room

# Short lives bound how long a revision could lag behind the room if a write to the cache
# were lost (a Redis time-out on one SET, a restart from an older snapshot, a rare race with
# an eviction): at most two minutes of "nothing new", then the slow path primes it again.
PUBLISHED_FOR = 120
PRIMED_FOR = 120

# A room left open overnight goes to the slow path in the morning (one access check per
# poll) until the next message or a reload brings a new token.
TOKEN_LIFETIME = 6 * 3600
CLOCK_SKEW = 60  # seconds a token may seem to come from the future (another server's clock)


def _key(mentorship_id) -> str:
    return f"rooms:revision:{mentorship_id}"


def publish(room: Room) -> None:
    """Record the room's new revision (call under the room's row lock, before the commit)."""
    cache.set(_key(room.mentorship_id), room.revision, PUBLISHED_FOR)


def prime(mentorship_id, revision: int) -> None:
    cache.add(_key(mentorship_id), revision, PRIMED_FOR)


def _signature(mentorship_id, session_key: str, issued: str) -> str:
    return salted_hmac(
        "rooms.poll", f"{mentorship_id}:{session_key}:{issued}", algorithm="sha256"
    ).hexdigest()


def poll_token(mentorship_id, session_key: str) -> str:
    """`<issue time in base 36>.<HMAC>`: good for this session and room, for a few hours."""
    issued = int_to_base36(int(time.time()))
    return f"{issued}.{_signature(mentorship_id, session_key, issued)}"


def _token_is_good(token: str, mentorship_id, session_key: str) -> bool:
    issued, _, signature = token.partition(".")
    if len(issued) > 13 or not constant_time_compare(
        signature, _signature(mentorship_id, session_key, issued)
    ):
        return False
    # Only a time this module wrote gets here (the HMAC covers it), so it always parses.
    age = time.time() - base36_to_int(issued)
    return -CLOCK_SKEW <= age <= TOKEN_LIFETIME


def nothing_new(request: HttpRequest, mentorship_id, revision: int) -> bool:
    """True when this session's poll token is good and recent and the room is still at
    `revision`: the poll can answer 204 without touching the session, the user or the
    database."""
    if not settings.ROOM_POLL_FROM_CACHE:
        return False
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    token = request.GET.get("token", "")
    if not (session_key and token and _token_is_good(token, mentorship_id, session_key)):
        return False
    current = cache.get(_key(mentorship_id))
    return current is not None and current <= revision
