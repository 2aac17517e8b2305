from celery import shared_task

from mentorships import services


@shared_task(acks_late=True)
def resume_due_mentorships() -> int:
    """Hourly: paused mentorships resume by themselves on their resume date."""
    return services.resume_due_mentorships()


@shared_task(acks_late=True)
def expire_requests() -> int:
    """Hourly: requests unanswered for 14 days expire, and both people are told."""
    return services.requests_expire()
