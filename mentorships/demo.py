"""Demo mentorships: mentor profiles, pairs in every stage, a pending request, and the history
the insights page reads (past pairs, a pause, exit feedback). Parts of `manage.py seed_demo`
(see menteo/demo.py), around the features' parts that fill the pairs' roadmaps, rooms, threads
and meetings."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from menteo import demo
from mentorships import rules, services
from mentorships.models import Contract, Mentorship, MentorshipRequest, StageTransition

MENTOR_PROFILES = {
    "maya": (["Engineering management", "Hiring", "Staff engineering"], 4),
    "daniel": (["Fundraising", "MVP", "Founder coaching"], 3),
    "priya": (["Product leadership", "Interviewing", "Career change"], 3),
    "jonas": (["Engineering management", "System design", "Career change"], 3),
}

# Requests answered long ago, so the mentor page and the suggestions can say how quickly each
# mentor answers (from three answered requests): mentee, mentor, days ago, hours to answer.
ANSWERED_REQUESTS = [
    ("alex", "jonas", 300, 5), ("noor", "jonas", 240, 20), ("kai", "jonas", 200, 9),
    ("noor", "maya", 320, 30), ("kai", "maya", 260, 52), ("tom", "maya", 210, 44),
    ("kai", "daniel", 280, 70), ("alex", "daniel", 230, 90), ("noor", "daniel", 190, 120),
]  # fmt: skip


def seed_mentor_profiles(people: dict[str, User]) -> None:
    for handle, (expertise, capacity) in MENTOR_PROFILES.items():
        services.mentor_profile_update(
            user=people[handle], expertise=expertise, capacity=capacity, is_accepting=True
        )
    now = timezone.now()
    for mentee, mentor, days_ago, hours in ANSWERED_REQUESTS:
        asked = now - timedelta(days=days_ago)
        request, created = MentorshipRequest.objects.get_or_create(
            mentee=people[mentee],
            mentor=people[mentor],
            status=MentorshipRequest.Status.DECLINED,
            defaults={
                "focus_area": "skill",
                "focus": "A few sessions on my next step",
                "message": "Could you spare a few sessions this quarter?",
                "decline_reason": "My places are taken this quarter; ask me again in spring.",
                "decided_at": asked + timedelta(hours=hours),
            },
        )
        if created:  # created_at is set on insert (auto_now_add): date it as it happened
            MentorshipRequest.objects.filter(pk=request.pk).update(created_at=asked)


GOALS = {
    "leadership": [
        ("Hold weekly one-on-ones with all four reports", "Eight weeks of 1:1s, none skipped"),
        ("Lead the Q3 payments migration", "Live by 30 September with no P1 incident"),
        ("Write and present a team charter", "Charter reviewed with the team and my director"),
    ],
    "launch": [
        ("Interview 20 clinic managers", "20 interviews written up, top 3 problems ranked"),
        ("Ship a clickable prototype", "Prototype tested with 5 clinics"),
        ("Launch the MVP to 3 paying clinics", "3 signed pilots at any price"),
    ],
    "director": [
        ("Build a director-level promotion case", "Case reviewed by two directors"),
        ("Run a cross-team planning cycle", "Q2 plan agreed by three teams"),
        ("Pass a director interview loop", "An offer or a written debrief"),
        ("Hire two senior PMs", "Two offers accepted"),
    ],
}


def _demo_mentorship(
    people, mentor, mentee, focus_area, focus, goals_key, stage, days_ago, ended_reason=""
):
    """Bring a demo mentorship to `stage` through the same services people use."""
    mentor, mentee = people[mentor], people[mentee]
    existing = Mentorship.objects.filter(mentor=mentor, mentee=mentee, focus=focus).first()
    if existing:
        return existing

    started = timezone.now() - timedelta(days=days_ago)
    mentorship = services.mentorship_create(
        mentor=mentor,
        mentee=mentee,
        focus_area=focus_area,
        focus=focus,
        by=mentor,
        started_at=started,
    )
    services.contract_update(
        mentorship=mentorship,
        by=mentee,
        expected_version=1,
        ground_rules="We reply in the room within two working days.\n"
        "Sessions are cancelled at least 24 hours ahead.\n"
        "What we discuss stays between us.",
        meeting_cadence="fortnightly",
        communication_methods=["room", "video"],
        review_date=timezone.localdate() + timedelta(days=max(30, 182 - days_ago)),
        goals=[services.GoalInput(title=t, success_criterion=c) for t, c in GOALS[goals_key]],
    )
    # Cultivation needs a milestone (rules.py): one per goal, through the relation the rules
    # read too, as the roadmaps app is a feature the core does not import.
    for order, goal in enumerate(mentorship.goals.all()):
        mentorship.roadmap.milestones.create(
            order=order,
            title=f"First step: {goal.title.lower()}",
            goal=goal,
            due_date=timezone.localdate() + timedelta(days=14 * (order + 1)),
        )
    target = rules.STAGE_ORDER.index(stage)
    services.contract_agree(mentorship=mentorship, by=mentor, version=1)
    if target >= 1:
        services.contract_agree(mentorship=mentorship, by=mentee, version=1)
        services.transition(
            mentorship=mentorship,
            to="cultivation",
            by=mentee,
            note="Contract agreed, roadmap ready. Let's go.",
        )
        first = mentorship.goals.first()
        services.goal_set_status(
            mentorship=mentorship,
            goal_id=first.pk,
            by=mentee,
            achieved=True,
            evidence="Done: notes in the room.",
        )
    if target >= 2:
        for goal in mentorship.goals.all():
            services.goal_set_status(
                mentorship=mentorship,
                goal_id=goal.pk,
                by=mentee,
                achieved=True,
                evidence="Reached, with the evidence shared.",
            )
        services.transition(
            mentorship=mentorship,
            to="separation",
            by=mentor,
            note="Every goal reached. Time to review the journey.",
        )
        for goal in list(mentorship.goals.all())[:2]:
            services.goal_acknowledge(
                mentorship=mentorship,
                goal_id=goal.pk,
                by=mentor,
                outcome="achieved",
                note="Clearly reached.",
            )
    if target >= 3:
        for goal in mentorship.goals.all():
            for person in (mentor, mentee):
                services.goal_acknowledge(
                    mentorship=mentorship,
                    goal_id=goal.pk,
                    by=person,
                    outcome="achieved",
                    note="Reached.",
                )
        services.transition(
            mentorship=mentorship,
            to="redefinition",
            by=mentee,
            note="Peers from here on. Quarterly coffee.",
        )
    if ended_reason:
        services.mentorship_end(mentorship=mentorship, by=mentee, reason=ended_reason)
    # Spread the recorded history over the days since the start, as it happened.
    steps = list(mentorship.transitions.order_by("created_at", "id"))
    for index, step in enumerate(steps):
        when = started + timedelta(days=days_ago * index / max(1, len(steps)))
        StageTransition.objects.filter(pk=step.pk).update(created_at=when)
    Mentorship.objects.filter(pk=mentorship.pk).update(
        stage_changed_at=started + timedelta(days=days_ago * (len(steps) - 1) / max(1, len(steps)))
    )
    return mentorship


PENDING_REQUESTS = [
    # mentee, mentor, focus area, focus, message
    ("lena", "priya", "funding", "Prepare the seed round pitch",
     "I'm raising a seed round in spring. Could you help me shape the story and the product "
     "narrative investors want to hear?"),
    ("ines", "maya", "skill", "Hire my first engineering lead",
     "We are eight people and I am still the one reviewing every pull request. I would love "
     "your help to define the role, run the loop and hand over well."),
]  # fmt: skip


@demo.register(order=20)
def seed_mentorships(people: dict[str, User]) -> None:
    seed_mentor_profiles(people)
    _demo_mentorship(
        people,
        "maya",
        "sam",
        "leadership",
        "Become an engineering manager",
        "leadership",
        "cultivation",
        75,
    )
    _demo_mentorship(
        people,
        "daniel",
        "lena",
        "launch",
        "Launch the clinic-scheduling MVP",
        "launch",
        "initiation",
        12,
    )
    _demo_mentorship(
        people,
        "priya",
        "tom",
        "promotion",
        "Land a Director of Product role",
        "director",
        "separation",
        170,
    )
    _demo_mentorship(
        people, "maya", "tom", "skill", "Lead without authority", "leadership", "redefinition", 300
    )
    _demo_mentorship(
        people,
        "daniel",
        "sam",
        "launch",
        "Side project to first users",
        "launch",
        "initiation",
        40,
        ended_reason="Paused the side project to focus on the new team.",
    )
    for mentee, mentor, focus_area, focus, message in PENDING_REQUESTS:
        if not MentorshipRequest.objects.filter(
            mentee=people[mentee], mentor=people[mentor]
        ).exists():
            services.request_create(
                mentee=people[mentee],
                mentor=people[mentor],
                focus_area=focus_area,
                focus=focus,
                message=message,
            )


# Relationship health: history for the insights page, a pause, exit feedback ---------------


HISTORY = [
    # mentor, mentee, focus area, focus, goals, stage, days ago, ended reason
    ("maya", "alex", "promotion", "Reach staff engineer", "leadership", "redefinition", 400, ""),
    ("maya", "noor", "leadership", "My first 90 days as a manager", "leadership", "initiation",
     130, "We never found a regular time that worked for both of us."),
    ("priya", "alex", "skill", "Product sense for engineers", "director", "cultivation", 220,
     "Alex moved to the staff track; product can wait."),
    ("priya", "kai", "transition", "From design to product management", "director",
     "cultivation", 240, ""),
    ("daniel", "ines", "launch", "Pricing for a B2B SaaS", "launch", "initiation", 75, ""),
]  # fmt: skip

FEEDBACK = [
    # mentor, mentee, author, what worked, what to change, relationship, progress, recommend
    ("maya", "tom", "tom", "Direct, kind feedback and homework between sessions.",
     "More written notes after each call.", 5, 4, True),
    ("maya", "alex", "alex", "Maya knew exactly which projects make a staff case.",
     "", 5, 5, True),
    ("maya", "noor", "noor", "The first call was great.",
     "Agree on a fixed slot from the start.", 3, 2, False),
    ("maya", "tom", "maya", "Tom did every piece of homework.", "", 5, 4, True),
    ("daniel", "sam", "sam", "Practical, founder-to-founder advice.",
     "We both over-committed; a pause would have been better than stopping.", 4, 3, True),
]  # fmt: skip


@demo.register(order=70)
def seed_health(people: dict[str, User]) -> None:
    for mentor, mentee, area, focus, goals, stage, days_ago, ended in HISTORY:
        _demo_mentorship(
            people, mentor, mentee, area, focus, goals, stage, days_ago, ended_reason=ended
        )
    # Kai and Priya passed their review date without moving to Separation.
    kai = Mentorship.objects.get(mentor=people["priya"], mentee=people["kai"])
    Contract.objects.filter(pk=kai.current_contract_id).update(
        review_date=timezone.localdate() - timedelta(days=20)
    )
    lena = Mentorship.objects.get(mentor=people["daniel"], mentee=people["lena"])
    if not lena.is_paused:
        services.mentorship_pause(
            mentorship=lena,
            by=people["lena"],
            reason="Two weeks of clinic pilots: no time for anything else.",
            resume_on=timezone.localdate() + timedelta(days=16),
        )
    # Redefinition's shape is chosen together: Tom proposes, Maya has yet to confirm it.
    tom = Mentorship.objects.get(mentor=people["maya"], mentee=people["tom"])
    if tom.stage == "redefinition" and tom.proposed_by_id != people["tom"].pk:
        services.relationship_update(
            mentorship=tom,
            by=people["tom"],
            relationship="advisor",
            checkin_rhythm="twice_a_year",
        )
    for mentor, mentee, author, worked, change, relationship, progress, recommend in FEEDBACK:
        mentorship = Mentorship.objects.filter(mentor=people[mentor], mentee=people[mentee]).first()
        if mentorship.exit_feedback.filter(author=people[author]).exists():
            continue
        services.exit_feedback_give(
            mentorship=mentorship,
            by=people[author],
            what_worked=worked,
            what_to_change=change,
            relationship_rating=relationship,
            progress_rating=progress,
            would_recommend=recommend,
        )


@demo.register(order=75)
def seed_second_cycle(people: dict[str, User]) -> None:
    """Alex and Maya reached Redefinition, then cycled back for a new challenge and are in their
    second Separation: the page lists both cycles, each with its record, review and feedback."""
    alex = Mentorship.objects.get(mentor=people["maya"], mentee=people["alex"])
    if alex.cycle > 1:
        return
    Mentorship.objects.filter(pk=alex.pk).update(
        relationship="advisor",
        checkin_rhythm="yearly",
        proposed_relationship="",
        proposed_checkin_rhythm="",
        proposed_by=None,
        proposed_at=None,
    )
    first_goal = rules.current_goals(alex)[0]
    services.transition(
        mentorship=alex,
        to="cultivation",
        by=people["alex"],
        reopen_goal_ids=[first_goal.pk],
        note="New challenge: the staff promotion case, one level up.",
    )
    alex.refresh_from_db()
    for goal in rules.current_goals(alex):
        services.goal_set_status(
            mentorship=alex,
            goal_id=goal.pk,
            by=people["alex"],
            achieved=True,
            evidence="The promotion packet is in.",
        )
    # Their roadmap is done too, so moving on leaves nothing unfinished.
    alex.roadmap.milestones.exclude(status="done").update(status="done", done_at=timezone.now())
    services.transition(
        mentorship=alex,
        to="separation",
        by=people["alex"],
        note="Packet submitted: time to review this cycle.",
    )


@demo.register(order=90)
def recount_activity(people: dict[str, User]) -> None:
    # The parts backdate messages, posts, meetings and stage changes around the services:
    # each pair's last activity is set from its definition once everything is in place.
    services.mentorships_recount_activity()
