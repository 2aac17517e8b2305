"""The digest of unread room messages: at most once a day, after 24 hours unread."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentorships import services as mentorship_services
from notifications import services
from rooms.services import mark_read_in
from tests.factories import UserFactory, make_mentorship, post_message, room_of

pytestmark = pytest.mark.django_db

START = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)


def at(when):
    return time_machine.travel(when, tick=False)


def digest_now():
    services.sweep("unread_digest")
    services.deliver_pending()
    return [m for m in mail.outbox if "unread" in m.subject]


@pytest.fixture
def pair():
    mentor = UserFactory(timezone="Europe/London", display_name="Maya")
    mentee = UserFactory(timezone="Asia/Tokyo", display_name="Sam")
    return mentor, mentee


def test_after_24_hours_unread_one_digest_a_day(pair):
    mentor, mentee = pair
    with at(START):
        mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
        post_message(mentorship, mentor, "How did the 1:1s go?")
        post_message(mentorship, mentor, "And the hiring plan?")
    with at(START + timedelta(hours=23)):
        assert digest_now() == []
    with at(START + timedelta(hours=25)):
        (digest,) = digest_now()
        assert digest_now() == [digest]  # not twice the same day
    assert digest.to == [mentee.email]
    assert digest.subject == "2 unread messages from Maya"
    assert f"Maya ({mentorship.focus}): 2 unread" in digest.body
    assert f"/mentorships/{mentorship.pk}/room/" in digest.body
    with at(START + timedelta(days=2, hours=1)):
        assert len(digest_now()) == 2  # still unread the next day: one more


def test_reading_the_room_stops_the_digest(pair):
    mentor, mentee = pair
    with at(START):
        mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
        message = post_message(mentorship, mentor, "Ping")
        mark_read_in(room_id=room_of(mentorship).pk, user=mentee, message_id=message.pk)
    with at(START + timedelta(days=1, hours=1)):
        assert digest_now() == []


def test_one_digest_covers_every_room_and_skips_paused_ones(pair):
    mentor, mentee = pair
    other_mentor = UserFactory(display_name="Daniel", timezone="Europe/Berlin")
    with at(START):
        first = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
        second = make_mentorship(mentor=other_mentor, mentee=mentee, stage="initiation")
        paused = make_mentorship(mentor=UserFactory(), mentee=mentee, stage="cultivation")
        post_message(first, mentor, "One")
        post_message(second, other_mentor, "Two")
        post_message(second, other_mentor, "Three")
        post_message(paused, paused.mentor, "Quiet")
        mentorship_services.mentorship_pause(mentorship=paused, by=mentee, reason="Leave")
    with at(START + timedelta(days=1, hours=1)):
        (digest,) = digest_now()
    assert digest.subject == "3 unread messages in 2 rooms"
    rooms = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert sorted(rooms) == [
        f"- Daniel ({second.focus}): 2 unread",
        f"- Maya ({first.focus}): 1 unread",
    ]
    assert paused.mentor.name not in digest.body


@pytest.mark.parametrize("rooms", [2, 20])
def test_the_digest_sweep_costs_the_same_queries_for_2_or_20_rooms(rooms):
    with at(START):
        for _ in range(rooms):
            mentorship = make_mentorship(stage="cultivation")
            post_message(mentorship, mentorship.mentor, "Hello")
    with at(START + timedelta(days=1, hours=1)), CaptureQueriesContext(connection) as queries:
        assert services.sweep("unread_digest") == rooms
    # two unread queries (one per role), the mentorships with their people, the insert (which
    # also decides the opt-outs). Was 8 (people apart, opt-outs apart, the insert in a
    # savepoint): fewer round trips are the point.
    assert len(queries) == 4
