"""seed_demo gives a new user the whole product at once, and running it twice changes nothing."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings.models import Meeting
from mentorships.models import ExitFeedback, Mentorship, MentorshipRequest

pytestmark = pytest.mark.django_db


def counts():
    return (
        Mentorship.objects.count(),
        MentorshipRequest.objects.count(),
        Meeting.objects.count(),
        ExitFeedback.objects.count(),
    )


def test_the_demo_shows_every_part_of_the_lifecycle_and_is_idempotent(client):
    call_command("seed_demo", verbosity=0)
    first = counts()
    call_command("seed_demo", verbosity=0)
    assert counts() == first

    live = Mentorship.objects.filter(ended_at__isnull=True)
    assert set(live.values_list("stage", flat=True)) == {
        "initiation",
        "cultivation",
        "separation",
        "redefinition",
    }
    assert Mentorship.objects.filter(ended_at__isnull=False).exists()
    assert live.filter(paused_at__isnull=False).exists()
    assert MentorshipRequest.objects.filter(status="pending").exists()
    assert Meeting.objects.filter(status="held").exists()
    assert Meeting.objects.filter(status="planned").exists()

    client.login(email="sam@demo.menteo.dev", password="menteo-demo-2026")
    assert client.get(reverse("home")).status_code == 200
    maya = client.get(reverse("mentor_profile", args=["maya"])).content.decode()
    assert "From 3 former mentees" in maya
