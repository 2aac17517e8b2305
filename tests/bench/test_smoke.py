"""The benchmark instruments still run (a smoke test at scale 20; no figure is asserted)."""

import pytest
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from bench import generate, queries
from mentorships.activity import last_activity
from mentorships.models import Goal, GoalAcknowledgement, Mentorship, Stage, StageTransition
from rooms.models import Message, ReadMarker, Room
from threads.models import Comment, Post, Visibility

pytestmark = pytest.mark.django_db


def test_it_generates_data_that_follows_the_lifecycle_and_measures_every_page():
    counts = generate.populate(20)

    assert counts["mentorships.Mentorship"] == 25  # 20 and the five of the probe set
    mentorships = Mentorship.objects.select_related("current_contract").annotate(
        starts=Count("transitions", filter=Q(transitions__from_stage=""), distinct=True),
        goal_count=Count("goals", filter=Q(goals__cycle=1), distinct=True),
    )
    for mentorship in mentorships:
        contract = mentorship.current_contract
        assert contract.mentorship_id == mentorship.pk
        assert contract.cycle == mentorship.cycle
        assert mentorship.starts == 1
        assert mentorship.is_ended == bool(mentorship.end_reason)
        if mentorship.stage != Stage.INITIATION:
            assert 3 <= mentorship.goal_count <= 5
            assert StageTransition.objects.filter(
                mentorship=mentorship, to_stage=Stage.CULTIVATION
            ).exists()
        if mentorship.stage == Stage.REDEFINITION:
            goals = Goal.objects.filter(mentorship=mentorship, cycle=mentorship.cycle)
            assert GoalAcknowledgement.objects.filter(goal__in=goals).count() == 2 * len(goals)

    # Rooms: one per mentorship, revisions as the services keep them, read markers in range.
    rooms = Room.objects.annotate(count=Count("messages"), last=Max("messages__id"))
    assert rooms.count() == 25
    for room in rooms:
        assert room.revision >= room.count
        if room.count:
            assert (
                Message.objects.filter(room=room).aggregate(Max("revision"))["revision__max"]
                == room.revision
            )
    for marker in ReadMarker.objects.select_related("room"):
        assert marker.last_read_message_id <= rooms.get(pk=marker.room_id).last
    # Threads: posts repeat their thread's author and mentorship; comments only where seen.
    for post in Post.objects.select_related("thread"):
        assert (post.author_id, post.mentorship_id) == (
            post.thread.author_id,
            post.thread.mentorship_id,
        )
    assert not Comment.objects.filter(post__visibility=Visibility.PRIVATE).exists()
    # Each pair's stored last activity is its definition, as the services would have kept it.
    mismatched = Mentorship.objects.annotate(computed=last_activity(timezone.now())).exclude(
        last_activity_at=F("computed")
    )
    assert not mismatched.exists()

    results = queries.measure(runs=0, warm=False)
    assert {name for name, *_ in queries.PAGES} == set(results)
    # the poll with the page's token is answered from the cache; every other page reads
    fast_poll = results.pop("room poll, nothing new")
    assert (fast_poll["status"], fast_poll["queries"]) == (204, 0)
    for name, figures in results.items():
        assert figures["status"] in queries.OK_STATUS, name
        assert figures["queries"] > 0, name
