import pytest
from django.core.management import call_command
from django.urls import reverse

from mentorships.models import Mentorship
from threads.models import Comment, Post

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("local_trial")
def test_the_demo_gives_sam_and_tom_a_journal_with_feedback(client):
    call_command("seed_demo", verbosity=0)
    counts = (Post.objects.count(), Comment.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Post.objects.count(), Comment.objects.count()) == counts

    sam = Mentorship.objects.get(mentor__username="maya-okafor", mentee__username="sam-lee")
    assert set(sam.thread_posts.values_list("visibility", flat=True)) == {
        "public",
        "mentorship",
        "private",
    }
    assert Comment.objects.filter(post__mentorship=sam, author=sam.mentor).count() >= 4

    client.login(email="sam@demo.menteo.dev", password="menteo-demo-2026")
    thread = client.get(reverse("mentorship_thread", args=[sam.pk])).content.decode()
    assert "The 1:1 that went sideways" in thread and "Do I actually want this?" in thread
    assert "in 8 weeks" in client.get(reverse("home")).content.decode()

    tom = Mentorship.objects.get(mentor__username="priya-raman", mentee__username="tom-alvarez")
    client.login(email="priya@demo.menteo.dev", password="menteo-demo-2026")
    record = client.get(reverse("journey_record", args=[tom.pk])).content.decode()
    assert "I got the associate PM offer" in record

    client.logout()
    public = client.get(reverse("public_profile", args=["sam-lee"])).content.decode()
    assert "Delegating the release checklist" in public
    assert "Do I actually want this?" not in public
