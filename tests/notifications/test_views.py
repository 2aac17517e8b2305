import io

import pytest
from django.core import mail, signing
from django.urls import reverse

from notifications import services
from notifications.models import EmailOptOut, Kind
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_unsubscribe_link_works_without_logging_in(client, mentee):
    url = reverse(
        "notification_unsubscribe", args=[services.unsubscribe_token(mentee, "review_reminder")]
    )
    page = client.get(url)
    assert page.status_code == 200
    assert (
        "Review-date reminders" in page.content.decode()
        or "review-date reminders" in page.content.decode()
    )
    assert not EmailOptOut.objects.exists()  # GET changes nothing
    response = client.post(url)
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=mentee, kind="review_reminder").exists()
    client.post(url)  # a second click is harmless
    assert EmailOptOut.objects.count() == 1


def test_the_one_click_post_from_a_mail_client_needs_no_csrf_token(mentee):
    from django.test import Client

    url = reverse(
        "notification_unsubscribe", args=[services.unsubscribe_token(mentee, "unread_digest")]
    )
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=mentee, kind="unread_digest").exists()


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-2] + "xx", lambda t: "nonsense", lambda t: t.upper()]
)
def test_a_tampered_unsubscribe_token_is_refused(client, mentee, mangle):
    token = mangle(services.unsubscribe_token(mentee, "review_reminder"))
    assert client.post(reverse("notification_unsubscribe", args=[token])).status_code == 404
    assert not EmailOptOut.objects.exists()


def test_a_token_for_another_purpose_is_refused(client, mentee):
    token = signing.dumps({"u": mentee.pk, "k": "review_reminder"}, salt="something-else")
    assert client.post(reverse("notification_unsubscribe", args=[token])).status_code == 404


def test_the_settings_page_turns_kinds_on_and_off(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("notification_settings"))
    assert response.status_code == 200
    assert response.context["form"].initial["kinds"] == Kind.values
    client.post(reverse("notification_settings"), {"kinds": ["review_reminder", "unread_digest"]})
    off = set(Kind.values) - {"review_reminder", "unread_digest"}
    assert set(EmailOptOut.objects.filter(user=mentee).values_list("kind", flat=True)) == off
    assert len(off) == len(Kind.values) - 2
    client.post(reverse("notification_settings"), {"kinds": Kind.values})
    assert not EmailOptOut.objects.exists()


def test_the_bell_counts_unread_notifications_and_htmx_marks_one_read(client, mentee):
    first, second = NotificationFactory(recipient=mentee), NotificationFactory(recipient=mentee)
    NotificationFactory()  # someone else's
    client.force_login(mentee)
    page = client.get(reverse("notification_list")).content.decode()
    assert "Notifications, 2 unread" in page
    response = client.post(reverse("notification_read", args=[first.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert (
        response.content.decode()
        .lstrip()
        .startswith(f'<li class="notification" id="notification-{first.pk}"')
    )
    first.refresh_from_db()
    assert first.read_at is not None
    client.post(reverse("notification_read_all"))
    second.refresh_from_db()
    assert second.read_at is not None


def test_someone_elses_notification_is_404(client, mentee, outsider):
    notification = NotificationFactory(recipient=outsider)
    client.force_login(mentee)
    assert client.post(reverse("notification_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert (
        str(notification.subject) not in client.get(reverse("notification_list")).content.decode()
    )


@pytest.mark.parametrize("name", ["notification_list", "notification_settings"])
def test_the_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_run_sweeps_command_sends_what_is_due(mentee):
    from django.core.management import call_command

    NotificationFactory(recipient=mentee)
    call_command("run_sweeps", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[mentee.email]]


def test_the_admin_resends_a_failed_notification(client):
    notification = NotificationFactory(status="failed", attempts=6)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "resend_failed", "_selected_action": [notification.pk]},
    )
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == ("pending", 0)
