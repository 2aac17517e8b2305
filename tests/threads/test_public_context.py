"""A public post shows what its author made public, not the pair's private contract goal or
roadmap milestone it is linked to: those are for the author and the pair only."""

import pytest
from django.urls import reverse

from tests.factories import MilestoneFactory, make_mentorship, make_post

pytestmark = pytest.mark.django_db

GOAL = "Hire two senior engineers by March"
MILESTONE = "Write the hiring scorecard"


@pytest.fixture
def public_post(mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")
    goal = mentorship.goals.first()
    goal.title = GOAL
    goal.save(update_fields=["title"])
    milestone = MilestoneFactory(roadmap=mentorship.roadmap, title=MILESTONE)
    return make_post(
        mentorship=mentorship,
        visibility="public",
        title="What I learned from my first hiring loop",
        goal=goal,
        milestone=milestone,
    )


def pages(post) -> list[str]:
    return [
        post.get_absolute_url(),
        reverse("public_feed"),
        reverse("public_profile", args=[post.author.username]),
        reverse("public_profile_feed", args=[post.author.username]),
    ]


def test_it_keeps_the_goal_and_milestone_from_anonymous_visitors(client, public_post):
    for url in pages(public_post):
        page = client.get(url).content.decode()
        assert public_post.title in page, url
        assert "{#" not in page and "shows_pair_context" not in page, url
        assert GOAL not in page and "goal:" not in page, url
        assert MILESTONE not in page and "milestone:" not in page, url


def test_it_keeps_them_from_a_signed_in_outsider(client, public_post, outsider):
    client.force_login(outsider)
    for url in pages(public_post):
        page = client.get(url).content.decode()
        assert public_post.title in page, url
        assert GOAL not in page and MILESTONE not in page, url


@pytest.mark.parametrize("who", ["mentor", "mentee"])
def test_the_pair_sees_them_on_the_post_and_in_their_thread(client, public_post, who):
    client.force_login(getattr(public_post.mentorship, who))
    for url in [
        public_post.get_absolute_url(),
        reverse("mentorship_thread", args=[public_post.mentorship.pk]),
    ]:
        page = client.get(url).content.decode()
        assert f"goal: {GOAL}" in page, url
        assert f"milestone: {MILESTONE}" in page, url


def test_the_public_lists_show_them_to_nobody(client, public_post):
    # The feed and the public page are public pages, whoever reads them.
    client.force_login(public_post.author)
    for url in pages(public_post)[1:]:
        assert GOAL not in client.get(url).content.decode(), url
