from celery import shared_task

from accounts.services import welcome_email_send


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=3600, max_retries=8)
def send_welcome_email(user_id: int) -> bool:
    return welcome_email_send(user_id=user_id)
