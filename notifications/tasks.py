from celery import shared_task

from notifications import services


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def run_sweeps() -> dict[str, int]:
    """Hourly: record every reminder and nudge that has come due (each occasion once)."""
    return services.sweep_all()


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def deliver_notifications() -> int:
    """Every minute, and after each sweep: send what is pending (the outbox)."""
    return services.deliver_pending()
