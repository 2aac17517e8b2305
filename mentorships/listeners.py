"""What the core does when a feature announces a sign of life: the activity clock moves
(`Mentorship.last_activity_at`, see `mentorships.activity`)."""

from menteo.events import listen
from mentorships import events
from mentorships.models import Mentorship
from mentorships.services import mentorship_touch


@listen(events.MessagePosted, events.PostShared)
def move_activity_clock(event: events.MessagePosted | events.PostShared) -> None:
    """A room message or a post shared with the mentor is a sign of life, at its time."""
    mentorship_touch(mentorship=Mentorship(pk=event.mentorship_id), when=event.at)
