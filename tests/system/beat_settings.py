"""Menteo's settings for the system test's Celery beat: the real schedule, with the hourly
reminder sweep every few seconds so that the test sees beat enqueue it."""

from menteo.settings import *  # noqa: F403
from menteo.settings import CELERY_BEAT_SCHEDULE

SWEEP_EVERY = 3.0  # seconds

CELERY_BEAT_SCHEDULE = {
    **CELERY_BEAT_SCHEDULE,
    "run-sweeps": {**CELERY_BEAT_SCHEDULE["run-sweeps"], "schedule": SWEEP_EVERY},
}
