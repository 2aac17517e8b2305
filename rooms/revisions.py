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
- The poll URL carries a token: an HMAC of the mentorship and the session key (which never
  leaves the cookie). Only the browser session the room page was rendered for can take the
  fast path; any other request (an outsider, a forged or missing token, another session) goes
  through the slow path and its access check. A session that has since ended can at most
  learn that nothing changed since it last saw the room.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac

from rooms.models import Room

# Short lives bound how long a revision could lag behind the room if a write to the cache
# were lost (a Redis time-out on one SET, a restart from an older snapshot, a rare race with
# an eviction): at most two minutes of "nothing new", then the slow path primes it again.
PUBLISHED_FOR = 120
PRIMED_FOR = 120


def _key(mentorship_id) -> str:
    return f"rooms:revision:{mentorship_id}"


def publish(room: Room) -> None:
    """Record the room's new revision (call under the room's row lock, before the commit)."""
    cache.set(_key(room.mentorship_id), room.revision, PUBLISHED_FOR)


def prime(mentorship_id, revision: int) -> None:
    cache.add(_key(mentorship_id), revision, PRIMED_FOR)


def poll_token(mentorship_id, session_key: str) -> str:
    return salted_hmac(
        "rooms.poll", f"{mentorship_id}:{session_key}", algorithm="sha256"
    ).hexdigest()


def nothing_new(request: HttpRequest, mentorship_id, revision: int) -> bool:
    """True when this session's poll token is good and the room is still at `revision`:
    the poll can answer 204 without touching the session, the user or the database."""
    if not settings.ROOM_POLL_FROM_CACHE:
        return False
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    token = request.GET.get("token", "")
    if not (session_key and token):
        return False
    if not constant_time_compare(token, poll_token(mentorship_id, session_key)):
        return False
    current = cache.get(_key(mentorship_id))
    return current is not None and current <= revision
