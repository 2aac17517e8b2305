"""Demo data for the threads app: a part of seed_demo, run once the mentorships exist."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from menteo import demo
from mentorships.models import Mentorship
from threads.models import Comment, Post
from threads.services import thread_for

# (days ago, kind, visibility, title, body, the mentor's feedback or "")
SAM_WITH_MAYA = [
    (
        45,
        "assumption",
        "mentorship",
        "I assume managers stop writing code",
        "My picture of an engineering manager: calendar full, no commits. Before I decide "
        "whether I want that, I want to check it against three managers I respect.\n\n"
        "- Ask Jo, Amir and Lin how many hours a week they still code\n"
        "- Write down what they *miss*",
        "Good instinct to test it. Ask them also what they code: prototypes and tooling "
        "are very different from owning a service.",
    ),
    (
        38,
        "experiment",
        "public",
        "Running our team's retro for the first time",
        "Volunteered to facilitate the sprint retro. I used the *start / stop / continue* "
        "format with a 5-minute silent writing phase first.\n\nThe quiet people wrote the "
        "most. Two of their points became actions.",
        "The silent writing phase is the move. Notice who spoke in the discussion versus "
        "who wrote: that gap is data about the team.",
    ),
    (
        30,
        "failure",
        "mentorship",
        "The 1:1 that went sideways",
        "I tried a 1:1 with our junior engineer and turned it into a status update. "
        "Twenty minutes of me asking about tickets.\n\nWhat I should have asked: "
        "*what is getting in your way?*",
        "Everyone does this once. Try writing three open questions before the next one, "
        "and let them bring the agenda.",
    ),
    (
        24,
        "reflection",
        "private",
        "Do I actually want this?",
        "Honest note to myself: part of me wants the title more than the job. "
        "Keep watching for that.",
        "",
    ),
    (
        17,
        "experiment",
        "public",
        "Delegating the release checklist",
        "Handed the release checklist to Priyanka instead of doing it myself. "
        "It took her twice as long and she found two steps that were obsolete.\n\n"
        "> Delegation is slower the first time and faster every time after.",
        "Exactly right, and you gave her a reason to improve it. Write that down for "
        "your promotion case.",
    ),
    (
        9,
        "breakthrough",
        "public",
        "My first hiring loop as interviewer",
        "Sat in on a system design interview with a rubric for the first time. "
        "Scoring against the rubric *before* the debrief kept me honest.",
        "",
    ),
    (
        3,
        "assumption",
        "mentorship",
        "Weekly 1:1s are enough for a team of five",
        "Plan for the next month: weekly 30-minute 1:1s with each person, nothing else "
        "formal. I'll check in two weeks whether anything slipped through.",
        "Reasonable start. Keep a shared doc per person so the thread continues between meetings.",
    ),
]

TOM_WITH_PRIYA = [
    (
        120,
        "assumption",
        "mentorship",
        "Product managers need a computer science degree",
        "I believed I couldn't move into product without a technical degree. "
        "Priya asked me to list the PMs I admire and check their backgrounds.",
        "And what did you find? Bring the list next time.",
    ),
    (
        95,
        "experiment",
        "public",
        "Writing my first product spec",
        "Wrote a one-page spec for the onboarding checklist: problem, who has it, "
        "how we'd know it's solved. Shared it with design before engineering.",
        "The 'how we'd know' line is what most first specs miss. Well done.",
    ),
    (
        70,
        "failure",
        "mentorship",
        "The roadmap review I wasn't ready for",
        "Presented a roadmap without numbers. The first question was *why this order?* "
        "and I had no answer beyond gut feeling.",
        "Painful but cheap lesson. Every priority needs one sentence of why.",
    ),
    (
        40,
        "breakthrough",
        "public",
        "I got the associate PM offer",
        "After four interviews and a take-home case, I got the offer. "
        "The case study was the onboarding spec I wrote here.",
        "Congratulations, Tom. You earned it.",
    ),
    (
        12,
        "reflection",
        "mentorship",
        "What six months of mentoring changed",
        "I stopped asking for permission to have opinions about the product. "
        "I learned to write down my assumptions and test them.",
        "",
    ),
]


def _seed_thread(mentorship: Mentorship, entries, *, journey: bool) -> None:
    if Post.objects.filter(mentorship=mentorship).exists():
        return
    thread = thread_for(author=mentorship.mentee, mentorship=mentorship)
    now = timezone.now()
    for days_ago, kind, visibility, title, body, feedback in entries:
        when = now - timedelta(days=days_ago, hours=3)
        post = Post.objects.create(
            thread=thread,
            author=mentorship.mentee,
            mentorship=mentorship,
            title=title,
            body=body,
            kind=kind,
            visibility=visibility,
            published_at=when,
            in_journey_record=journey and visibility != "private",
        )
        Post.objects.filter(pk=post.pk).update(created_at=when)
        if feedback:
            comment = Comment.objects.create(post=post, author=mentorship.mentor, body=feedback)
            Comment.objects.filter(pk=comment.pk).update(created_at=when + timedelta(hours=20))


@demo.register(order=50)
def seed(people: dict[str, User]) -> None:
    """Idempotent: running seed_demo twice changes nothing."""
    pairs = [
        ("maya", "sam", SAM_WITH_MAYA, False),
        ("priya", "tom", TOM_WITH_PRIYA, True),
    ]
    for mentor, mentee, entries, journey in pairs:
        mentorship = Mentorship.objects.filter(mentor=people[mentor], mentee=people[mentee]).first()
        if mentorship is not None:
            _seed_thread(mentorship, entries, journey=journey)
