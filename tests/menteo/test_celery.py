import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from accounts.models import User
from accounts.tasks import send_welcome_email
from menteo.celery import app as celery_app
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_task_through_a_real_worker_on_redis(settings):
    assert celery_app.conf.broker_url.startswith("redis://"), "the test command sets REDIS_URL"
    celery_app.conf.task_always_eager = False
    user = UserFactory(display_name="Ada")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = send_welcome_email.delay(user.pk)
        assert result.get(timeout=20) is True
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert User.objects.get(pk=user.pk).welcome_email_sent_at is not None


@pytest.mark.django_db
def test_the_welcome_email_is_sent_once_however_often_the_task_runs():
    user = UserFactory()
    assert send_welcome_email.delay(user.pk).get() is True
    assert send_welcome_email.delay(user.pk).get() is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_failed_send_releases_the_claim_for_the_retry(monkeypatch):
    from accounts import services

    user = UserFactory()

    def broken_send(**kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services, "send_mail", broken_send)
    with pytest.raises(OSError):
        services.welcome_email_send(user_id=user.pk)
    assert User.objects.get(pk=user.pk).welcome_email_sent_at is None
    monkeypatch.undo()
    assert services.welcome_email_send(user_id=user.pk) is True
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_and_sends_the_reminder():
    from datetime import UTC, date, datetime

    import time_machine

    from notifications.tasks import deliver_notifications, run_sweeps
    from tests.factories import make_mentorship

    # Noon UTC the day before the review: the 1-day reminder is due in London's morning.
    with time_machine.travel(datetime(2027, 3, 19, 12, 0, tzinfo=UTC), tick=True):
        mentorship = make_mentorship(stage="cultivation")
        contract = mentorship.current_contract
        contract.review_date = date(2027, 3, 20)
        contract.save()
        celery_app.conf.task_always_eager = False
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            run_sweeps.delay().get(timeout=30)
            deliver_notifications.delay().get(timeout=30)
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2, subjects
    assert all(s.startswith("Your review with") for s in subjects)
