"""The navigation's counts (a fixed SQL statement) match the ORM's definitions."""

import pytest
from django.utils import timezone

from mentorships.models import Mentorship
from mentorships.services import mentorship_end
from notifications.models import Notification
from notifications.selectors import navigation_counts
from rooms import services
from rooms.selectors import unread_counts
from tests.factories import NotificationFactory, make_mentorship, post_message, room_of

pytestmark = pytest.mark.django_db


def orm_counts(user) -> dict[str, int]:
    live_rooms = set(
        Mentorship.objects.filter(ended_at__isnull=True).values_list("room__pk", flat=True)
    )
    return {
        "notifications": Notification.objects.filter(recipient=user, read_at=None).count(),
        "room_messages": sum(
            count for room, count in unread_counts(user).items() if room in live_rooms
        ),
    }


def test_the_counts_match_the_orm_definitions(mentor, mentee, outsider):
    first = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    post_message(first, mentee, "mine")  # posting also reads up to one's own message
    read = post_message(first, mentor, "read")
    post_message(first, mentor, "unread")
    doomed = post_message(first, mentor, "deleted")
    services.mark_read_in(room_id=room_of(first).pk, user=mentee, message_id=read.pk)
    services.message_delete(room=room_of(first), message_id=doomed.pk, by=mentor)
    second = make_mentorship(mentee=mentee, stage="initiation")
    post_message(second, second.mentor, "one")
    post_message(second, second.mentor, "two")
    ended = make_mentorship(mentee=mentee, stage="cultivation")
    post_message(ended, ended.mentor, "in a closed room")
    mentorship_end(mentorship=ended, by=ended.mentor, reason="Done")
    others = make_mentorship(mentee=outsider, stage="cultivation")
    post_message(others, others.mentor, "not theirs")
    NotificationFactory.create_batch(2, recipient=mentee)
    NotificationFactory(recipient=mentee, read_at=timezone.now())
    NotificationFactory(recipient=outsider)

    assert (
        navigation_counts(mentee)
        == orm_counts(mentee)
        == {
            "notifications": 4,  # two made here, and the ending's: it ended, feedback asked
            "room_messages": 3,
        }
    )
    # the mentor read the mentee's message by posting after it
    assert (
        navigation_counts(mentor)
        == orm_counts(mentor)
        == {
            "notifications": 0,
            "room_messages": 0,
        }
    )
    assert navigation_counts(outsider)["room_messages"] == 1


def test_someone_with_nothing_has_zeros(outsider):
    assert navigation_counts(outsider) == {"notifications": 0, "room_messages": 0}
