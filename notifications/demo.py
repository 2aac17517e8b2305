"""The demo's notices: what each person heard while their pairs' stories were told.

The earlier parts build the demo through the real services, so every event recorded its notices
(acceptances, agreements, stage changes, pauses, endings, requests for feedback). They were
recorded as the demo was built, all at this minute; this part dates each one at the moment of
its event in the story and marks the older ones read, so a person's bell reads like theirs
would: a few recent, unread notices on top of a history.
"""

import uuid
from datetime import timedelta

from django.db.models import Min
from django.utils import timezone

from accounts.models import User
from menteo import demo
from mentorships.models import ENDED, Mentorship, MentorshipRequest, Stage, StageTransition
from notifications.models import Notification
from notifications.notices import occasion_key

UNREAD_FOR = timedelta(days=10)  # notices younger than this are still unread in the demo


TRANSITION_EVENTS = ("stage_changed", "mentorship_paused", "mentorship_resumed", "mentorship_ended")


@demo.register(order=80)
def date_notices(people: dict[str, User]) -> None:
    notices = list(Notification.objects.filter(recipient__in=people.values()))
    pairs = {n.mentorship_id for n in notices} - {None}
    mentorships = Mentorship.objects.in_bulk(pairs)
    transitions = StageTransition.objects.in_bulk(
        [int(_key(n)) for n in notices if _event(n) in TRANSITION_EVENTS]
    )
    first_cultivation = _first(pairs, Stage.CULTIVATION)
    ended = _first(pairs, ENDED)
    requests = MentorshipRequest.objects.in_bulk(
        [_key(n) for n in notices if _event(n).startswith("request_")]
    )
    now = timezone.now()
    dated = []
    for notice in notices:
        event, key, mentorship = _event(notice), _key(notice), mentorships.get(notice.mentorship_id)
        if event.startswith("request_") and (request := requests.get(uuid.UUID(key))):
            when = request.decided_at or request.created_at
        elif event in TRANSITION_EVENTS and (transition := transitions.get(int(key))):
            when = transition.created_at
        elif event.startswith("contract_") and mentorship:
            # Agreed just before the pair moved to Cultivation (or soon after the start).
            agreed = first_cultivation.get(mentorship.pk)
            when = agreed - timedelta(hours=2) if agreed else mentorship.started_at + timedelta(3)
        elif event == "feedback_asked" and mentorship:
            when = ended.get(mentorship.pk) or mentorship.stage_changed_at
        else:
            continue
        notice.created_at = when
        notice.sent_at = when if notice.sent_at else None
        notice.read_at = when + timedelta(hours=3) if now - when > UNREAD_FOR else None
        dated.append(notice)
    Notification.objects.bulk_update(dated, ["created_at", "sent_at", "read_at"], batch_size=500)


def _event(notice: Notification) -> str:
    """The event an occasion names: `stage_changed:42` -> "stage_changed"."""
    return notice.occasion.partition(":")[0]


def _key(notice: Notification) -> str:
    return occasion_key(notice.occasion)


def _first(pairs, to_stage: str) -> dict:
    """When each of `pairs` first moved to `to_stage`."""
    return dict(
        StageTransition.objects.filter(mentorship__in=pairs, to_stage=to_stage)
        .values_list("mentorship")
        .annotate(first=Min("created_at"))
    )
