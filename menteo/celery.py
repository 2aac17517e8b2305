import logging
import os

from celery import Celery
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menteo.settings")

app = Celery("menteo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs) -> None:
    """Queue `task` now; if the broker is down, log it and carry on.

    Only for work that a periodic sweep also finds (the notification outbox, the welcome
    email): the request that caused it must never fail or hang because Redis is away. How
    long a publish may take is bounded in settings (connect timeout, one retry).
    """
    try:
        task.apply_async(args=args, kwargs=kwargs)
    except Exception as error:  # kombu.exceptions.OperationalError, a timeout, ...
        logger.warning(
            "Could not queue %s (%s); the periodic sweep will pick it up",
            task.name,
            type(error).__name__,
        )


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """`enqueue` once the current transaction commits (never for a rollback)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
