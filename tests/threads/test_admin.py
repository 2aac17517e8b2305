import pytest
from django.urls import reverse

from tests.factories import UserFactory, make_mentorship, make_post
from threads.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_threads_posts_and_comments_in_admin(staff_client):
    mentorship = make_mentorship(stage="cultivation")
    post = make_post(mentorship=mentorship, title="Findable entry", visibility="private")
    Comment.objects.create(post=post, author=mentorship.mentor, body="Admin sees this")
    for model, pk in (
        ("growththread", post.thread_id),
        ("post", post.pk),
        ("comment", post.comments.get().pk),
    ):
        changelist = reverse(f"admin:threads_{model}_changelist")
        assert staff_client.get(changelist).status_code == 200
        assert staff_client.get(changelist, {"q": "Findable"}).status_code == 200
        change = reverse(f"admin:threads_{model}_change", args=[pk])
        assert staff_client.get(change).status_code == 200
    posts = staff_client.get(
        reverse("admin:threads_post_changelist"), {"visibility__exact": "private", "q": "Findable"}
    )
    assert b"Findable entry" in posts.content
    thread = staff_client.get(reverse("admin:threads_growththread_change", args=[post.thread_id]))
    assert b"Findable entry" in thread.content  # the posts inline


def test_admin_is_for_staff_only(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("admin:threads_post_changelist"))
    assert response.status_code == 302
