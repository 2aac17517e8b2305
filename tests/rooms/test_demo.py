import pytest
from django.core.management import call_command

from accounts.models import User
from rooms import selectors
from rooms.models import Message, Room

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("local_trial")
def test_the_demo_rooms_have_conversations_and_sam_has_unread_messages():
    call_command("seed_demo", verbosity=0)
    count = Message.objects.count()
    assert count > 15
    sam = User.objects.get(username="sam-lee")
    assert sum(selectors.unread_counts(sam).values()) == 3
    call_command("seed_demo", verbosity=0)  # idempotent
    assert Message.objects.count() == count
    assert Room.objects.count() == Room.objects.values("mentorship").distinct().count()
