"""What roadmaps do when the core announces something."""

from menteo.events import listen
from mentorships import events
from mentorships.models import Contract, Mentorship
from roadmaps.models import Roadmap
from roadmaps.services import roadmap_snapshot_take


@listen(events.MentorshipStarted)
def start_roadmap(event: events.MentorshipStarted) -> None:
    """Every mentorship has its own roadmap, empty at first and named after its focus."""
    focus = Mentorship.objects.values_list("focus", flat=True).get(pk=event.mentorship_id)
    Roadmap.objects.get_or_create(mentorship_id=event.mentorship_id, defaults={"title": focus})


@listen(events.ContractAgreedByBoth)
def keep_agreed_roadmap(event: events.ContractAgreedByBoth) -> None:
    """The roadmap as agreed, for the side-by-side in the Separation review."""
    contract = Contract.objects.get(pk=event.contract_id)
    roadmap_snapshot_take(mentorship=Mentorship(pk=event.mentorship_id), contract=contract)
