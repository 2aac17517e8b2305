"""Domain events: a service says what happened, the apps that care listen.

The core (`mentorships`) and the features announce events; features subscribe to them in their
`AppConfig.ready()`, so the announcer never imports its listeners and dependencies point one
way. `mentorships/events.py` lists every event; `listeners_table()` says who listens to each,
and tests/mentorships/test_events.py pins that table.

A listener runs in one of two phases:
- `WITH_CHANGE`: at once, inside the announcer's transaction. For what must exist with the change
  or not at all: the room of a new mentorship, the roadmap snapshot of an agreed contract, the
  notification rows (the outbox: an email is recorded with the change that caused it, so a
  crash or a broker outage between the commit and the listener can never lose it). An error
  here rolls the whole change back.
- `AFTER_COMMIT`: once the change is committed (`transaction.on_commit`), never if it rolls
  back. For work outside the database: queueing the delivery of the notices' emails.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.db import transaction

WITH_CHANGE = "with the change"
AFTER_COMMIT = "after the commit"


@dataclass(frozen=True, kw_only=True)
class Event:
    """Something that happened. Subclasses add the ids a listener needs to re-read it; `actor_id`
    is the person who did it (None for the scheduler), whom no notification ever reaches."""

    name: ClassVar[str]
    actor_id: int | None


Listener = Callable[[Event], None]

_LISTENERS: dict[type[Event], list[tuple[str, Listener]]] = {}


def listen(*event_types: type[Event], phase: str = WITH_CHANGE) -> Callable[[Listener], Listener]:
    """Decorator: call the function with each announced event of `event_types`, in `phase`."""
    if phase not in (WITH_CHANGE, AFTER_COMMIT):
        raise ValueError(f"Unknown phase {phase!r}")

    def subscribe(listener: Listener) -> Listener:
        for event_type in event_types:
            registered = _LISTENERS.setdefault(event_type, [])
            # AppConfig.ready() may run twice (tests that reload apps): subscribe once.
            if (phase, listener) not in registered and all(
                _name(known) != _name(listener) for _, known in registered
            ):
                registered.append((phase, listener))
        return listener

    return subscribe


def announce(event: Event) -> None:
    """Tell the listeners of `event`: `WITH_CHANGE` ones now, `AFTER_COMMIT` ones on commit.
    Call it inside the transaction that made the change."""
    for phase, listener in _LISTENERS.get(type(event), ()):
        if phase == WITH_CHANGE:
            listener(event)
        else:
            transaction.on_commit(lambda listener=listener: listener(event))


def _name(listener: Listener) -> str:
    return f"{listener.__module__}.{listener.__qualname__}"


def listeners_table(event_types: list[type[Event]]) -> dict[str, list[str]]:
    """Each event's name and its listeners, as "module.function (phase)", in call order."""
    return {
        event_type.name: [
            f"{_name(listener)} ({phase})" for phase, listener in _LISTENERS.get(event_type, ())
        ]
        for event_type in event_types
    }
