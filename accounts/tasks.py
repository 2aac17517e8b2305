import logging

from celery import shared_task

from accounts.services import welcome_email_send, welcome_emails_due

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_welcome_email(user_id: int) -> bool:
    return welcome_email_send(user_id=user_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_due_welcome_emails() -> int:
    """Every ten minutes: the safety net for a welcome email that could not be queued."""
    sent = 0
    for user_id in welcome_emails_due():
        try:
            sent += welcome_email_send(user_id=user_id)
        except OSError as error:  # SMTP trouble: the claim is released, the next sweep retries
            logger.warning("Welcome email to user %s not sent: %s", user_id, type(error).__name__)
    return sent
