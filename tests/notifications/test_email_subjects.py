"""A subject is one header line, whatever was stored before names and titles were checked."""

import pytest
from django.core import mail

from accounts.models import User
from notifications import services
from notifications.models import Notification
from notifications.services.delivery import SUBJECT_LENGTH, email_subject
from tests.factories import NotificationFactory, make_mentorship, make_post
from threads import services as threads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("Ana\nBcc: eve@example.com commented", "Ana Bcc: eve@example.com commented"),
        ("Tried\r\npairing\x0c\x0bagain\u2028now", "Tried pairing again now"),
        ("  Bell\x07 and\x00 tabs\t ", "Bell and tabs"),
        ("Plain subject", "Plain subject"),
    ],
)
def test_it_makes_every_subject_a_single_clean_line(stored, sent):
    assert email_subject(stored) == sent


def test_it_shortens_a_long_subject_with_an_ellipsis():
    subject = email_subject("word " * 100)
    assert len(subject) == SUBJECT_LENGTH
    assert subject.endswith("…")


def test_a_notification_stored_with_a_multi_line_subject_is_sent():
    NotificationFactory(subject="Ana\ncommented on “Tried\r\npairing”")
    assert services.deliver_pending() == 1
    assert mail.outbox[0].subject == "Ana commented on “Tried pairing”"
    assert Notification.objects.get().status == Notification.Status.SENT


def test_a_comment_from_a_mentor_whose_name_holds_a_newline_is_emailed(
    django_capture_on_commit_callbacks,
):
    mentorship = make_mentorship(stage="cultivation")
    User.objects.filter(pk=mentorship.mentor_id).update(display_name="Ana\nBcc: eve@example.com")
    mentorship.mentor.refresh_from_db()
    post = make_post(mentorship=mentorship, title="Tried\npairing")
    with django_capture_on_commit_callbacks(execute=True):
        threads.comment_create(post=post, author=mentorship.mentor, body="Good.")
    services.deliver_pending()
    [email] = [email for email in mail.outbox if email.to == [mentorship.mentee.email]]
    assert "\n" not in email.subject
    assert "Ana Bcc: eve@example.com" in email.subject
    assert not Notification.objects.filter(status=Notification.Status.FAILED).exists()
