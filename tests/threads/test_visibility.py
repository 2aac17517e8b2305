"""The visibility matrix: anonymous, outsider, mentor, author by public, mentorship, private, on
every page and feed that lists or shows posts."""

import pytest
from django.urls import reverse

from tests.factories import make_mentorship, make_post

pytestmark = pytest.mark.django_db

VISIBILITIES = ["public", "mentorship", "private"]
VIEWERS = ["anonymous", "outsider", "mentor", "author"]

# Who reads a post of each visibility where the rule applies (post page, thread, journey).
READERS = {
    "public": {"anonymous", "outsider", "mentor", "author"},
    "mentorship": {"mentor", "author"},
    "private": {"author"},
}


@pytest.fixture
def world(mentor, mentee, outsider):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="separation")
    posts = {
        visibility: make_post(
            mentorship=mentorship,
            visibility=visibility,
            title=f"Entry marked {visibility}",
            body=f"Body of the {visibility} entry",
            in_journey_record=True,
        )
        for visibility in VISIBILITIES
    }
    draft = make_post(
        mentorship=mentorship,
        visibility="public",
        title="Entry still a draft",
        published=False,
        in_journey_record=True,
    )
    people = {"anonymous": None, "outsider": outsider, "mentor": mentor, "author": mentee}
    return {"mentorship": mentorship, "posts": posts, "draft": draft, "people": people}


def log_in(client, world, viewer):
    person = world["people"][viewer]
    if person is not None:
        client.force_login(person)


def titles_in(content: bytes, world) -> set[str]:
    found = {v for v, post in world["posts"].items() if post.title.encode() in content}
    if world["draft"].title.encode() in content:
        found.add("draft")
    return found


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_the_post_page(client, world, viewer, visibility):
    log_in(client, world, viewer)
    response = client.get(world["posts"][visibility].get_absolute_url())
    if viewer in READERS[visibility]:
        assert response.status_code == 200
        assert world["posts"][visibility].title.encode() in response.content
    elif viewer == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("viewer", VIEWERS)
def test_a_draft_page_is_the_authors_alone(client, world, viewer):
    log_in(client, world, viewer)
    response = client.get(world["draft"].get_absolute_url())
    expected = {"author": 200, "anonymous": 302}.get(viewer, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_public_feed_and_its_search(client, world, viewer):
    log_in(client, world, viewer)
    assert titles_in(client.get(reverse("public_feed")).content, world) == {"public"}
    searched = client.get(reverse("public_feed"), {"q": "Entry marked"})
    assert titles_in(searched.content, world) == {"public"}
    assert titles_in(client.get(reverse("public_feed"), {"q": "Body of the"}).content, world) == {
        "public"
    }


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_public_page(client, world, viewer):
    log_in(client, world, viewer)
    author = world["people"]["author"]
    response = client.get(reverse("public_profile", args=[author.username]))
    assert response.status_code == 200
    assert titles_in(response.content, world) == {"public"}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_atom_feed(client, world, viewer):
    log_in(client, world, viewer)
    author = world["people"]["author"]
    response = client.get(reverse("public_profile_feed", args=[author.username]))
    assert titles_in(response.content, world) == {"public"}
    assert b"Body of the mentorship entry" not in response.content
    assert b"Body of the private entry" not in response.content


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_mentorship_thread(client, world, viewer):
    log_in(client, world, viewer)
    response = client.get(reverse("mentorship_thread", args=[world["mentorship"].pk]))
    if viewer == "anonymous":
        assert response.status_code == 302
        return
    if viewer == "outsider":
        assert response.status_code == 404
        return
    expected = {v for v in VISIBILITIES if viewer in READERS[v]}
    if viewer == "author":
        expected.add("draft")
    assert titles_in(response.content, world) == expected


@pytest.mark.parametrize("viewer", ["mentor", "author"])
def test_the_mentorship_page_panel(client, world, viewer):
    log_in(client, world, viewer)
    response = client.get(reverse("mentorship_detail", args=[world["mentorship"].pk]))
    expected = {v for v in VISIBILITIES if viewer in READERS[v]}
    assert titles_in(response.content, world) == expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_journey_record(client, world, viewer):
    log_in(client, world, viewer)
    response = client.get(reverse("journey_record", args=[world["mentorship"].pk]))
    if viewer == "anonymous":
        assert response.status_code == 302
        return
    if viewer == "outsider":
        assert response.status_code == 404
        return
    # The author's own selection form lists their posts by title: look at the record only.
    record = response.content.split(b'id="choose-heading"')[0]
    expected = {v for v in VISIBILITIES if viewer in READERS[v]}
    assert titles_in(record, world) == expected


def test_the_dashboard_counts_only_posts_the_pair_shares(client, world):
    client.force_login(world["people"]["mentor"])
    response = client.get(reverse("home"))
    # public and mentorship posts count; the private one and the draft do not
    assert b"2 in 8 weeks" in response.content


def test_a_mentorship_post_in_a_personal_journal_reaches_nobody_else(client, outsider, mentor):
    post = make_post(author=outsider, visibility="mentorship", title="Alone")
    client.force_login(mentor)
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(outsider)
    assert client.get(post.get_absolute_url()).status_code == 200
