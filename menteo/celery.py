import logging
import os

from celery import Celery, signals
from django.conf import settings
from django.db import transaction
from django.utils.log import configure_logging

from menteo import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "menteo.settings")

app = Celery("menteo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)

# A task's log lines carry the id of the request that queued it (a message header), or its own
# task id when beat queued it.
signals.before_task_publish.connect(request_id.send_request_id_with_task)
signals.task_prerun.connect(request_id.adopt_request_id_in_task)
signals.task_postrun.connect(request_id.drop_request_id_after_task)


@signals.setup_logging.connect
def use_django_logging(**kwargs) -> None:
    """Workers and beat log as the web processes do (settings.LOGGING: LOG_FORMAT, LOG_LEVEL,
    request ids, masked secrets) instead of Celery's own format; `--loglevel` is not read."""
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


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
