import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from menteo.errors import Conflict, Invalid, NotAllowed
from rooms import selectors, services
from rooms.models import MAX_MESSAGE_LENGTH, Message, ReadMarker, Room
from tests.factories import UserFactory, make_mentorship, post_message, room_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship(mentor, mentee):
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def test_a_new_mentorship_starts_with_its_room(mentorship):
    assert Room.objects.filter(mentorship=mentorship).count() == 1


def test_the_migration_gives_older_mentorships_a_room_once(mentorship):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("rooms.migrations.0002_create_rooms_for_existing_mentorships")
    older = make_mentorship()
    Room.objects.filter(mentorship=older).delete()
    migration.create_rooms(apps, None)
    migration.create_rooms(apps, None)
    assert Room.objects.filter(mentorship=older).count() == 1
    assert Room.objects.filter(mentorship=mentorship).count() == 1


def test_a_message_is_stored_with_its_rendered_markdown(mentorship, mentee):
    message = post_message(mentorship, mentee, "  I shipped **the migration**!  ")
    assert message.body == "I shipped **the migration**!"
    assert message.body_html == "<p>I shipped <strong>the migration</strong>!</p>\n"
    assert message.author == mentee


def test_a_single_line_break_is_kept_as_in_a_chat(mentorship, mentee):
    message = post_message(mentorship, mentee, "First line\nsecond line")
    assert message.body_html == "<p>First line<br>\nsecond line</p>\n"


def test_the_same_token_twice_is_one_message(mentorship, mentee):
    token = uuid.uuid4()
    first = post_message(mentorship, mentee, "Hello", token=token)
    again = post_message(mentorship, mentee, "Hello", token=token)
    assert again.pk == first.pk
    assert Message.objects.count() == 1
    assert room_of(mentorship).revision == 1


def test_the_database_refuses_a_second_message_with_one_token(mentorship, mentee):
    token = uuid.uuid4()
    post_message(mentorship, mentee, "Hello", token=token)
    with pytest.raises(IntegrityError):
        Message.objects.create(
            room=room_of(mentorship), author=mentee, body="x", client_token=token
        )


def test_another_persons_token_is_refused(mentorship, mentor, mentee):
    token = uuid.uuid4()
    post_message(mentorship, mentee, "Hello", token=token)
    with pytest.raises(Conflict):
        post_message(mentorship, mentor, "Hi", token=token)
    assert Message.objects.count() == 1


def test_messages_keep_their_posting_order_and_raise_the_revision(mentorship, mentor, mentee):
    first = post_message(mentorship, mentee, "one")
    second = post_message(mentorship, mentor, "two")
    third = post_message(mentorship, mentee, "three")
    assert first.pk < second.pk < third.pk
    assert [first.revision, second.revision, third.revision] == [1, 2, 3]
    assert [m.body for m in Message.objects.all()] == ["one", "two", "three"]


def test_an_outsider_cannot_post(mentorship, outsider):
    with pytest.raises(NotAllowed):
        post_message(mentorship, outsider, "Let me in")


@pytest.mark.parametrize("body", ["", "   \n  "])
def test_an_empty_message_is_refused(mentorship, mentee, body):
    with pytest.raises(Invalid, match="Write something"):
        post_message(mentorship, mentee, body)


def test_a_message_over_the_limit_is_refused_with_its_length(mentorship, mentee):
    with pytest.raises(Invalid, match=f"at most {MAX_MESSAGE_LENGTH}"):
        post_message(mentorship, mentee, "x" * (MAX_MESSAGE_LENGTH + 1))
    assert not Message.objects.exists()


def test_an_ended_mentorships_room_is_read_only_and_kept(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    message = post_message(mentorship, mentee, "Thanks for everything")
    from mentorships.services import mentorship_end

    mentorship_end(mentorship=mentorship, by=mentee, reason="Changed jobs.")
    with pytest.raises(Conflict, match="read-only"):
        post_message(mentorship, mentor, "Good luck")
    room = room_of(mentorship)
    with pytest.raises(Conflict, match="read-only"):
        services.message_edit(room=room, message_id=message.pk, by=mentee, body="Edited")
    with pytest.raises(Conflict, match="read-only"):
        services.message_delete(room=room, message_id=message.pk, by=mentee)
    assert list(Message.objects.values_list("body", flat=True)) == ["Thanks for everything"]


def test_a_message_can_be_edited_within_fifteen_minutes(mentorship, mentee):
    message = post_message(mentorship, mentee, "Draft")
    with time_machine.travel(timezone.now() + timedelta(minutes=14)):
        edited = services.message_edit(
            room=room_of(mentorship), message_id=message.pk, by=mentee, body="Final *text*"
        )
    assert edited.body_html == "<p>Final <em>text</em></p>\n"
    assert edited.edited_at is not None
    assert edited.revision == 2


def test_after_fifteen_minutes_a_message_stays_as_it_is(mentorship, mentee):
    message = post_message(mentorship, mentee, "Draft")
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=16)),
        pytest.raises(Conflict, match="15 minutes"),
    ):
        services.message_edit(
            room=room_of(mentorship), message_id=message.pk, by=mentee, body="Late"
        )
    message.refresh_from_db()
    assert message.body == "Draft"


def test_only_the_author_edits_or_deletes(mentorship, mentor, mentee):
    message = post_message(mentorship, mentee, "Mine")
    room = room_of(mentorship)
    with pytest.raises(NotAllowed):
        services.message_edit(room=room, message_id=message.pk, by=mentor, body="Hijack")
    with pytest.raises(NotAllowed):
        services.message_delete(room=room, message_id=message.pk, by=mentor)


def test_a_deleted_message_keeps_its_place_but_loses_its_text(mentorship, mentee, mentor):
    message = post_message(mentorship, mentee, "Oops, wrong room")
    later = post_message(mentorship, mentor, "Later")
    deleted = services.message_delete(room=room_of(mentorship), message_id=message.pk, by=mentee)
    assert deleted.is_deleted and deleted.body == "" and deleted.body_html == ""
    assert deleted.revision == 3
    assert list(Message.objects.values_list("pk", flat=True)) == [message.pk, later.pk]
    with pytest.raises(Conflict, match="deleted"):
        services.message_edit(room=room_of(mentorship), message_id=message.pk, by=mentee, body="x")


def test_staff_can_hide_any_message(mentorship, mentee):
    message = post_message(mentorship, mentee, "Something to moderate")
    hidden = services.message_hide(room=room_of(mentorship), message_id=message.pk)
    assert hidden.is_deleted and hidden.body == ""


def test_a_former_member_leaves_their_messages(mentorship, mentee, mentor):
    message = post_message(mentorship, mentee, "Still useful advice")
    Message.objects.filter(pk=message.pk).update(author=None)  # as account deletion does
    message.refresh_from_db()
    assert message.body == "Still useful advice" and message.author is None


# Read markers and unread counts --------------------------------------------------------


def test_posting_marks_ones_own_message_read(mentorship, mentee):
    message = post_message(mentorship, mentee, "Hi")
    assert ReadMarker.objects.get(user=mentee).last_read_message_id == message.pk


def test_unread_counts_the_other_persons_messages_after_the_marker(mentorship, mentor, mentee):
    room = room_of(mentorship)
    first = post_message(mentorship, mentor, "one")
    post_message(mentorship, mentor, "two")
    post_message(mentorship, mentee, "mine")  # moves the mentee's marker past everything
    assert selectors.unread_counts(mentee) == {}
    assert selectors.unread_counts(mentor) == {room.pk: 1}
    ReadMarker.objects.filter(user=mentee).update(last_read_message_id=first.pk)
    assert selectors.unread_counts(mentee) == {room.pk: 1}


def test_deleted_messages_are_not_unread(mentorship, mentor, mentee):
    message = post_message(mentorship, mentor, "one")
    services.message_delete(room=room_of(mentorship), message_id=message.pk, by=mentor)
    assert selectors.unread_counts(mentee) == {}


def test_the_read_marker_never_moves_back(mentorship, mentor, mentee):
    room = room_of(mentorship)
    first = post_message(mentorship, mentor, "one")
    second = post_message(mentorship, mentor, "two")
    services.mark_read_in(room_id=room.pk, user=mentee, message_id=second.pk)
    services.mark_read_in(room_id=room.pk, user=mentee, message_id=first.pk)
    assert ReadMarker.objects.get(user=mentee).last_read_message_id == second.pk


def test_unread_by_person_lists_every_person_and_room_for_the_digest(mentor, mentee):
    first = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    other_mentee = UserFactory()
    second = make_mentorship(mentor=mentor, mentee=other_mentee, stage="cultivation")
    post_message(first, mentor, "For Sam")
    post_message(first, mentor, "For Sam again")
    post_message(second, other_mentee, "For Maya")
    ended = make_mentorship(mentor=mentor, stage="cultivation")
    post_message(ended, mentor, "Unread, but the mentorship ends")
    from mentorships.services import mentorship_end

    mentorship_end(mentorship=ended, by=mentor, reason="Moved on.")
    rows = {(row["user_id"], row["mentorship_id"]): row for row in selectors.unread_by_person()}
    assert set(rows) == {(mentee.pk, first.pk), (mentor.pk, second.pk)}
    assert rows[(mentee.pk, first.pk)]["unread"] == 2
    assert rows[(mentee.pk, first.pk)]["latest_at"] is not None
    assert len(selectors.unread_by_person(include_ended=True)) == 3


def test_unread_by_person_takes_two_queries_whatever_the_number_of_rooms(
    mentor, django_assert_num_queries
):
    for _ in range(3):
        mentorship = make_mentorship(mentor=mentor, stage="cultivation")
        post_message(mentorship, mentor, "Hello")
    with django_assert_num_queries(2):
        assert len(selectors.unread_by_person()) == 3


def test_search_finds_words_by_their_stem(mentorship, mentor, mentee):
    post_message(mentorship, mentee, "I am preparing the promotion case")
    post_message(mentorship, mentor, "Let's talk about hiring")
    deleted = post_message(mentorship, mentee, "promotion secret")
    services.message_delete(room=room_of(mentorship), message_id=deleted.pk, by=mentee)
    found = selectors.search_messages(room_of(mentorship), "promotions")
    assert [m.body for m in found] == ["I am preparing the promotion case"]
    assert selectors.search_messages(room_of(mentorship), "-hiring promotion") == found
