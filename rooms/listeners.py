"""What rooms do when the core announces something."""

from menteo.events import listen
from mentorships import events
from mentorships.models import Mentorship
from rooms.services import room_create


@listen(events.MentorshipStarted)
def open_room(event: events.MentorshipStarted) -> None:
    """Every mentorship has its private room from the start."""
    room_create(mentorship=Mentorship(pk=event.mentorship_id))
