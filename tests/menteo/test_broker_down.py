"""A request never fails because Redis (the Celery broker) is down.

The work it causes is an outbox row written in the request's own transaction; queueing the
delivery is best effort, bounded by settings, and the periodic sweeps send what is pending
once the broker is back, each email exactly once.
"""

import logging
import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from menteo.celery import app as celery_app
from mentorships.models import MentorshipRequest, Stage
from notifications import services as notification_services
from notifications.models import Notification
from notifications.tasks import deliver_notifications
from rooms.models import Message
from tests.factories import MentorProfileFactory, UserFactory, make_mentorship

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED_PORT = "redis://127.0.0.1:1/0"


def _reset_connections() -> None:
    """Forget pooled broker connections so the next publish connects to the current URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_PORT
    celery_app.conf.task_always_eager = False
    _reset_connections()
    try:
        yield
    finally:
        celery_app.conf.broker_url = saved
        celery_app.conf.task_always_eager = True
        _reset_connections()


def test_a_publish_to_an_unreachable_broker_is_bounded():
    conf = celery_app.conf
    # One quick connection attempt and one retry: a request waits seconds at most, never
    # the defaults (4 s connect timeout, retries until it gives up, three publish retries).
    assert conf.broker_connection_timeout <= 1
    assert conf.broker_transport_options["socket_connect_timeout"] <= 1
    assert conf.broker_transport_options["max_retries"] <= 1
    assert conf.task_publish_retry_policy["max_retries"] <= 1
    assert conf.redis_socket_connect_timeout <= 1
    # And the visibility timeout outlasts the longest retry back-off (an hour).
    assert conf.broker_transport_options["visibility_timeout"] > 3600


def test_requests_and_stage_changes_succeed_while_the_broker_is_down(client, broker_down, caplog):
    mentor = MentorProfileFactory(user__display_name="Maya").user
    mentee = UserFactory(display_name="Sam")
    client.force_login(mentee)
    with caplog.at_level(logging.WARNING, logger="menteo.celery"):
        response = client.post(
            reverse("mentor_profile", args=[mentor.username]),
            {"focus_area": "promotion", "focus": "Make staff", "message": "Hi, I'm Sam."},
        )
    assert response.status_code == 302
    assert MentorshipRequest.objects.filter(mentee=mentee, mentor=mentor).exists()
    assert "Could not queue notifications.tasks.deliver_notifications" in caplog.text

    mentorship = make_mentorship(stage="initiation", agreed=True)
    client.force_login(mentorship.mentee)
    response = client.post(
        reverse("mentorship_transition", args=[mentorship.pk]), {"to": "cultivation"}
    )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.stage == Stage.CULTIVATION

    response = client.post(
        reverse("message_post", args=[mentorship.pk]),
        {"body": "Posted while Redis is away.", "client_token": uuid.uuid4()},
    )
    assert response.status_code == 302
    assert Message.objects.filter(body="Posted while Redis is away.").exists()

    # Nothing was sent, everything is on record.
    assert mail.outbox == []
    pending = Notification.objects.filter(status=Notification.Status.PENDING)
    assert sorted(pending.values_list("kind", "recipient")) == sorted(
        [("new_request", mentor.pk), ("stage_change", mentorship.mentor_id)]
    )


def test_the_pending_emails_go_out_once_when_the_broker_is_back(client, broker_down):
    mentor = MentorProfileFactory().user
    client.force_login(UserFactory(display_name="Sam"))
    client.post(
        reverse("mentor_profile", args=[mentor.username]),
        {"focus_area": "promotion", "focus": "Make staff", "message": "Hi"},
    )
    assert mail.outbox == []

    celery_app.conf.task_always_eager = True  # the broker is back (inline for the test)
    deliver_notifications.delay()
    deliver_notifications.delay()  # the minute's beat and a leftover on_commit both ran
    notification_services.deliver_pending()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([mentor.email], "Sam asks you to be their mentor")
    ]
    assert Notification.objects.get().status == Notification.Status.SENT


def test_confirming_an_email_while_the_broker_is_down_still_gets_a_welcome(client, broker_down):
    from accounts.tasks import send_due_welcome_emails

    client.post(
        reverse("account_signup"),
        {
            "display_name": "Ada",
            "email": "ada@example.com",
            "password1": "analytical-engine-1843",
            "password2": "analytical-engine-1843",
        },
    )
    link = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    mail.outbox.clear()
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="ada@example.com").verified
    assert mail.outbox == []  # the welcome task could not be queued

    celery_app.conf.task_always_eager = True
    assert send_due_welcome_emails.delay().get() == 1
    assert send_due_welcome_emails.delay().get() == 0
    assert [m.subject for m in mail.outbox] == ["Welcome to Menteo"]
