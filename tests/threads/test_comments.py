"""Feedback: the mentor (and the author) comment on posts they can read, with htmx or without."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_mentorship, make_post
from threads.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentorship(mentor, mentee):
    return make_mentorship(mentor=mentor, mentee=mentee, stage="cultivation")


def comment(client, post, body="Try three open questions.", **headers):
    return client.post(reverse("comment_create", args=[post.pk]), {"body": body}, **headers)


def test_the_mentor_gives_feedback_without_javascript(client, mentorship):
    post = make_post(mentorship=mentorship)
    client.force_login(mentorship.mentor)
    response = comment(client, post)
    assert response.status_code == 302
    assert response.url == post.get_absolute_url() + "#comments"
    saved = Comment.objects.get()
    assert (saved.author, saved.post) == (mentorship.mentor, post)
    page = client.get(post.get_absolute_url())
    assert b"Try three open questions." in page.content


def test_with_htmx_the_comments_partial_comes_back_with_an_empty_form(client, mentorship):
    post = make_post(mentorship=mentorship)
    client.force_login(mentorship.mentor)
    response = comment(client, post, "Nice *work*", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<em>work</em>" in html
    assert f'id="comments-{post.pk}"' in html
    assert "<html" not in html
    assert "Nice *work*</textarea>" not in html


@pytest.mark.parametrize("person", ["mentor", "mentee"])
def test_an_empty_comment_is_refused_with_a_reason(client, mentorship, person):
    post = make_post(mentorship=mentorship)
    client.force_login(getattr(mentorship, person))
    assert comment(client, post, "").status_code == 400
    htmx = comment(client, post, "", HTTP_HX_REQUEST="true")
    assert b"This field is required." in htmx.content
    assert not Comment.objects.exists()


def test_the_author_adds_a_note(client, mentorship):
    post = make_post(mentorship=mentorship, visibility="private")
    client.force_login(mentorship.mentee)
    assert comment(client, post).status_code == 302
    assert Comment.objects.get().author == mentorship.mentee


def test_the_mentor_cannot_reach_a_private_post(client, mentorship):
    post = make_post(mentorship=mentorship, visibility="private")
    client.force_login(mentorship.mentor)
    assert comment(client, post).status_code == 404
    assert not Comment.objects.exists()


def test_a_reader_of_a_public_post_may_not_comment(client, mentorship, outsider):
    post = make_post(mentorship=mentorship, visibility="public")
    client.force_login(outsider)
    assert comment(client, post).status_code == 403
    page = client.get(post.get_absolute_url())
    assert b"Your feedback" not in page.content
    assert not Comment.objects.exists()


def test_nobody_comments_on_a_draft(client, mentorship):
    post = make_post(mentorship=mentorship, published=False)
    client.force_login(mentorship.mentor)
    assert comment(client, post).status_code == 404
    client.force_login(mentorship.mentee)
    assert comment(client, post).status_code == 403
    assert not Comment.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, mentorship):
    post = make_post(mentorship=mentorship, visibility="public")
    response = comment(client, post)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_feedback_on_a_public_post_stays_between_the_pair(client, mentorship, outsider):
    post = make_post(mentorship=mentorship, visibility="public")
    Comment.objects.create(post=post, author=mentorship.mentor, body="Between us: well done.")
    for person in (None, outsider):
        client.logout()
        if person:
            client.force_login(person)
        assert b"Between us" not in client.get(post.get_absolute_url()).content
    client.force_login(mentorship.mentee)
    assert b"Between us" in client.get(post.get_absolute_url()).content


def test_another_mentor_of_the_mentee_does_not_comment(client, mentorship):
    """Sam's other mentor reads Sam's public post but is not the mentor of that mentorship."""
    other_mentor = UserFactory()
    make_mentorship(mentor=other_mentor, mentee=mentorship.mentee, stage="cultivation")
    post = make_post(mentorship=mentorship, visibility="public")
    client.force_login(other_mentor)
    assert comment(client, post).status_code == 403
    mentorship_post = make_post(mentorship=mentorship, visibility="mentorship")
    assert comment(client, mentorship_post).status_code == 404


def test_the_author_is_told_about_feedback_by_email_and_in_the_app(client):
    from django.core import mail

    from notifications.models import Notification
    from notifications.services import deliver_pending
    from tests.factories import make_mentorship, make_post
    from threads.services import comment_create

    mentorship = make_mentorship(stage="cultivation")
    post = make_post(mentorship=mentorship, title="My first skip-level")
    comment_create(post=post, author=mentorship.mentee, body="A note to self.")
    assert not Notification.objects.filter(kind="new_feedback").exists()
    comment_create(post=post, author=mentorship.mentor, body="Great start.")
    notice = Notification.objects.get(kind="new_feedback")
    assert notice.recipient == mentorship.mentee
    assert notice.subject == f"{mentorship.mentor.name} gave feedback on “My first skip-level”"
    assert notice.action_path == post.get_absolute_url() + "#comments"
    deliver_pending()
    assert [m.to for m in mail.outbox if "feedback" in m.subject] == [[mentorship.mentee.email]]


@pytest.mark.parametrize("body", ["", "x" * 5001])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_stranger_sending_a_bad_comment_never_sees_the_feedback(client, mentorship, body, htmx):
    post = make_post(mentorship=mentorship, visibility="public")
    Comment.objects.create(post=post, author=mentorship.mentor, body="Private: you rush demos.")
    client.force_login(UserFactory())
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = comment(client, post, body, **headers)
    assert response.status_code == 403
    assert b"you rush demos" not in response.content
    assert Comment.objects.count() == 1
