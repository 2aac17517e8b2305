"""The Atom feed of a person's public posts."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from menteo.http import absolute_url
from menteo.markdown import render_markdown
from menteo.text import xml_safe
from threads import selectors

FEED_SIZE = 30


def _xml_safe_values(values: dict) -> dict:
    def clean(value):
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return type(value)(clean(part) for part in value)
        return value

    return {key: clean(value) for key, value in values.items()}


class XmlSafeAtom1Feed(Atom1Feed):
    """Django refuses to write a control character into XML (a 500 for the whole feed): a
    form feed stored in one post's body must cost only that character."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = _xml_safe_values(self.feed)

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = _xml_safe_values(self.items[-1])


class PublicPostsFeed(Feed):
    """Its id, links and item ids are absolute addresses from SITE_URL (Django would build them
    from the request's host): fetched through another allowed host name, a reader must see the
    same feed and the same entries, not duplicates."""

    feed_type = XmlSafeAtom1Feed

    def get_object(self, request, username: str):
        return selectors.get_public_person(username)

    def title(self, person) -> str:
        return f"{person.name}'s growth thread on Menteo"

    def subtitle(self, person) -> str:
        return f"Public posts by {person.name}: assumptions, experiments, failures, breakthroughs."

    def link(self, person) -> str:
        return absolute_url(reverse("public_profile", args=[person.username]))

    def feed_url(self, person) -> str:
        return absolute_url(reverse("public_profile_feed", args=[person.username]))

    def author_name(self, person) -> str:
        return person.name

    def items(self, person):
        return selectors.public_posts_of(person)[:FEED_SIZE]

    def item_title(self, post) -> str:
        return post.title

    def item_description(self, post) -> str:
        return render_markdown(post.body)

    def item_link(self, post) -> str:
        return absolute_url(post.get_absolute_url())

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.edited_at or post.published_at

    def item_categories(self, post):
        return [post.get_kind_display()]
