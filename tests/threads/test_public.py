"""The public feed, a person's public page and their Atom feed."""

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_mentorship, make_post

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def author():
    return UserFactory(username="samlee", display_name="Sam Lee", headline="Senior engineer")


def test_the_atom_feed_is_valid_and_holds_only_public_posts(client, author):
    make_post(author=author, visibility="public", title="Public one", body="Hello *there*")
    make_post(author=author, visibility="private", title="Private one")
    make_post(author=author, visibility="public", title="Draft one", published=False)
    response = client.get(reverse("public_profile_feed", args=["samlee"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "Sam Lee's growth thread on Menteo"
    assert root.find(f"{ATOM}id") is not None and root.find(f"{ATOM}updated") is not None
    entries = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == ["Public one"]
    entry = entries[0]
    for tag in ("id", "updated", "link", "summary"):
        assert entry.find(f"{ATOM}{tag}") is not None, tag
    assert "<em>there</em>" in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}category").get("term") == "Experiment"


def test_the_feed_of_an_unknown_person_is_404(client):
    assert client.get(reverse("public_profile_feed", args=["nobody"])).status_code == 404
    assert client.get(reverse("public_profile", args=["nobody"])).status_code == 404


def test_public_pages_carry_title_description_and_the_feed_link(client, author):
    make_post(author=author, visibility="public", title="Retro", body="Silent **writing** first")
    page = client.get(reverse("public_profile", args=["samlee"])).content.decode()
    assert "<title>Sam Lee · Menteo</title>" in page
    assert 'name="description" content="Sam Lee, Senior engineer: public posts' in page
    assert 'type="application/atom+xml"' in page
    post = author.thread_posts.get()
    detail = client.get(post.get_absolute_url()).content.decode()
    assert "<title>Retro · Menteo</title>" in detail
    assert 'content="Experiment by Sam Lee: Silent writing first"' in detail
    feed = client.get(reverse("public_feed")).content.decode()
    assert "<title>Growth threads · Menteo</title>" in feed
    assert 'name="description" content="Learning in public' in feed


def test_the_feed_filters_by_kind_and_searches(client, author):
    make_post(author=author, visibility="public", kind="failure", title="A failed retro")
    make_post(author=author, visibility="public", kind="breakthrough", title="Got the offer")
    by_kind = client.get(reverse("public_feed"), {"kind": "failure"}).content
    assert b"A failed retro" in by_kind and b"Got the offer" not in by_kind
    searched = client.get(reverse("public_feed"), {"q": "offer"}).content
    assert b"Got the offer" in searched and b"A failed retro" not in searched
    assert client.get(reverse("public_feed"), {"kind": "nonsense"}).status_code == 200


def test_the_feed_filter_answers_htmx_with_the_results_only(client, author):
    make_post(author=author, visibility="public", kind="failure", title="A failed retro")
    response = client.get(reverse("public_feed"), {"kind": "failure"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="feed-results"' in html and "A failed retro" in html
    assert "<html" not in html
    assert response["Vary"] and "HX-Request" in response["Vary"]


def make_public_posts(count: int) -> None:
    people = [UserFactory() for _ in range(5)]
    mentorship = make_mentorship(stage="cultivation")
    for index in range(count):
        make_post(
            author=people[index % 5] if index % 2 else mentorship.mentee,
            mentorship=None if index % 2 else mentorship,
            visibility="public",
            title=f"Post {index}",
        )


@pytest.mark.parametrize("count", [5, 200])
def test_the_public_feed_query_count_does_not_grow(client, count, django_assert_num_queries):
    make_public_posts(count)
    # count, the page of posts with authors, goals and milestones
    with django_assert_num_queries(2):
        response = client.get(reverse("public_feed"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 200])
def test_the_public_page_query_count_does_not_grow(client, count, django_assert_num_queries):
    author = UserFactory(username="prolific")
    for index in range(count):
        make_post(author=author, visibility="public", title=f"Post {index}")
    # person, count, the page of posts
    with django_assert_num_queries(3):
        client.get(reverse("public_profile", args=["prolific"]))
    with django_assert_num_queries(2):  # person, posts
        client.get(reverse("public_profile_feed", args=["prolific"]))


def test_control_characters_stored_in_posts_and_names_never_break_the_feed(client, author):
    """Text stored before input was checked: written to the feed without what XML forbids."""
    post = make_post(author=author, visibility="public")
    type(post).objects.filter(pk=post.pk).update(
        title="Form\x0cfeed \x01title", body="Page one\x0cpage two\x07 and a \x1b[31mcolour"
    )
    type(author).objects.filter(pk=author.pk).update(display_name="Sam\x0bLee")
    response = client.get(reverse("public_profile_feed", args=["samlee"]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.find(f"{ATOM}title").text == "SamLee's growth thread on Menteo"
    [entry] = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Formfeed title"
    assert "Page onepage two and a [31mcolour" in entry.find(f"{ATOM}summary").text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == ["Formfeed title"]


def test_the_feed_ids_and_links_come_from_site_url_not_the_host_asked(client, author, settings):
    settings.SITE_URL = "https://menteo.example"
    settings.ALLOWED_HOSTS = ["menteo.example", "internal.example"]
    make_post(author=author, visibility="public", title="Public one")
    url = reverse("public_profile_feed", args=["samlee"])

    def addresses(host: str, secure: bool) -> list[str]:
        root = ET.fromstring(client.get(url, HTTP_HOST=host, secure=secure).content)
        found = [root.find(f"{ATOM}id").text]
        found += [link.get("href") for link in root.iter(f"{ATOM}link")]
        found += [entry.find(f"{ATOM}id").text for entry in root.iter(f"{ATOM}entry")]
        return found

    through_public = addresses("menteo.example", secure=True)
    assert addresses("internal.example", secure=False) == through_public
    assert len(through_public) == 5
    assert all(address.startswith("https://menteo.example/") for address in through_public)
