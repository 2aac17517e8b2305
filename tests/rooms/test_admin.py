import pytest
from django.urls import reverse

from rooms.models import Message
from tests.factories import UserFactory, make_mentorship, post_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_read_rooms_and_messages_in_the_admin(staff_client):
    mentorship = make_mentorship(stage="cultivation")
    message = post_message(mentorship, mentorship.mentee, "A word in the room")
    for url in (
        reverse("admin:rooms_room_changelist"),
        reverse("admin:rooms_room_change", args=[message.room_id]),
        reverse("admin:rooms_message_changelist"),
        reverse("admin:rooms_message_change", args=[message.pk]),
    ):
        response = staff_client.get(url)
        assert response.status_code == 200, url
    response = staff_client.get(reverse("admin:rooms_message_changelist"), {"q": "word"})
    assert "A word in the room" in response.content.decode()


def test_staff_hide_a_message_with_the_admin_action(staff_client):
    mentorship = make_mentorship(stage="cultivation")
    message = post_message(mentorship, mentorship.mentee, "Something to moderate")
    response = staff_client.post(
        reverse("admin:rooms_message_changelist"),
        {"action": "hide_messages", "_selected_action": [message.pk]},
        follow=True,
    )
    assert "1 message hidden." in response.content.decode()
    message.refresh_from_db()
    assert message.is_deleted and message.body == ""
    assert Message.objects.count() == 1
