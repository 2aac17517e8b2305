"""Writing, editing and deleting posts, the live preview and the mentee's own journal."""

import pytest
from django.urls import reverse

from tests.factories import make_mentorship, make_post
from threads.models import Post

pytestmark = pytest.mark.django_db

FORM = {
    "title": "My assumption about 1:1s",
    "body": "I assume *weekly* 1:1s are enough.",
    "kind": "assumption",
    "visibility": "mentorship",
}


@pytest.fixture
def mentorship(mentor, mentee):
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def test_the_mentee_publishes_a_post(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.post(reverse("post_create", args=[mentorship.pk]), FORM)
    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    assert post.author == mentorship.mentee
    assert post.mentorship == mentorship
    assert post.thread.mentorship == mentorship
    assert post.published_at is not None
    page = client.get(post.get_absolute_url())
    assert b"<em>weekly</em>" in page.content


def test_the_form_shows_kind_and_visibility_with_mentorship_as_default(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.get(reverse("post_create", args=[mentorship.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="mentorship" id="id_visibility_1" checked' in html or (
        response.context["form"]["visibility"].value() == "mentorship"
    )
    assert response.context["form"]["kind"].value() is None


def test_a_post_needs_a_kind_and_keeps_what_was_typed(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.post(reverse("post_create", args=[mentorship.pk]), {**FORM, "kind": ""})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    assert b"I assume *weekly* 1:1s are enough." in response.content
    assert not Post.objects.exists()


def test_a_draft_is_only_for_the_author(client, mentorship):
    client.force_login(mentorship.mentee)
    client.post(reverse("post_create", args=[mentorship.pk]), {**FORM, "action": "draft"})
    post = Post.objects.get()
    assert post.is_draft
    assert client.get(post.get_absolute_url()).status_code == 200
    client.force_login(mentorship.mentor)
    assert client.get(post.get_absolute_url()).status_code == 404
    thread = client.get(reverse("mentorship_thread", args=[mentorship.pk]))
    assert post.title.encode() not in thread.content


def test_publishing_a_draft_later(client, mentorship):
    post = make_post(mentorship=mentorship, published=False)
    client.force_login(mentorship.mentee)
    client.post(reverse("post_edit", args=[post.pk]), {**FORM, "action": "publish"})
    post.refresh_from_db()
    assert post.published_at is not None
    assert post.edited_at is None


def test_the_preview_button_works_without_javascript(client, mentorship):
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("post_create", args=[mentorship.pk]), {**FORM, "action": "preview"}
    )
    assert response.status_code == 200
    assert b"<em>weekly</em>" in response.content
    assert not Post.objects.exists()


def test_the_live_preview_is_a_partial_and_sanitized(client, mentee):
    client.force_login(mentee)
    response = client.post(
        reverse("post_preview"),
        {"body": "**bold** <script>alert(1)</script>"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html
    assert "<html" not in html


def test_the_mentor_cannot_write_in_the_mentees_thread(client, mentorship):
    client.force_login(mentorship.mentor)
    assert client.get(reverse("post_create", args=[mentorship.pk])).status_code == 403
    assert client.post(reverse("post_create", args=[mentorship.pk]), FORM).status_code == 403
    assert not Post.objects.exists()


def test_an_ended_mentorship_thread_is_read_only(client, mentor, mentee):
    mentorship = make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation", ended=True)
    client.force_login(mentee)
    response = client.post(reverse("post_create", args=[mentorship.pk]), FORM)
    assert response.status_code == 302
    assert not Post.objects.exists()


def test_the_author_edits_and_the_time_is_recorded(client, mentorship):
    post = make_post(mentorship=mentorship)
    client.force_login(mentorship.mentee)
    response = client.post(reverse("post_edit", args=[post.pk]), {**FORM, "title": "Revised"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Revised"
    assert post.edited_at is not None


@pytest.mark.parametrize("visibility", ["public", "mentorship", "private"])
def test_nobody_else_edits_or_deletes(client, mentorship, outsider, visibility):
    """403 for whoever may read the post, the same 404 as a missing post for the rest."""
    post = make_post(mentorship=mentorship, visibility=visibility)
    for person in (mentorship.mentor, outsider):
        client.force_login(person)
        readable = visibility == "public" or (
            visibility == "mentorship" and person == mentorship.mentor
        )
        expected = 403 if readable else 404
        assert client.get(reverse("post_edit", args=[post.pk])).status_code == expected
        assert client.post(reverse("post_edit", args=[post.pk]), FORM).status_code == expected
        assert client.post(reverse("post_delete", args=[post.pk])).status_code == expected
    post.refresh_from_db()
    assert post.title == "Tried pairing with the new hire"


def test_the_author_deletes(client, mentorship):
    post = make_post(mentorship=mentorship)
    client.force_login(mentorship.mentee)
    response = client.post(reverse("post_delete", args=[post.pk]), {"confirm": "yes"})
    assert response.url == reverse("mentorship_thread", args=[mentorship.pk])
    assert not Post.objects.exists()


def test_deleting_a_post_asks_first_without_javascript(client, mentorship):
    post = make_post(mentorship=mentorship, title="Tried pairing")
    client.force_login(mentorship.mentee)
    response = client.post(reverse("post_delete", args=[post.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Delete “Tried pairing”?" in html
    assert 'name="confirm" value="yes"' in html
    assert f'href="{reverse("post_edit", args=[post.pk])}"' in html  # cancel
    assert Post.objects.filter(pk=post.pk).exists()


def test_a_goal_of_another_mentorship_cannot_be_linked(client, mentorship):
    other = make_mentorship(stage="cultivation")
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("post_create", args=[mentorship.pk]),
        {**FORM, "goal": other.goals.first().pk},
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_a_goal_and_milestone_of_the_mentorship_can_be_linked(client, mentorship):
    goal = mentorship.goals.first()
    milestone = mentorship.roadmap.milestones.first()
    client.force_login(mentorship.mentee)
    client.post(
        reverse("post_create", args=[mentorship.pk]),
        {**FORM, "goal": goal.pk, "milestone": milestone.pk},
    )
    post = Post.objects.get()
    assert (post.goal, post.milestone) == (goal, milestone)
    assert goal.title.encode() in client.get(post.get_absolute_url()).content


def test_a_person_keeps_a_journal_of_their_own(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("journal_post_create"), {**FORM, "visibility": "private"})
    post = Post.objects.get()
    assert response.url == post.get_absolute_url()
    assert post.mentorship is None and post.thread.mentorship is None
    assert post.title.encode() in client.get(reverse("journal")).content


def test_the_journal_offers_no_mentorship_visibility(client, outsider):
    client.force_login(outsider)
    response = client.post(reverse("journal_post_create"), FORM)
    assert response.status_code == 400
    assert not Post.objects.exists()
