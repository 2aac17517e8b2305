"""Several requests for one room at the same moment, each on its own database connection."""

import uuid

import pytest

from rooms.models import Message, Room
from tests.factories import make_mentorship, post_message
from tests.mentorships.test_lifecycle import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_resend_racing_the_first_send_stores_one_message():
    mentorship = make_mentorship(stage="cultivation")
    token = uuid.uuid4()
    results = run_at_once(
        *[lambda: post_message(mentorship, mentorship.mentee, "Hello", token=token)] * 4
    )
    assert all(isinstance(result, Message) for result in results), results
    assert len({result.pk for result in results}) == 1
    assert Message.objects.count() == 1
    assert Room.objects.get(mentorship=mentorship).revision == 1


def test_simultaneous_posts_get_ids_and_revisions_in_commit_order():
    mentorship = make_mentorship(stage="cultivation")
    people = [mentorship.mentor, mentorship.mentee] * 3
    results = run_at_once(
        *[lambda person=person: post_message(mentorship, person, "At once") for person in people]
    )
    assert all(isinstance(result, Message) for result in results), results
    by_id = sorted(results, key=lambda message: message.pk)
    assert [message.revision for message in by_id] == [1, 2, 3, 4, 5, 6]
    assert Room.objects.get(mentorship=mentorship).revision == 6
