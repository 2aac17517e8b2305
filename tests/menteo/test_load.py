"""Under load, exactly once: many concurrent clients against a live server on 127.0.0.1.

Clients post into the same rooms (resending some messages with the same client token, as a
flaky network would) while two people move the same mentorship at the same moment. No 5xx;
every distinct message stored once and in each sender's order; the lifecycle stays valid
with one transition row per change. Bounded: a fixed number of requests, each with a timeout.
"""

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter

import pytest

from menteo import ratelimit
from mentorships.models import Stage, StageTransition
from rooms.models import Message
from tests.factories import PASSWORD, make_mentorship

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS_PER_PERSON = 3
MESSAGES_PER_CLIENT = 8
RESENT = 3  # of which this many are sent twice with the same token
TIMEOUT = 30  # seconds, per request


class Browser:
    """A person at a browser: cookies, the CSRF token, plain HTTP to the live server."""

    def __init__(self, base_url: str, email: str):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect(),
        )
        page = self.get("/accounts/login/")
        self.post("/accounts/login/", {"login": email, "password": PASSWORD}, page=page)

    def _open(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path: str) -> str:
        status, body = self._open(urllib.request.Request(self.base_url + path))
        assert status == 200, (path, status)
        return body

    def post(self, path: str, data: dict, *, page: str) -> int:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers={"Referer": self.base_url + path}
        )
        return self._open(request)[0]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer here, not something to follow


def test_concurrent_posts_and_transitions_store_everything_exactly_once(live_server, settings):
    settings.MENTEO_RATE_LIMITS = {
        "room_message": ratelimit.Limit(count=1000, window=60, what="messages")
    }
    rooms = [make_mentorship(stage="cultivation") for _ in range(2)]
    # Every goal achieved: both people may move this one to Separation, at the same moment.
    contested = make_mentorship(stage="cultivation", achieved=True)

    statuses: Counter = Counter()
    sent: dict[str, list[str]] = {}  # client -> message bodies, in the order it sent them
    lock = threading.Lock()
    start = threading.Barrier(len(rooms) * 2 * CLIENTS_PER_PERSON + 2)

    def chat(mentorship, person, client_no):
        browser = Browser(live_server.url, person.email)
        room_path = f"/mentorships/{mentorship.pk}/room/"
        page = browser.get(room_path)
        name = f"{mentorship.pk}:{person.pk}:{client_no}"
        bodies = [f"{name} message {n}" for n in range(MESSAGES_PER_CLIENT)]
        start.wait(timeout=TIMEOUT * 4)
        for n, body in enumerate(bodies):
            token = str(uuid.uuid4())
            for _attempt in range(2 if n < RESENT else 1):
                status = browser.post(
                    room_path + "messages/", {"body": body, "client_token": token}, page=page
                )
                with lock:
                    statuses[status] += 1
        with lock:
            sent[name] = bodies

    def move(person):
        browser = Browser(live_server.url, person.email)
        path = f"/mentorships/{contested.pk}/"
        page = browser.get(path)
        start.wait(timeout=TIMEOUT * 4)
        status = browser.post(
            path + "transition/", {"to": Stage.SEPARATION, "confirmed": "on"}, page=page
        )
        with lock:
            statuses[status] += 1

    errors: list[BaseException] = []

    def guarded(work):
        def run(*args):
            try:
                work(*args)
            except BaseException as error:  # reported below, with the others
                with lock:
                    errors.append(error)
                start.abort()

        return run

    workers = [
        threading.Thread(target=guarded(chat), args=(mentorship, person, n))
        for mentorship in rooms
        for person in (mentorship.mentor, mentorship.mentee)
        for n in range(CLIENTS_PER_PERSON)
    ] + [
        threading.Thread(target=guarded(move), args=(p,))
        for p in (contested.mentor, contested.mentee)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=TIMEOUT * 4)
    assert not any(worker.is_alive() for worker in workers)
    assert not errors, errors

    assert not [status for status in statuses if status >= 500], statuses
    assert len(sent) == len(rooms) * 2 * CLIENTS_PER_PERSON  # every client finished
    for mentorship in rooms:
        stored = list(
            Message.objects.filter(room__mentorship=mentorship)
            .order_by("id")
            .values_list("body", flat=True)
        )
        expected = [body for name, bodies in sent.items() if name.startswith(str(mentorship.pk))
                    for body in bodies]  # fmt: skip
        assert sorted(stored) == sorted(expected)  # each distinct message exactly once
        for bodies in sent.values():  # and each sender's messages in the order sent
            mine = [body for body in stored if body in set(bodies)]
            assert mine == [b for b in bodies if b in set(stored)]

    contested.refresh_from_db()
    assert contested.stage == Stage.SEPARATION
    moves = StageTransition.objects.filter(mentorship=contested, to_stage=Stage.SEPARATION)
    assert moves.count() == 1  # one change, one row; the second click was refused politely
