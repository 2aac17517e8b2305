"""What a refused action becomes in a page, for the views of every app that calls the core's
services: a message for each reason, or a 403 for the wrong role."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied

from mentorships.services import MentorshipError, NotAllowed


def refused(request, error: MentorshipError) -> None:
    """Turn a refused action into a message (or a 403 for the wrong role)."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied(str(error))
    for reason in error.reasons:
        messages.error(request, reason)
