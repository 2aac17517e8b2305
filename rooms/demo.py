"""Demo data for the rooms app: a part of seed_demo, run once the mentorships exist."""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from menteo import demo
from menteo.markdown import render_markdown
from mentorships.models import Mentorship
from rooms.models import Message, ReadMarker, Room

# (mentor, mentee): [(who, days ago, hour of the day, Markdown)], oldest first; "unread" is
# how many of the last messages the mentee has not read yet.
CONVERSATIONS = {
    ("maya", "sam"): {
        "unread": 3,
        "messages": [
            (
                "sam",
                9,
                9,
                "Morning Maya! First 1:1s with the team are booked for this week. "
                "Any advice on what to ask in the very first one?",
            ),
            (
                "maya",
                9,
                11,
                "Great start. For the first one I keep it about *them*, not the "
                "work:\n\n1. What do you enjoy most in your job right now?\n2. What would you "
                "change about how the team works?\n3. How do you like to get feedback?\n\n"
                "Write the answers down, you'll come back to them in three months.",
            ),
            ("sam", 9, 12, "Perfect, stealing all three."),
            (
                "sam",
                6,
                17,
                "Quick one: Jonas asked whether he can skip the 1:1 when there's "
                '"nothing to talk about". Do I let him?',
            ),
            (
                "maya",
                6,
                18,
                "I'd keep it but make it short. *Nothing to talk about* usually "
                "means *nothing urgent*, and the non-urgent stuff is the point. Try asking him "
                "to bring one thing he learned that week.",
            ),
            (
                "sam",
                3,
                10,
                "Update on the platform migration: we're at 60% of services moved, "
                "two weeks behind the plan. I'm worried about telling my director.",
            ),
            (
                "maya",
                3,
                14,
                "Tell her now, with the plan to recover. Directors hate surprises "
                "much more than delays. A structure that works:\n\n- where we are (60%)\n"
                "- why we're late (one sentence)\n- what we're doing about it\n"
                "- what you need from her, if anything",
            ),
            ("sam", 2, 9, "Sent it. She replied *thanks for the heads-up, looks reasonable*."),
            (
                "maya",
                1,
                16,
                "That's exactly how it should go. For next week, can you draft "
                "the first version of your promotion case? Even rough bullet points.",
            ),
            (
                "maya",
                0,
                8,
                "I found the template I mentioned: "
                "https://example.com/promotion-case-template. The *impact* section matters most.",
            ),
            (
                "maya",
                0,
                8,
                "And don't undersell the migration: leading it while growing a "
                "new team **is** the story.",
            ),
        ],
    },
    ("daniel", "lena"): {
        "unread": 1,
        "messages": [
            (
                "lena",
                5,
                15,
                "Hi Daniel, thanks for accepting! I drafted three goals in the "
                "contract, can you have a look before Thursday?",
            ),
            (
                "daniel",
                4,
                9,
                "Looked at them. Goal 2 (*talk to investors*) needs a number: "
                "how many conversations, by when?",
            ),
            ("lena", 4, 11, "Fair. 15 investor conversations by the end of March?"),
            ("daniel", 1, 10, "Good. Also add one about the deck: a version you'd send cold."),
        ],
    },
    ("priya", "tom"): {
        "unread": 0,
        "messages": [
            ("tom", 12, 9, "I signed the offer! Product manager at the new place from the 1st."),
            (
                "priya",
                12,
                10,
                "Tom, that's wonderful. You earned it: the case study you wrote "
                "was the turning point.",
            ),
            (
                "priya",
                8,
                16,
                "Let's do the separation review next week: go through each goal "
                "and write down what you'd tell someone starting where you were.",
            ),
            (
                "tom",
                7,
                9,
                "Done for goals 1 and 2. Goal 3 (*portfolio*) I'd call partly "
                "achieved, happy to talk about it.",
            ),
        ],
    },
    ("maya", "tom"): {
        "unread": 0,
        "messages": [
            ("maya", 40, 10, "Quarterly check-in: how is the new role treating you?"),
            (
                "tom",
                39,
                19,
                "Really well. I'm hiring my first engineer, might ask for advice "
                "on the interview loop soon.",
            ),
        ],
    },
    ("daniel", "sam"): {
        "unread": 0,
        "messages": [
            (
                "sam",
                70,
                9,
                "Daniel, I'll have to stop here: the new team takes all my time. "
                "Thanks for the first sessions.",
            ),
            ("daniel", 70, 12, "Completely understood. Good luck with the team!"),
        ],
    },
}


def _token(mentorship: Mentorship, index: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"menteo-demo:{mentorship.pk}:{index}")


@demo.register(order=40)
def seed(people: dict[str, User]) -> None:
    """Idempotent: running seed_demo twice changes nothing."""
    now = timezone.now()
    for (mentor_key, mentee_key), conversation in CONVERSATIONS.items():
        mentorship = Mentorship.objects.filter(
            mentor=people[mentor_key], mentee=people[mentee_key]
        ).first()
        if mentorship is None:
            continue
        with transaction.atomic():
            room, _ = Room.objects.select_for_update().get_or_create(mentorship=mentorship)
            if room.messages.exists():
                continue
            messages = []
            total = len(conversation["messages"])
            for index, (who, days_ago, hour, body) in enumerate(conversation["messages"]):
                moment = (now - timedelta(days=days_ago)).replace(
                    hour=hour, minute=(7 * index) % 60, second=0, microsecond=0
                )
                messages.append(
                    Message(
                        room=room,
                        author=people[who],
                        body=body,
                        body_html=render_markdown(body, breaks=True),
                        client_token=_token(mentorship, index),
                        created_at=min(moment, now - timedelta(minutes=total - index)),
                        revision=index + 1,
                    )
                )
            messages.sort(key=lambda message: message.created_at)
            for revision, message in enumerate(messages, start=1):
                message.revision = revision
            created = Message.objects.bulk_create(messages)
            room.revision = len(created)
            room.save(update_fields=["revision"])
            unread = conversation["unread"]
            read_upto = created[-unread - 1].pk if unread < len(created) else 0
            ReadMarker.objects.get_or_create(
                room=room, user=mentorship.mentee, defaults={"last_read_message_id": read_upto}
            )
            ReadMarker.objects.get_or_create(
                room=room, user=mentorship.mentor, defaults={"last_read_message_id": created[-1].pk}
            )
