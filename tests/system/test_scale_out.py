"""Beyond one machine: two gunicorn instances behind haproxy (round robin), sharing
PostgreSQL and Redis and nothing else. A session made through one is good on the other, and a
message posted through one reaches a room poll through the other at its next poll, however
recently that instance answered "nothing new" from its cache.
"""

import time
import uuid

import pytest

from tests.factories import PASSWORD, make_mentorship
from tests.system.harness import WebClient, free_port, poll_path, system_env

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

POLL_INTERVAL = 4  # seconds: templates/rooms/room.html, hx-trigger="every 4s"


def log_in(client: WebClient, email: str) -> None:
    page = client.get("/accounts/login/")
    answer = client.post_form("/accounts/login/", {"login": email, "password": PASSWORD}, page=page)
    assert answer.status == 302, answer.body[:2000]


def test_a_message_posted_through_one_instance_reaches_a_poll_through_the_other(
    smtp, redis_url, processes, haproxy
):
    env = system_env(redis_url=redis_url, smtp_port=smtp.port)
    ports = {"web1": free_port(), "web2": free_port()}
    proxy_port = free_port()
    for name, port in ports.items():
        processes.gunicorn(name, env, port)
    processes.haproxy(proxy_port, ports)
    for port in ports.values():
        processes.wait_for_http(port)
    processes.wait_for_http(proxy_port)
    mentorship = make_mentorship(stage="cultivation")
    room = f"/mentorships/{mentorship.pk}/room/"

    # Through the proxy, round robin: each request goes to the next instance, so the mentor's
    # log-in form comes from one instance and is accepted by the other, and the session the
    # other wrote is good on both.
    mentor = WebClient(proxy_port)
    log_in(mentor, mentorship.mentor.email)
    served_by = []
    for _ in range(4):
        page = mentor.get(room)
        assert page.status == 200
        served_by.append(page.headers["X-Served-By"])
    assert set(served_by) == {"web1", "web2"}, served_by

    # The mentee, pinned to web2, has the room open: its poll answers "nothing new" (and
    # web2's cache now holds the room's revision).
    mentee = WebClient(ports["web2"])
    log_in(mentee, mentorship.mentee.email)
    poll = poll_path(mentee.get(room))
    headers = {"HX-Request": "true"}
    assert mentee.get(poll, **headers).status == 204

    # The mentor posts through web1, pinned.
    at_web1 = WebClient(ports["web1"])
    at_web1.cookies = dict(mentor.cookies)
    page = at_web1.get(room)
    text = f"Posted through web1 {uuid.uuid4().hex[:8]}"
    posted = at_web1.post_form(
        room + "messages/", {"body": text, "client_token": str(uuid.uuid4())}, page=page
    )
    assert posted.status in (200, 302), posted.body[:2000]
    posted_at = time.monotonic()

    # The mentee's next poll through web2 brings it.
    answer = mentee.get(poll, **headers)
    assert time.monotonic() - posted_at < POLL_INTERVAL
    assert answer.status == 200
    assert text in answer.body

    # And so does a poll through the proxy, whichever instance answers it.
    through_proxy = WebClient(proxy_port)
    through_proxy.cookies = dict(mentee.cookies)
    answered_by = set()
    for _ in range(2):
        answer = through_proxy.get(poll, **headers)
        assert answer.status == 200
        assert text in answer.body
        answered_by.add(answer.headers["X-Served-By"])
    assert answered_by == {"web1", "web2"}
