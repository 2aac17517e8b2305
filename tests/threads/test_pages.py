"""The pair's pages stay at a constant number of queries, and the rhythm is computed right."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import make_mentorship, make_post
from threads.models import Comment
from threads.templatetags.threads import weekly_counts

pytestmark = pytest.mark.django_db


def fill(mentorship, count: int) -> None:
    for index in range(count):
        post = make_post(
            mentorship=mentorship,
            title=f"Entry {index}",
            visibility=["public", "mentorship", "private"][index % 3],
            goal=mentorship.goals.first(),
        )
        Comment.objects.create(post=post, author=mentorship.mentor, body="Feedback")


@pytest.mark.parametrize("count", [5, 60])
def test_the_thread_page_query_count_does_not_grow(
    client, mentor, mentee, count, django_assert_num_queries
):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    fill(mentorship, count)
    client.force_login(mentee)
    client.get(reverse("home"))
    # session, user, mentorship, unread notifications, count, page of posts, their comments
    with django_assert_num_queries(7):
        response = client.get(reverse("mentorship_thread", args=[mentorship.pk]))
    assert len(response.context["page"]) == min(count, 20)


@pytest.mark.parametrize("count", [5, 60])
def test_the_mentorship_page_panel_adds_two_queries(
    client, mentor, mentee, count, django_assert_num_queries
):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    fill(mentorship, count)
    client.force_login(mentor)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("mentorship_detail", args=[mentorship.pk]))
    thread_queries = [q for q in queries.captured_queries if "threads_post" in q["sql"]]
    # the mentorship row (with last_shared_post_at), recent shared posts, latest posts
    assert len(thread_queries) == 3


def test_the_post_page_query_count(client, mentor, mentee, django_assert_num_queries):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    fill(mentorship, 1)
    post = mentorship.thread_posts.get()
    for _ in range(10):
        Comment.objects.create(post=post, author=mentee, body="More")
    client.force_login(mentor)
    client.get(reverse("home"))
    # session, user, unread notifications, post, comments with authors
    with django_assert_num_queries(5):
        client.get(post.get_absolute_url())


def test_weekly_counts_put_each_post_in_its_week():
    today = date(2026, 11, 25)

    def at(days_ago: int) -> datetime:
        day = today - timedelta(days=days_ago)
        return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)

    counts = weekly_counts([at(0), at(6), at(7), at(20), at(55), at(56)], today=today)
    assert counts == [1, 0, 0, 0, 0, 1, 1, 2]
