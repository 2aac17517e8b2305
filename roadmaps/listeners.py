"""What roadmaps do when the core announces something."""

from menteo.events import listen
from mentorships import events
from mentorships.models import Contract, Mentorship
from roadmaps.services import roadmap_snapshot_take, roadmap_start


@listen(events.MentorshipStarted)
def start_roadmap(event: events.MentorshipStarted) -> None:
    """Every mentorship has its own roadmap from the start."""
    roadmap_start(mentorship=Mentorship.objects.only("id", "focus").get(pk=event.mentorship_id))


@listen(events.ContractAgreedByBoth)
def keep_agreed_roadmap(event: events.ContractAgreedByBoth) -> None:
    """The roadmap as agreed, for the side-by-side in the Separation review."""
    contract = Contract.objects.get(pk=event.contract_id)
    roadmap_snapshot_take(mentorship=Mentorship(pk=event.mentorship_id), contract=contract)
