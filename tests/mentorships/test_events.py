"""The events table: which listeners each event has, and how announcing behaves."""

import inspect
from dataclasses import dataclass

import pytest
from django.db import transaction

from menteo import events as registry
from menteo.events import AFTER_COMMIT, WITH_CHANGE, Event, announce, listen, listeners_table
from mentorships import events
from mentorships.models import MentorshipRequest
from mentorships.services import request_accept
from tests.factories import MentorshipRequestFactory

TELL = "notifications.notices.tell (with the change)"
SEND = "notifications.notices.send_soon (after the commit)"
SETTLE = "notifications.notices.settle_request_notice (with the change)"
CLOCK = "mentorships.listeners.move_activity_clock (with the change)"

# Every event and who listens, in call order. A change here is a change of behaviour: say it in
# the README's events table too.
EXPECTED = {
    "request sent": [TELL, SEND],
    "request accepted": [TELL, SEND, SETTLE],
    "request declined": [TELL, SEND, SETTLE],
    "request withdrawn": [TELL, SEND, SETTLE],
    "request expired": [TELL, SEND, SETTLE],
    "mentorship started": [
        "roadmaps.listeners.start_roadmap (with the change)",
        "rooms.listeners.open_room (with the change)",
    ],
    "contract edited": [TELL, SEND],
    "contract agreed by one": [TELL, SEND],
    "contract agreed by both": [
        "roadmaps.listeners.keep_agreed_roadmap (with the change)",
        TELL,
        SEND,
    ],
    "stage changed": [TELL, SEND],
    "mentorship paused": [TELL, SEND],
    "mentorship resumed": [TELL, SEND],
    "mentorship ended": [TELL, SEND],
    "feedback asked": [TELL, SEND],
    "relationship proposed": [TELL, SEND],
    "relationship confirmed": [TELL, SEND],
    "person left": [TELL, SEND],
    "message posted": [CLOCK],
    "post shared": [CLOCK],
    "comment posted": [TELL, SEND],
    "meeting planned": [TELL, SEND],
    "meeting moved": [TELL, SEND],
    "meeting cancelled": [TELL, SEND],
}


def test_the_listeners_of_every_event_are_pinned():
    assert listeners_table(events.EVENTS) == EXPECTED


def test_the_catalogue_lists_every_event_once():
    defined = {
        member
        for _, member in inspect.getmembers(events, inspect.isclass)
        if issubclass(member, Event) and member is not Event
    }
    assert set(events.EVENTS) == defined
    assert len(events.EVENTS) == len(defined)
    assert len({event.name for event in events.EVENTS}) == len(events.EVENTS)


@dataclass(frozen=True, kw_only=True)
class Rang(Event):
    name = "rang (a test event)"


@pytest.fixture
def heard():
    heard: list[tuple[str, Event]] = []

    @listen(Rang, phase=WITH_CHANGE)
    def now(event):
        heard.append(("now", event))

    @listen(Rang, phase=AFTER_COMMIT)
    def later(event):
        heard.append(("later", event))

    yield heard
    registry._LISTENERS.pop(Rang)


@pytest.mark.django_db(transaction=True)
def test_after_commit_listeners_hear_only_what_was_committed(heard):
    with transaction.atomic():
        announce(Rang(actor_id=None))
        assert [phase for phase, _ in heard] == ["now"]
    assert [phase for phase, _ in heard] == ["now", "later"]

    heard.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        announce(Rang(actor_id=None))
        raise RuntimeError("the change fails")
    assert [phase for phase, _ in heard] == ["now"]  # never "later": nothing happened


def test_a_listener_subscribes_once_however_often_apps_load(heard):
    def twice(event):
        pass

    listen(Rang)(twice)
    listen(Rang)(twice)
    assert len(listeners_table([Rang])[Rang.name]) == 3


def test_a_failing_listener_with_the_change_undoes_the_change(mentor, mentee, monkeypatch):
    """The room is created with the mentorship, or neither exists."""
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee)

    def broken(event):
        raise RuntimeError("no room today")

    listeners = [
        (phase, broken if listener.__name__ == "open_room" else listener)
        for phase, listener in registry._LISTENERS[events.MentorshipStarted]
    ]
    monkeypatch.setitem(registry._LISTENERS, events.MentorshipStarted, listeners)
    with pytest.raises(RuntimeError):
        request_accept(request_id=request.pk, by=mentor)
    request.refresh_from_db()
    assert request.status == MentorshipRequest.Status.PENDING
    assert not mentor.mentorships_as_mentor.exists()


def test_accepting_a_request_gives_the_mentorship_its_room_and_roadmap(mentor, mentee):
    request = MentorshipRequestFactory(mentor=mentor, mentee=mentee)
    mentorship = request_accept(request_id=request.pk, by=mentor)
    assert mentorship.room.pk
    assert mentorship.roadmap.title == request.focus
