"""seed_demo gives a new user the whole product at once, and running it twice changes nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from accounts.usernames import derives_from_email
from meetings.models import Meeting
from menteo import demo
from mentorships.models import ExitFeedback, Mentorship, MentorshipRequest
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def counts():
    return (
        Mentorship.objects.count(),
        MentorshipRequest.objects.count(),
        Meeting.objects.count(),
        ExitFeedback.objects.count(),
    )


@pytest.mark.usefixtures("local_trial")
def test_the_demo_shows_every_part_of_the_lifecycle_and_is_idempotent(client):
    call_command("seed_demo", verbosity=0)
    first = counts()
    notices_of_sam = Notification.objects.filter(recipient__email="sam@demo.menteo.dev").count()
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

    # The bells: what each person heard, dated in the story, the latest still unread.
    sam, maya = (User.objects.get(email=f"{h}@demo.menteo.dev") for h in ("sam", "maya"))
    assert Notification.objects.filter(recipient=sam).count() == notices_of_sam
    unread = Notification.objects.filter(recipient=sam, read_at__isnull=True)
    assert [n.subject for n in unread] == [
        f"Maya Okafor moved your meeting to {unread.first().subject.split(' to ', 1)[1]}"
    ]
    assert Notification.objects.filter(recipient=sam, read_at__isnull=False).exists()
    assert len(set(Notification.objects.values_list("created_at", flat=True))) > 10
    assert Notification.objects.filter(
        recipient=maya, read_at__isnull=True, subject="Inês Costa asks you to be their mentor"
    ).exists()
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert {"new_request", "contract_change", "stage_change", "mentorship_status"} <= kinds
    assert {"feedback_request", "meeting_invite"} <= kinds

    client.login(email="sam@demo.menteo.dev", password="menteo-demo-2026")
    assert client.get(reverse("home")).status_code == 200
    maya = client.get(reverse("mentor_profile", args=["maya-okafor"])).content.decode()
    assert "From 3 former mentees" in maya
    # Public addresses are chosen names, never the email's local part.
    for username, email in User.objects.values_list("username", "email"):
        assert not derives_from_email(username, email), username


def test_each_app_seeds_its_own_part_people_first_and_the_activity_recount_last():
    assert demo.parts() == [
        "10 accounts.demo.seed_people",
        "20 mentorships.demo.seed_mentorships",
        "30 roadmaps.demo.seed",
        "40 rooms.demo.seed",
        "50 threads.demo.seed",
        "60 meetings.demo.seed",
        "70 mentorships.demo.seed_health",
        "75 mentorships.demo.seed_second_cycle",
        "80 notifications.demo.date_notices",
        "90 mentorships.demo.recount_activity",
    ]


def test_the_parts_run_by_order_and_share_the_people(monkeypatch):
    monkeypatch.setattr(demo, "_PARTS", {})
    ran = []

    @demo.register(order=20)
    def greet(people):
        ran.append(f"hello {people['ada']}")

    @demo.register(order=10)
    def meet(people):
        people["ada"] = "Ada"

    demo.register(order=20)(greet)  # AppConfig.ready() running twice registers it once

    assert demo.seed() == {"ada": "Ada"}
    assert ran == ["hello Ada"]


def test_it_refuses_a_public_site_where_its_published_password_would_open_the_admin(settings):
    settings.DEBUG = False
    settings.ALLOW_HTTP_SITE_URL = False
    for site_url in ("https://menteo.example.com", "http://menteo.example.com"):
        settings.SITE_URL = site_url
        with pytest.raises(CommandError, match="seed_demo refuses a public site"):
            call_command("seed_demo", verbosity=0)
    assert not User.objects.exists()

    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOW_HTTP_SITE_URL = True  # a local trial, said out loud
    call_command("seed_demo", verbosity=0)
    assert User.objects.filter(is_superuser=True).exists()


@pytest.mark.usefixtures("local_trial")
def test_the_demo_mentee_is_suggested_mentors_who_say_why(client):
    call_command("seed_demo", verbosity=0)
    sam = User.objects.get(email="sam@demo.menteo.dev")
    client.force_login(sam)
    suggestions = client.get(reverse("home")).context["suggestions"]
    assert suggestions[0].mentor.username == "jonas-berg"
    assert suggestions[0].why == (
        "Knows engineering management · answers within a day · 7 h overlap · 3 places free"
    )
    assert "maya-okafor" not in [s.mentor.username for s in suggestions]  # already Sam's mentor
    page = client.get(reverse("mentor_profile", args=["maya-okafor"])).content.decode()
    assert "Usually answers requests in about 2 days (the median of 3 answered)." in page
