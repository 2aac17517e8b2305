"""Every event Menteo announces, in one place.

The core's services announce the lifecycle events; the features announce theirs (a room
message, a meeting, a comment) through the same catalogue, so any app may listen to any event
without importing the app that announced it. Each event carries ids (listeners re-read what
they need) and the few words a listener cannot re-read (a reason given once).

Who listens: `menteo.events.listeners_table(EVENTS)`, pinned by tests/mentorships/test_events.py.
Who hears what (bell and email): `notifications/notices.py`.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from menteo.events import Event

# Requests -------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RequestSent(Event):
    name = "request sent"
    request_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class RequestAccepted(Event):
    name = "request accepted"
    request_id: uuid.UUID
    mentorship_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class RequestDeclined(Event):
    """`leaving`: declined because the mentor deleted their account."""

    name = "request declined"
    request_id: uuid.UUID
    leaving: bool = False


@dataclass(frozen=True, kw_only=True)
class RequestWithdrawn(Event):
    """`leaving`: withdrawn because the mentee deleted their account."""

    name = "request withdrawn"
    request_id: uuid.UUID
    leaving: bool = False


@dataclass(frozen=True, kw_only=True)
class RequestExpired(Event):
    name = "request expired"
    request_id: uuid.UUID


# The mentorship -------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MentorshipStarted(Event):
    name = "mentorship started"
    mentorship_id: uuid.UUID


@dataclass(frozen=True, kw_only=True)
class ContractEdited(Event):
    """A change of the contract. When somebody had agreed to the version it replaces, it is a
    new version and their agreement is cleared: `cleared_for` are their ids."""

    name = "contract edited"
    mentorship_id: uuid.UUID
    contract_id: int
    cleared_for: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ContractAgreedByOne(Event):
    name = "contract agreed by one"
    mentorship_id: uuid.UUID
    contract_id: int


@dataclass(frozen=True, kw_only=True)
class ContractAgreedByBoth(Event):
    name = "contract agreed by both"
    mentorship_id: uuid.UUID
    contract_id: int


@dataclass(frozen=True, kw_only=True)
class StageChanged(Event):
    name = "stage changed"
    mentorship_id: uuid.UUID
    transition_id: int
    from_stage: str
    to_stage: str
    note: str


@dataclass(frozen=True, kw_only=True)
class MentorshipPaused(Event):
    name = "mentorship paused"
    mentorship_id: uuid.UUID
    transition_id: int
    reason: str
    resume_on: date | None


@dataclass(frozen=True, kw_only=True)
class MentorshipResumed(Event):
    """`actor_id` is None when the planned resume date resumed it."""

    name = "mentorship resumed"
    mentorship_id: uuid.UUID
    transition_id: int


@dataclass(frozen=True, kw_only=True)
class MentorshipEnded(Event):
    name = "mentorship ended"
    mentorship_id: uuid.UUID
    transition_id: int
    reason: str


@dataclass(frozen=True, kw_only=True)
class FeedbackAsked(Event):
    """The pair reached the end or Redefinition (`occasion`): each person is asked for private
    feedback. The actor is the person who ended it or moved it on; they give theirs on the
    page in front of them."""

    name = "feedback asked"
    mentorship_id: uuid.UUID
    occasion: str
    cycle: int


@dataclass(frozen=True, kw_only=True)
class RelationshipProposed(Event):
    """In Redefinition one person proposes what the relationship becomes and how often the pair
    checks in; the other confirms it or proposes something else."""

    name = "relationship proposed"
    mentorship_id: uuid.UUID
    relationship: str
    checkin_rhythm: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class RelationshipConfirmed(Event):
    name = "relationship confirmed"
    mentorship_id: uuid.UUID
    relationship: str
    checkin_rhythm: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class PersonLeft(Event):
    """A person deleted their account while this mentorship was live; it ended with it."""

    name = "person left"
    mentorship_id: uuid.UUID
    leaver_name: str


# Signs of life from the features ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MessagePosted(Event):
    name = "message posted"
    mentorship_id: uuid.UUID
    message_id: int
    at: datetime


@dataclass(frozen=True, kw_only=True)
class PostShared(Event):
    """A growth-thread post became visible to the mentor: published shared with the pair or
    public, or made so later."""

    name = "post shared"
    mentorship_id: uuid.UUID
    post_id: int
    at: datetime


@dataclass(frozen=True, kw_only=True)
class CommentPosted(Event):
    """A comment on a growth-thread post: the mentor's feedback, or the author's own note."""

    name = "comment posted"
    mentorship_id: uuid.UUID | None
    comment_id: int


@dataclass(frozen=True, kw_only=True)
class MeetingPlanned(Event):
    name = "meeting planned"
    mentorship_id: uuid.UUID
    meeting_id: int


@dataclass(frozen=True, kw_only=True)
class MeetingMoved(Event):
    name = "meeting moved"
    mentorship_id: uuid.UUID
    meeting_id: int


@dataclass(frozen=True, kw_only=True)
class MeetingCancelled(Event):
    name = "meeting cancelled"
    mentorship_id: uuid.UUID
    meeting_id: int


EVENTS: list[type[Event]] = [
    RequestSent,
    RequestAccepted,
    RequestDeclined,
    RequestWithdrawn,
    RequestExpired,
    MentorshipStarted,
    ContractEdited,
    ContractAgreedByOne,
    ContractAgreedByBoth,
    StageChanged,
    MentorshipPaused,
    MentorshipResumed,
    MentorshipEnded,
    FeedbackAsked,
    RelationshipProposed,
    RelationshipConfirmed,
    PersonLeft,
    MessagePosted,
    PostShared,
    CommentPosted,
    MeetingPlanned,
    MeetingMoved,
    MeetingCancelled,
]
