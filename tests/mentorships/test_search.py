"""Ranked mentor search on PostgreSQL: typos, word forms and plurals find the right mentor,
the closest match comes first, and the stored search fields follow every change."""

import pytest
from django.db import connection

from mentorships import selectors, services
from mentorships.models import Expertise, MentorProfile
from tests.factories import MentorProfileFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL search"),
]


@pytest.fixture
def directory(db):
    """Mentors like the demo's: one engineering manager among others."""
    people = {
        "maya": ("Maya Okafor", "VP Engineering at a fintech scale-up",
                 ["Engineering management", "Hiring"],
                 "I mentor new engineering managers and senior engineers."),
        "daniel": ("Daniel Brandt", "Two-time founder, angel investor",
                   ["Fundraising", "MVP"], "I help first-time founders through a seed round."),
        "priya": ("Priya Raman", "Director of Product, healthcare",
                  ["Product leadership", "Interviewing"], "Product leader for twelve years."),
    }  # fmt: skip
    return {
        handle: MentorProfileFactory(
            user=UserFactory(display_name=name, headline=headline, bio=bio),
            expertise=tags,
        ).user
        for handle, (name, headline, tags, bio) in people.items()
    }


def found(query: str) -> list[str]:
    return [mentor.name for mentor in selectors.mentor_directory(query=query)]


@pytest.mark.parametrize(
    "query",
    [
        "enginering manager",  # a typo
        "engineering manger",  # another
        "managing engineers",  # other forms of both words
        "engineering managers",  # a plural
        "Engineering Management",  # as the tag is written
        "okafr",  # a misspelt name
    ],
)
def test_typos_word_forms_and_plurals_find_the_engineering_manager(directory, query):
    assert found(query) == ["Maya Okafor"]


def test_plural_and_stemmed_forms_of_other_words_match(directory):
    assert found("founders") == ["Daniel Brandt"]
    assert found("fundraise") == ["Daniel Brandt"]
    assert found("interviews") == ["Priya Raman"]


def test_an_unrelated_word_finds_nobody(directory):
    assert found("astrophysics") == []


def test_the_closest_match_comes_first(directory):
    # Both know hiring; Lee has it in the name-weighted fields and the headline, Maya as a tag.
    lee = MentorProfileFactory(
        user=UserFactory(display_name="Lee Hiring", headline="Hiring manager, hiring coach"),
        expertise=["Hiring"],
    ).user
    assert found("hiring")[:2] == [lee.name, "Maya Okafor"]
    # A bio mention weighs less than a headline.
    bio_only = MentorProfileFactory(
        user=UserFactory(display_name="Ola Berg", headline="Sales lead", bio="Some fundraising.")
    ).user
    assert found("fundraising") == ["Daniel Brandt", bio_only.name]


def test_the_search_fields_follow_a_name_headline_and_tag_change(directory):
    maya = directory["maya"]
    maya.display_name = "Maya Adeyemi"
    maya.headline = "Chief technology officer"
    maya.save()
    assert found("adeyemi") == ["Maya Adeyemi"]
    assert found("technology officer") == ["Maya Adeyemi"]
    assert found("okafor") == []

    services.mentor_profile_update(
        user=maya, expertise=["Public speaking"], capacity=3, is_accepting=True
    )
    assert found("speaking") == ["Maya Adeyemi"]
    assert found("hiring") == []

    Expertise.objects.filter(name="Public speaking").update(name="Keynote speaking")
    assert "Keynote speaking" in MentorProfile.objects.get(user=maya).search_text
    assert found("keynotes") == ["Maya Adeyemi"]


def test_the_expertise_filter_combines_with_the_search(directory):
    assert [m.name for m in selectors.mentor_directory(query="founder", expertise="mvp")] == [
        "Daniel Brandt"
    ]
    assert list(selectors.mentor_directory(query="founder", expertise="hiring")) == []


def test_the_quick_start_fallback_matches_words_as_typed(directory, monkeypatch):
    """SQLite's branch (chosen by `connection.vendor`), run here: substrings, no forgiveness."""
    from types import SimpleNamespace

    monkeypatch.setattr(selectors, "connection", SimpleNamespace(vendor="sqlite"))
    assert found("engineering manage") == ["Maya Okafor"]
    assert found("seed") == ["Daniel Brandt"]
    assert found("enginering manager") == []
