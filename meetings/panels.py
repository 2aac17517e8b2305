from accounts.models import User
from meetings.selectors import rhythm_of
from mentorships import panels
from mentorships.models import Mentorship


def meeting_rhythm(mentorship: Mentorship, user: User) -> dict:
    """The last and the next meeting, and whether the agreed cadence is kept."""
    return {"rhythm": rhythm_of(mentorship)}


panels.register(
    "meetings", template="meetings/_mentorship_panel.html", order=20, context=meeting_rhythm
)
