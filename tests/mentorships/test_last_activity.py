"""The stored `Mentorship.last_activity_at`: kept by the services that create activity, never
moved back, and equal to its definition (`mentorships.activity.last_activity`), which the
migration's backfill follows too."""

import importlib
from datetime import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from meetings import services as meetings
from meetings.models import Meeting
from mentorships import services
from mentorships.activity import last_activity
from mentorships.models import Mentorship, Stage
from tests.factories import UserFactory, make_mentorship, post_message
from tests.mentorships.timeline import day
from threads import services as threads
from threads.models import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(clock):
    return make_mentorship(stage="cultivation", agreed=True)


def stored(mentorship) -> datetime:
    return Mentorship.objects.values_list("last_activity_at", flat=True).get(pk=mentorship.pk)


def computed(mentorship, now=None) -> datetime:
    return (
        Mentorship.objects.annotate(last=last_activity(now or timezone.now()))
        .values_list("last", flat=True)
        .get(pk=mentorship.pk)
    )


def publish(mentorship, visibility=Visibility.MENTORSHIP, publish=True):
    return threads.post_create(
        author=mentorship.mentee,
        mentorship=mentorship,
        title="What I learned",
        body="Delegating the billing migration.",
        kind="reflection",
        visibility=visibility,
        publish=publish,
    )


# Each service that creates activity keeps the column ----------------------------------------


def test_it_starts_at_the_start(clock):
    mentorship = services.mentorship_create(
        mentor=UserFactory(),
        mentee=UserFactory(),
        focus_area="leadership",
        focus="Lead a team",
        started_at=day(-3),
    )
    assert stored(mentorship) == day(-3)


def test_a_change_of_stage_counts(clock):
    mentorship = make_mentorship(stage="initiation", agreed=True)
    clock.move_to(day(5))
    moved = services.transition(mentorship=mentorship, to=Stage.CULTIVATION, by=mentorship.mentor)
    assert stored(mentorship) == moved.last_activity_at == day(5)


def test_a_room_message_counts(pair, clock):
    clock.move_to(day(3))
    message = post_message(pair, pair.mentee)
    assert stored(pair) == message.created_at == day(3)


def test_a_post_counts_once_published_and_shared_with_the_pair(pair, clock):
    clock.move_to(day(2))
    publish(pair, Visibility.PRIVATE)
    draft = publish(pair, publish=False)
    assert stored(pair) == day(0)
    clock.move_to(day(4))
    publish(pair, Visibility.PUBLIC)
    assert stored(pair) == day(4)
    clock.move_to(day(6))
    threads.post_update(
        post=draft,
        by=pair.mentee,
        title=draft.title,
        body=draft.body,
        kind=draft.kind,
        visibility=Visibility.MENTORSHIP,
    )
    assert stored(pair) == day(6)


def test_a_private_note_shared_later_counts_from_when_it_was_published(pair, clock):
    clock.move_to(day(2))
    note = publish(pair, Visibility.PRIVATE)
    clock.move_to(day(3))
    post_message(pair, pair.mentor)
    clock.move_to(day(9))
    threads.post_update(
        post=note,
        by=pair.mentee,
        title=note.title,
        body=note.body,
        kind=note.kind,
        visibility=Visibility.MENTORSHIP,
    )
    assert stored(pair) == day(3) == computed(pair)  # the note says day 2: no step back


def test_a_meeting_counts_from_its_start_once_held_or_started(pair, clock):
    first = meetings.meeting_plan(mentorship=pair, by=pair.mentor, starts_at=day(3))
    second = meetings.meeting_plan(mentorship=pair, by=pair.mentor, starts_at=day(8))
    cancelled = meetings.meeting_plan(mentorship=pair, by=pair.mentor, starts_at=day(12))
    meetings.meeting_cancel(meeting=cancelled, by=pair.mentee)
    assert stored(pair) == day(0)  # planning is no sign yet: the meeting may not happen
    clock.move_to(day(4))
    meetings.meeting_record(meeting=first, by=pair.mentor, notes="Good talk.", actions=[])
    assert stored(pair) == day(3)
    clock.move_to(day(13))
    assert meetings.meetings_count_started() == 1  # nobody recorded the second one
    assert stored(pair) == day(8) == computed(pair)
    assert meetings.meetings_count_started() == 0
    assert second.pk in Meeting.objects.filter(status=Meeting.Status.PLANNED).values_list(
        "pk", flat=True
    )


def test_the_accountability_sweep_counts_the_meetings_that_have_started(pair, clock):
    from notifications import services as notifications

    meetings.meeting_plan(mentorship=pair, by=pair.mentor, starts_at=day(10))
    clock.move_to(day(20))
    notifications.sweep("accountability_nudge")
    assert stored(pair) == day(10)


# Never backwards -----------------------------------------------------------------------------


def test_it_never_goes_backwards(pair, clock):
    clock.move_to(day(5))
    post_message(pair, pair.mentee)
    services.mentorship_touch(mentorship=pair, when=day(2))
    assert stored(pair) == day(5)
    services.mentorship_touch(mentorship=pair, when=day(5))
    assert stored(pair) == day(5)
    services.mentorship_touch(mentorship=pair, when=day(6))
    assert stored(pair) == pair.last_activity_at == day(6)


def test_a_late_meeting_catch_up_never_goes_backwards(pair, clock):
    meetings.meeting_plan(mentorship=pair, by=pair.mentor, starts_at=day(2))
    clock.move_to(day(5))
    post_message(pair, pair.mentee)
    assert meetings.meetings_count_started() == 0
    assert stored(pair) == day(5)


def test_a_touch_is_one_query(pair, django_assert_num_queries):
    with django_assert_num_queries(1):
        services.mentorship_touch(mentorship=pair, when=day(1))


# The stored column and its definition ------------------------------------------------------


@pytest.fixture
def lively_program(clock):
    """Four pairs with a mix of every kind of activity, at different times."""
    quiet = make_mentorship(stage="cultivation", agreed=True)
    talking = make_mentorship(stage="cultivation", agreed=True)
    meeting = make_mentorship(stage="cultivation", agreed=True)
    moving = make_mentorship(stage="initiation", agreed=True)
    clock.move_to(day(1))
    meetings.meeting_plan(mentorship=meeting, by=meeting.mentor, starts_at=day(6))
    held = meetings.meeting_plan(mentorship=meeting, by=meeting.mentor, starts_at=day(3))
    later = meetings.meeting_plan(mentorship=meeting, by=meeting.mentor, starts_at=day(40))
    dropped = meetings.meeting_plan(mentorship=talking, by=talking.mentor, starts_at=day(7))
    clock.move_to(day(2))
    post_message(talking, talking.mentee)
    publish(quiet, Visibility.PRIVATE)
    publish(talking, publish=False)
    clock.move_to(day(4))
    meetings.meeting_record(meeting=held, by=meeting.mentee, notes="Notes.", actions=[])
    meetings.meeting_cancel(meeting=dropped, by=talking.mentor)
    publish(talking, Visibility.PUBLIC)
    clock.move_to(day(8))
    post_message(talking, talking.mentor)
    services.transition(mentorship=moving, to=Stage.CULTIVATION, by=moving.mentor)
    clock.move_to(day(9))
    meetings.meetings_count_started()
    clock.move_to(day(10))
    assert later.starts_at > timezone.now()
    return {"quiet": quiet, "talking": talking, "meeting": meeting, "moving": moving}


def test_the_stored_column_equals_its_definition(lively_program):
    expected = {"quiet": day(0), "talking": day(8), "meeting": day(6), "moving": day(8)}
    for name, mentorship in lively_program.items():
        assert (name, stored(mentorship)) == (name, computed(mentorship))
        assert (name, stored(mentorship)) == (name, expected[name])


def test_the_migration_backfills_with_the_same_definition(lively_program):
    migration = importlib.import_module("mentorships.migrations.0003_mentorship_last_activity_at")
    Mentorship.objects.update(last_activity_at=day(-100))
    migration.backfill(apps, None)
    for mentorship in lively_program.values():
        assert stored(mentorship) == computed(mentorship)


def test_a_recount_sets_the_definition_for_data_written_around_the_services(lively_program):
    Mentorship.objects.update(last_activity_at=day(99))
    services.mentorships_recount_activity()
    for mentorship in lively_program.values():
        assert stored(mentorship) == computed(mentorship)
