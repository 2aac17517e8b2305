"""Generate a realistic Menteo data set at a chosen scale, fast (PostgreSQL COPY).

    python -m bench.generate --mentorships 10000 [--database-url postgres://…/menteo_bench_large]

The database is dropped, recreated and migrated first (only a database whose name contains
"bench"). Rows are written with COPY, not through the services, but they follow the
lifecycle's rules: every mentorship has its start transition and one per stage it went
through, agreed contracts (versioned) with 3-5 goals before Cultivation, a roadmap with
milestones, acknowledged goals in Separation and Redefinition, a reason when it ended, meetings
with agendas and notes, and the notifications those events sent.

A fixed "probe" set (a mentor with five mentorships, one per stage and one ended) is generated
first from its own random seed, identical at every scale: the query-scaling benchmark measures
the same pages over more data around them.

Each app's data comes from one generator function in GENERATORS; a new app adds one.
"""

import argparse
import hashlib
import json
import random
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    DEFAULT_DATABASE,
    ROOT,
    check_bench_database,
    database_name,
    maintenance_url,
    markdown_table,
    setup_django,
)

PROBE_MENTOR = "bench-mentor"  # username of the probe mentor; probe mentees: bench-mentee1..5
PROBE_ADMIN = "bench-admin"  # staff, for the admin pages
PROBE_NEWCOMER = "bench-newcomer"  # no request, no mentorship: sees suggestions
PROBE_PASSWORD = "bench-password-2026"

FIRST = [
    "Maya",
    "Daniel",
    "Priya",
    "Sam",
    "Lena",
    "Tom",
    "Aisha",
    "Bruno",
    "Chen",
    "Dara",
    "Elif",
    "Femi",
    "Greta",
    "Hugo",
    "Ines",
    "Jonas",
    "Kofi",
    "Lucia",
    "Marek",
    "Nadia",
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Sanjay",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Yusuf",
    "Zoe",
    "Amara",
    "Ben",
    "Carla",
    "Diego",
    "Eva",
    "Farah",
    "Gil",
    "Hana",
    "Ivan",
    "Julia",
    "Kai",
    "Leila",
    "Mateo",
    "Nora",
    "Oscar",
]
LAST = [
    "Okafor",
    "Brandt",
    "Raman",
    "Lee",
    "Fischer",
    "Alvarez",
    "Khan",
    "Costa",
    "Wang",
    "Novak",
    "Demir",
    "Adeyemi",
    "Berg",
    "Laurent",
    "Silva",
    "Weber",
    "Mensah",
    "Rossi",
    "Kowalski",
    "Haddad",
    "Ali",
    "Moreau",
    "Duval",
    "Garcia",
    "Iyer",
    "Singh",
    "Tanaka",
    "Petrov",
    "Zhou",
    "Yilmaz",
    "Schmidt",
    "Nguyen",
    "Ortiz",
    "Jensen",
    "Haas",
    "Park",
    "Kim",
    "Bauer",
    "Santos",
    "Murphy",
]
ROLES = (
    "Senior backend engineer",
    "Product manager",
    "Staff engineer",
    "Designer",
    "Engineering manager",
    "Data scientist",
    "Founder",
    "Head of Sales",
    "CTO",
    "Director of Product",
    "UX researcher",
    "Marketing lead",
)
TIMEZONES = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Los_Angeles",
    "America/Chicago",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "UTC",
)
EXPERTISE = (
    "Engineering management",
    "Fundraising",
    "Product strategy",
    "System design",
    "Hiring",
    "Public speaking",
    "Career change",
    "Go-to-market",
    "UX research",
    "Data science",
    "Negotiation",
    "Leadership",
    "Python",
    "Sales",
    "Design systems",
)
FOCUS = {
    "skill": "Get fluent in system design interviews",
    "job_change": "Move from agency work to a product company",
    "promotion": "Make the case for senior engineer",
    "leadership": "Become an engineering manager",
    "launch": "Launch the MVP to the first ten customers",
    "funding": "Close a seed round",
    "other": "Find a sustainable pace as a new parent",
}
GOALS = [
    ("Run weekly one-on-ones with all four reports", "Four recurring 1:1s held for 8 weeks"),
    ("Ship the Q3 platform migration as lead", "Migration live with no P1 incident"),
    ("Get a written promotion case reviewed", "Case reviewed by my director by June"),
    ("Hire one engineer", "Offer accepted"),
    ("Give a talk at a meetup", "Talk given, slides published"),
    ("Interview twenty potential customers", "Twenty notes in the research folder"),
    ("Build a financial model for the seed round", "Model reviewed by two investors"),
]
MILESTONES = (
    "Write the first draft",
    "Review with the mentor",
    "Share with the team",
    "Collect feedback",
    "Present the result",
    "Book the first customer call",
    "Prepare the deck",
    "Run the first retrospective",
)
NOTES = (
    "## What we talked about\n\n- Progress on the migration plan\n- How to say no to scope "
    "creep\n\n**Next:** draft the one-pager and share it before Friday."
)
END_REASONS = (
    "We both ran out of time this quarter.",
    "I changed jobs and my focus moved.",
    "The goals were reached sooner than planned.",
)


@dataclass
class Plan:
    """One mentorship's history, decided before any row is written."""

    id: uuid.UUID
    mentor: int
    mentee: int
    focus_area: str
    path: list[tuple[str, datetime]]  # (stage or "ended"/"paused", when), in order
    stage: str = "initiation"
    cycle: int = 1
    started_at: datetime | None = None
    stage_changed_at: datetime | None = None
    ended_at: datetime | None = None
    ended_by: int | None = None
    paused_at: datetime | None = None
    contract_id: int | None = None
    goals: dict[int, list[int]] = field(default_factory=dict)  # cycle -> goal ids
    transition_ids: list[tuple[int, str, datetime, int]] = field(default_factory=list)
    milestone_ids: list[int] = field(default_factory=list)
    room_id: int | None = None
    last_activity_at: datetime | None = None  # as the services keep it (mentorship_touch)

    def touch(self, when: datetime) -> None:
        if self.last_activity_at is None or when > self.last_activity_at:
            self.last_activity_at = when


@dataclass
class World:
    """What the generators share: the random source, the clock, the people and the plans."""

    scale: int
    rng: random.Random
    now: datetime
    password: str
    messages_per_room: int = 100
    users: list[dict] = field(default_factory=list)
    mentors: list[int] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        value = self.next_ids.get(table, 1)
        self.next_ids[table] = value + 1
        return value


# Writing ---------------------------------------------------------------------------------


def copy_rows(model, rows: list[dict]) -> None:
    """COPY `rows` (dicts keyed by column) into the model's table."""
    from django.db import connection

    if not rows:
        return
    columns = list(rows[0])
    table = model._meta.db_table
    column_sql = ", ".join(f'"{name}"' for name in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(f'COPY "{table}" ({column_sql}) FROM STDIN') as copy,
    ):
        for row in rows:
            copy.write_row([row[name] for name in columns])


def write(world: World, model, rows: list[dict]) -> None:
    copy_rows(model, rows)
    label = model._meta.label
    world.counts[label] = world.counts.get(label, 0) + len(rows)


# Planning: who mentors whom, and how far each pair got -----------------------------------


def _person(world: World, username: str, name: str, *, rng: random.Random) -> int:
    user_id = world.new_id("user")
    joined = world.now - timedelta(days=rng.randint(30, 900))
    role = rng.choice(ROLES)
    world.users.append(
        {
            "id": user_id,
            "password": world.password,
            "last_login": world.now - timedelta(hours=rng.randint(1, 500)),
            "is_superuser": False,
            "username": username,
            "is_staff": False,
            "is_active": True,
            "date_joined": joined,
            "email": f"{username}@bench.menteo.dev",
            "display_name": name,
            "headline": role,
            "bio": f"{role}. I care about clear goals, honest feedback and steady progress.",
            "timezone": rng.choice(TIMEZONES),
            "welcome_email_sent_at": joined,
        }
    )
    return user_id


def _path(rng: random.Random, now: datetime, stage: str | None) -> list[tuple[str, datetime]]:
    """A lifecycle that the transition table allows, with times in the past."""
    roll = rng.random()
    if stage is None:
        stage = (
            "initiation"
            if roll < 0.18
            else "cultivation"
            if roll < 0.55
            else "separation"
            if roll < 0.65
            else "redefinition"
            if roll < 0.78
            else "ended"
        )
    if stage == "initiation":
        return [("initiation", now - timedelta(days=rng.uniform(1, 120)))]
    if stage == "ended":
        steps = rng.choice(
            [
                ["initiation"],
                ["initiation", "cultivation"],
                ["initiation", "cultivation"],
                ["initiation", "cultivation", "separation"],
                ["initiation", "cultivation", "separation", "redefinition"],
            ]
        )
        steps = [*steps, "ended"]
    elif stage == "cultivation":
        steps = ["initiation", "cultivation"]
        if rng.random() < 0.12:  # a new challenge after a first Separation: cycle 2
            steps += ["separation", "cultivation"]
    elif stage == "separation":
        steps = ["initiation", "cultivation", "separation"]
    else:
        steps = ["initiation", "cultivation", "separation", "redefinition"]
    age = rng.uniform(30 * len(steps), 720)
    cuts = sorted(rng.uniform(0, age - 2) for _ in range(len(steps) - 1))
    start = now - timedelta(days=age)
    return [
        (step, start + timedelta(days=offset))
        for step, offset in zip(steps, [0, *cuts], strict=True)
    ]


def _plan(world: World, rng: random.Random, mentor: int, mentee: int, stage=None) -> Plan:
    path = _path(rng, world.now, stage)
    plan = Plan(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        mentor=mentor,
        mentee=mentee,
        focus_area=rng.choice(list(FOCUS)),
        path=path,
    )
    plan.started_at = path[0][1]
    for step, when in path:
        if step == "ended":
            plan.ended_at = when
            plan.ended_by = rng.choice([mentor, mentee])
        else:
            if step == "cultivation" and plan.stage != "initiation":
                plan.cycle += 1
            plan.stage = step
            plan.stage_changed_at = when
    if (
        plan.ended_at is None
        and plan.stage in ("initiation", "cultivation")
        and rng.random() < 0.04
    ):
        plan.paused_at = world.now - timedelta(days=rng.uniform(1, 20))
    return plan


def plan_world(world: World) -> None:
    """The probe set (its own seed, the same at every scale), then the population."""
    probe = random.Random(7)
    _person(world, PROBE_ADMIN, "Bench Admin", rng=probe)
    world.users[-1].update(is_staff=True, is_superuser=True)
    probe_mentor = _person(world, PROBE_MENTOR, "Bench Mentor", rng=probe)
    world.mentors.append(probe_mentor)
    for number, stage in enumerate(
        ["cultivation", "initiation", "separation", "redefinition", "ended"], start=1
    ):
        mentee = _person(world, f"bench-mentee{number}", f"Bench Mentee {number}", rng=probe)
        world.plans.append(_plan(world, probe, probe_mentor, mentee, stage))
    # Someone who has asked nobody yet: the suggestions read their headline alone.
    _person(world, PROBE_NEWCOMER, "Bench Newcomer", rng=probe)
    world.users[-1].update(headline="Senior backend engineer, aiming for engineering manager")

    rng = world.rng
    mentor_count = max(4, world.scale // 4)
    mentee_count = max(4, world.scale * 3 // 4)
    mentors = [
        _person(world, f"mentor{n}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng=rng)
        for n in range(mentor_count)
    ]
    mentees = [
        _person(world, f"mentee{n}", f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng=rng)
        for n in range(mentee_count)
    ]
    world.mentors += mentors
    pairs = set()
    while len(pairs) < world.scale:
        pair = (rng.choice(mentors), rng.choice(mentees))
        if pair not in pairs:
            pairs.add(pair)
            world.plans.append(_plan(world, rng, *pair))


# Generators, one per app ---------------------------------------------------------------------


def accounts(world: World) -> None:
    from allauth.account.models import EmailAddress

    from accounts.models import User

    write(world, User, world.users)
    write(
        world,
        EmailAddress,
        [
            {
                "id": user["id"],
                "user_id": user["id"],
                "email": user["email"],
                "verified": True,
                "primary": True,
            }
            for user in world.users
        ],
    )


def mentorships(world: World) -> None:
    """Mentor profiles, requests, mentorships, contracts, goals, acknowledgements, the
    history and exit feedback."""
    from mentorships.models import (
        Contract,
        ExitFeedback,
        Expertise,
        Goal,
        GoalAcknowledgement,
        MentorProfile,
        Mentorship,
        MentorshipRequest,
        StageTransition,
    )

    rng, now = world.rng, world.now
    live = {}
    for plan in world.plans:
        if plan.ended_at is None and plan.stage != "redefinition":
            live[plan.mentor] = live.get(plan.mentor, 0) + 1
    expertise = [
        {"id": n, "name": name, "slug": name.lower().replace(" ", "-")}
        for n, name in enumerate(EXPERTISE, start=1)
    ]
    write(world, Expertise, expertise)
    profiles, tags = [], []
    for profile_id, mentor in enumerate(world.mentors, start=1):
        capacity = min(50, max(3, live.get(mentor, 0) + rng.randint(-1, 2)))
        accepting = rng.random() < 0.85
        chosen = rng.sample(expertise, rng.randint(1, 4))
        if profile_id == 1:  # the probe mentor: the same profile at every scale
            capacity, accepting, chosen = 10, True, expertise[:3]
        profiles.append(
            {
                "id": profile_id,
                "user_id": mentor,
                "capacity": capacity,
                "is_accepting": accepting,
                "created_at": now,
                "updated_at": now,
            }
        )
        for tag in chosen:
            tags.append(
                {
                    "id": world.new_id("tag"),
                    "mentorprofile_id": profile_id,
                    "expertise_id": tag["id"],
                }
            )
    write(world, MentorProfile, profiles)
    write(world, MentorProfile.expertise.through, tags)

    requests, rows, contracts, goals, acks, transitions, feedback = [], [], [], [], [], [], []
    for plan in world.plans:
        focus = FOCUS[plan.focus_area]
        contract_rows = []
        # The path, written as the history; cycles, contracts and goals follow it.
        cycle = 1
        previous = ""
        review = plan.started_at.date() + timedelta(days=182)
        for step, when in plan.path:
            if step == "cultivation" and previous not in ("", "initiation"):
                cycle += 1
                if review <= when.date():
                    review = when.date() + timedelta(days=182)
            transition_id = world.new_id("transition")
            by = plan.mentor if step == "initiation" else rng.choice([plan.mentor, plan.mentee])
            if step == "ended":
                by = plan.ended_by
            note = (
                "Request accepted: the mentorship starts."
                if not previous
                else rng.choice(END_REASONS)
                if step == "ended"
                else ""
            )
            transitions.append(
                {
                    "id": transition_id,
                    "mentorship_id": plan.id,
                    "from_stage": previous if step != "ended" else plan.stage,
                    "to_stage": step,
                    "cycle": cycle,
                    "by_id": by,
                    "note": note,
                    "created_at": when,
                }
            )
            plan.transition_ids.append((transition_id, step, when, by))
            if step in ("initiation", "cultivation") and (
                step == "initiation" or previous != "initiation"
            ):
                contract_rows.append((cycle, when, review))
            if step != "ended":
                previous = step
        if plan.paused_at:
            transitions.append(
                {
                    "id": world.new_id("transition"),
                    "mentorship_id": plan.id,
                    "from_stage": plan.stage,
                    "to_stage": "paused",
                    "cycle": plan.cycle,
                    "by_id": plan.mentee,
                    "note": "A busy quarter at work.",
                    "created_at": plan.paused_at,
                }
            )

        # Goals per cycle: 3-5 in cycle 1 (a draft may have fewer in Initiation), 1-3 later.
        goal_snapshots = {}
        for cycle_number, opened, _ in contract_rows:
            is_current = cycle_number == plan.cycle
            drafting = plan.stage == "initiation" and plan.ended_at is None
            count = rng.randint(0, 5) if drafting else rng.randint(3, 5)
            if cycle_number > 1:
                count = rng.randint(1, 3)
            all_achieved = (not is_current) or plan.stage in ("separation", "redefinition")
            all_achieved = all_achieved or (plan.stage == "cultivation" and rng.random() < 0.15)
            snapshot, ids = [], []
            for order in range(count):
                goal_id = world.new_id("goal")
                title, criterion = GOALS[(order + rng.randint(0, 6)) % len(GOALS)]
                if plan.stage == "initiation" and is_current:
                    achieved = False
                else:
                    achieved = all_achieved or rng.random() < 0.4
                achieved_at = opened + (now - opened) * rng.uniform(0.2, 0.9) if achieved else None
                target = (opened + timedelta(days=rng.randint(30, 180))).date()
                goals.append(
                    {
                        "id": goal_id,
                        "mentorship_id": plan.id,
                        "cycle": cycle_number,
                        "order": order,
                        "title": title,
                        "success_criterion": criterion,
                        "target_date": target,
                        "status": "achieved" if achieved else "open",
                        "evidence": "Done: see the notes of our last meeting." if achieved else "",
                        "achieved_at": achieved_at,
                        "reopened_from_id": None,
                        "created_at": opened,
                        "updated_at": achieved_at or opened,
                    }
                )
                snapshot.append(
                    {
                        "id": goal_id,
                        "title": title,
                        "success_criterion": criterion,
                        "target_date": target.isoformat(),
                    }
                )
                ids.append(goal_id)
                separated = (not is_current) or plan.stage in ("separation", "redefinition")
                for person in (plan.mentor, plan.mentee):
                    both = plan.stage == "redefinition" or not is_current
                    if separated and (both or rng.random() < 0.6):
                        acks.append(
                            {
                                "id": world.new_id("ack"),
                                "goal_id": goal_id,
                                "user_id": person,
                                "outcome": "achieved" if achieved else "partly",
                                "note": "",
                                "created_at": now,
                                "updated_at": now,
                            }
                        )
            plan.goals[cycle_number] = ids
            goal_snapshots[cycle_number] = snapshot

        # Contracts: a cycle may have an earlier agreed version; the latest is current.
        for cycle_number, opened, review_date in contract_rows:
            is_current = cycle_number == plan.cycle
            versions = 2 if rng.random() < 0.3 else 1
            reviewable = (
                is_current and plan.ended_at is None and plan.stage in ("initiation", "cultivation")
            )
            if reviewable and review_date <= now.date() and rng.random() < 0.85:
                # Most pairs past their planned review agreed on a later one (a new version).
                review_date = now.date() + timedelta(days=rng.randint(2, 180))
                versions = 2
            agreed_by_both = not (is_current and plan.stage == "initiation") or (
                len(goal_snapshots[cycle_number]) >= 3 and rng.random() < 0.3
            )
            for version in range(1, versions + 1):
                contract_id = world.new_id("contract")
                latest = version == versions
                agreed = (
                    opened + timedelta(days=version * 3) if (agreed_by_both or not latest) else None
                )
                mentee_agreed = agreed
                if (
                    latest
                    and agreed is None
                    and goal_snapshots[cycle_number]
                    and rng.random() < 0.5
                ):
                    mentee_agreed = opened + timedelta(days=2)  # one of the two agreed so far
                contracts.append(
                    {
                        "id": contract_id,
                        "mentorship_id": plan.id,
                        "cycle": cycle_number,
                        "version": version,
                        "ground_rules": "Reply within two working days. Cancel at "
                        "least a day before.",
                        "meeting_cadence": rng.choice(["weekly", "fortnightly", "monthly"]),
                        "communication_methods": json.dumps(["room", "video"]),
                        "review_date": review_date,
                        "goals_snapshot": json.dumps(goal_snapshots[cycle_number]),
                        "mentor_agreed_at": agreed,
                        "mentee_agreed_at": mentee_agreed,
                        "created_by_id": plan.mentor,
                        "created_at": opened,
                        "updated_at": agreed or opened,
                    }
                )
                if is_current and latest:
                    plan.contract_id = contract_id

        rows.append(
            {
                "id": plan.id,
                "mentor_id": plan.mentor,
                "mentee_id": plan.mentee,
                "focus_area": plan.focus_area,
                "focus": focus,
                "stage": plan.stage,
                "cycle": plan.cycle,
                "current_contract_id": plan.contract_id,
                "started_at": plan.started_at,
                "stage_changed_at": plan.stage_changed_at,
                # Raised by the later generators; `last_activity` writes the final value.
                "last_activity_at": max(plan.started_at, plan.stage_changed_at),
                "ended_at": plan.ended_at,
                "ended_by_id": plan.ended_by,
                "end_reason": transitions[-1]["note"] if plan.ended_at else "",
                "paused_at": plan.paused_at,
                "pause_reason": "A busy quarter at work." if plan.paused_at else "",
                "resume_on": (now + timedelta(days=30)).date() if plan.paused_at else None,
                "relationship": "peers" if plan.stage == "redefinition" else "",
                "checkin_rhythm": "quarterly" if plan.stage == "redefinition" else "",
                "proposed_relationship": "",
                "proposed_checkin_rhythm": "",
                "created_at": plan.started_at,
                "updated_at": plan.stage_changed_at,
            }
        )
        requests.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "mentee_id": plan.mentee,
                "mentor_id": plan.mentor,
                "focus_area": plan.focus_area,
                "focus": focus,
                "message": "I would love your guidance on this.",
                "status": "accepted",
                "decline_reason": "",
                "created_at": plan.started_at - timedelta(days=2),
                "decided_at": plan.started_at,
                "mentorship_id": plan.id,
            }
        )
        if plan.ended_at or plan.stage == "redefinition":
            occasion = "ended" if plan.ended_at else "redefinition"
            for person, role in ((plan.mentor, "mentor"), (plan.mentee, "mentee")):
                if rng.random() < 0.5:
                    feedback.append(
                        {
                            "id": world.new_id("feedback"),
                            "mentorship_id": plan.id,
                            "author_id": person,
                            "author_role": role,
                            "occasion": occasion,
                            "cycle": plan.cycle,
                            "what_worked": "Clear goals and honest feedback.",
                            "what_to_change": "",
                            "relationship_rating": rng.randint(3, 5),
                            "progress_rating": rng.randint(2, 5),
                            "would_recommend": rng.random() < 0.85,
                            "created_at": plan.path[-1][1],
                        }
                    )

    # Pending and declined requests between people who have no live mentorship together.
    taken = {(plan.mentee, plan.mentor) for plan in world.plans}
    mentees = [user["id"] for user in world.users if user["username"].startswith("mentee")]
    for _ in range(max(2, world.scale // 10)):
        pair = (rng.choice(mentees), rng.choice(world.mentors[1:]))
        if pair in taken:
            continue
        taken.add(pair)
        created = now - timedelta(days=rng.uniform(0, 20))
        status = "pending" if rng.random() < 0.5 else "declined"
        requests.append(
            {
                "id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "mentee_id": pair[0],
                "mentor_id": pair[1],
                "focus_area": "skill",
                "focus": FOCUS["skill"],
                "message": "Could we work on this together?",
                "status": status,
                "decline_reason": "",
                "created_at": created,
                "decided_at": None if status == "pending" else created,
                "mentorship_id": None,
            }
        )

    write(world, Mentorship, rows)
    write(world, Contract, contracts)
    write(world, Goal, goals)
    write(world, GoalAcknowledgement, acks)
    write(world, StageTransition, transitions)
    write(world, ExitFeedback, feedback)
    write(world, MentorshipRequest, requests)


def roadmaps(world: World) -> None:
    """The template library (the migrations' own, plus ours), and one roadmap per mentorship
    (about half copied from a template) with its milestones."""
    from roadmaps.models import Milestone, MilestoneTemplate, Roadmap, RoadmapTemplate

    rng, now = world.rng, world.now
    templates, template_milestones = [], []
    by_focus = dict(RoadmapTemplate.objects.values_list("focus_area", "pk"))
    first_id = max(by_focus.values(), default=0) + 1
    first_milestone = (
        MilestoneTemplate.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    world.next_ids["milestone_template"] = first_milestone + 1
    for template_id, (title, focus_area) in enumerate(TEMPLATES, start=first_id):
        by_focus[focus_area] = template_id
        templates.append(
            {
                "id": template_id,
                "title": title,
                "slug": "bench-" + title.lower().replace(" ", "-"),
                "summary": f"A proven path: {FOCUS[focus_area].lower()}.",
                "focus_area": focus_area,
                "is_published": True,
                "created_at": now,
                "updated_at": now,
            }
        )
        for order in range(5):
            template_milestones.append(
                {
                    "id": world.new_id("milestone_template"),
                    "template_id": template_id,
                    "order": order,
                    "title": MILESTONES[order],
                    "description": "What good looks like, agreed with your mentor.",
                    "offset_weeks": 2 * (order + 1),
                }
            )
    write(world, RoadmapTemplate, templates)
    write(world, MilestoneTemplate, template_milestones)
    roadmap_rows, milestones = [], []
    for index, plan in enumerate(world.plans):
        roadmap_id = world.new_id("roadmap")
        from_template = index % 2 == 0 and plan.focus_area in by_focus
        roadmap_rows.append(
            {
                "id": roadmap_id,
                "mentorship_id": plan.id,
                "title": FOCUS[plan.focus_area],
                "template_id": by_focus[plan.focus_area] if from_template else None,
                "start_date": plan.started_at.date(),
                "created_at": plan.started_at,
                "updated_at": plan.stage_changed_at,
            }
        )
        drafting = plan.stage == "initiation" and plan.ended_at is None
        count = rng.randint(0, 3) if drafting else rng.randint(2, 8)
        if plan.path[-1][0] == "ended" and len(plan.path) == 2:
            count = rng.randint(0, 3)  # ended in Initiation
        goal_ids = plan.goals.get(plan.cycle, [])
        progress = {"initiation": 0.0, "cultivation": 0.5, "separation": 0.9, "redefinition": 1.0}[
            plan.stage
        ]
        for order in range(count):
            done = rng.random() < progress
            due = plan.started_at + timedelta(days=30 * (order + 1))
            milestone_id = world.new_id("milestone")
            plan.milestone_ids.append(milestone_id)
            milestones.append(
                {
                    "id": milestone_id,
                    "roadmap_id": roadmap_id,
                    "order": order,
                    "title": MILESTONES[order % len(MILESTONES)],
                    "description": "What good looks like: agreed in our last meeting.",
                    "due_date": due.date(),
                    "status": "done" if done else rng.choice(["todo", "doing"]),
                    "done_at": min(due, now) if done else None,
                    "goal_id": goal_ids[order % len(goal_ids)]
                    if goal_ids and order % 2 == 0
                    else None,
                    "created_at": plan.started_at,
                    "updated_at": plan.stage_changed_at,
                }
            )
    write(world, Roadmap, roadmap_rows)
    write(world, Milestone, milestones)


def meetings(world: World) -> None:
    from meetings.models import ActionItem, AgendaItem, Meeting

    rng, now = world.rng, world.now
    meeting_rows, agenda, actions = [], [], []
    for plan in world.plans:
        held = {
            "initiation": (0, 1),
            "cultivation": (2, 8),
            "separation": (1, 3),
            "redefinition": (0, 2),
        }[plan.stage]
        end = plan.ended_at or now
        starts = [
            plan.started_at + (end - plan.started_at) * rng.random()
            for _ in range(rng.randint(*held))
        ]
        if plan.ended_at is None and plan.paused_at is None and rng.random() < 0.4:
            starts.append(now + timedelta(days=rng.uniform(1, 14)))  # the next one, planned
        for starts_at in starts:
            starts_at = starts_at.replace(minute=0, second=0, microsecond=0)
            meeting_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            past = starts_at < now
            status = ("cancelled" if rng.random() < 0.05 else "held") if past else "planned"
            creator = rng.choice([plan.mentor, plan.mentee])
            meeting_rows.append(
                {
                    "id": meeting_id,
                    "mentorship_id": plan.id,
                    "starts_at": starts_at,
                    "duration_minutes": 45,
                    "where": "https://meet.example.com/menteo",
                    "status": status,
                    "notes": NOTES if status == "held" else "",
                    "sequence": 0,
                    "created_by_id": creator,
                    "created_at": starts_at - timedelta(days=7),
                    "updated_at": starts_at,
                }
            )
            plan.transition_ids.append((meeting_id, "meeting", starts_at, creator))
            if past and status != "cancelled":
                plan.touch(starts_at)
            for _ in range(rng.randint(0, 3)):
                agenda.append(
                    {
                        "id": world.new_id("agenda"),
                        "meeting_id": meeting_id,
                        "author_id": rng.choice([plan.mentor, plan.mentee]),
                        "text": "How to handle a difficult one-on-one",
                        "created_at": starts_at - timedelta(days=2),
                    }
                )
            if status == "held":
                for _ in range(rng.randint(0, 2)):
                    actions.append(
                        {
                            "id": world.new_id("action"),
                            "meeting_id": meeting_id,
                            "text": "Draft the one-pager",
                            "owner_id": plan.mentee,
                            "milestone_id": None,
                            "created_at": starts_at,
                        }
                    )
    write(world, Meeting, meeting_rows)
    write(world, AgendaItem, agenda)
    write(world, ActionItem, actions)


def notifications(world: World) -> None:
    """What the history sent: stage changes and meeting invitations to the other person,
    past review reminders, a few failed and pending ones, and some opt-outs."""
    from notifications.models import EmailOptOut, Notification

    rng, now = world.rng, world.now
    rows = []
    for plan in world.plans:
        path = f"/mentorships/{plan.id}/"
        for event_id, step, when, by in plan.transition_ids:
            if step == "initiation" or by is None:
                continue  # the start notifies nobody: the mentor accepted
            recipient = plan.mentee if by == plan.mentor else plan.mentor
            if step == "meeting":
                kind, occasion = "meeting_invite", f"meeting:{event_id}:0"
                subject = "A meeting was planned"
            else:
                kind, occasion = "stage_change", f"transition:{event_id}"
                subject = f"Your mentorship moved to {step.title()}"
            if when > now:
                when = now - timedelta(minutes=5)
            roll = rng.random()
            status = "sent" if roll < 0.95 else "failed" if roll < 0.98 else "pending"
            rows.append(
                {
                    "id": world.new_id("notification"),
                    "recipient_id": recipient,
                    "kind": kind,
                    "mentorship_id": plan.id,
                    "occasion": occasion,
                    "subject": subject,
                    "body": "Open Menteo to see what changed.",
                    "action_label": "Open the mentorship",
                    "action_path": path,
                    "status": status,
                    "attempts": 6 if status == "failed" else 1,
                    "next_attempt_at": None,
                    "last_error": "SMTPServerDisconnected" if status == "failed" else "",
                    "created_at": when,
                    "sent_at": when if status == "sent" else None,
                    "read_at": when + timedelta(hours=3) if rng.random() < 0.7 else None,
                }
            )
    write(world, Notification, rows)
    opt_outs = {
        (user["id"], rng.choice(["review_reminder", "initiation_nudge", "unread_digest"]))
        for user in world.users
        if rng.random() < 0.03
    }
    write(
        world,
        EmailOptOut,
        [
            {"id": world.new_id("opt_out"), "user_id": user, "kind": kind, "created_at": now}
            for user, kind in sorted(opt_outs)
        ],
    )


MESSAGES = (
    "Thanks for today. I wrote down the **three things** we agreed on.",
    "Could we move Thursday's call to Friday morning?",
    "Here is the draft of the one-pager: feedback welcome, be blunt.",
    "I talked to my manager about the promotion case. She wants *examples*.",
    "Good progress! Try to keep the scope small for the first version.",
    "- hired the contractor\n- booked the meetup talk\n- still stuck on the budget",
    "Read this before our next session: https://example.com/feedback-that-works",
    "That sounds like a great experiment. What would tell you it worked?",
)
HUGE_ROOM = 100_000  # messages in each of the few very long rooms of a large data set
POSTS = (
    ("I assumed the team wanted more process", "assumption"),
    ("Trying a written agenda for every 1:1", "experiment"),
    ("The launch slipped by two weeks", "failure"),
    ("First customer signed", "breakthrough"),
    ("What a month of feedback taught me", "reflection"),
)
POST_BODY = (
    "## Context\n\nI tried something new this week and wrote down what happened.\n\n"
    "- What I expected\n- What happened\n- What I will try next\n\n"
    "**Takeaway:** smaller steps, more often."
)
TEMPLATES = (
    ("First-time manager", "leadership"),
    ("Senior engineer promotion", "promotion"),
    ("Career change into product", "job_change"),
    ("Seed round in 90 days", "funding"),
    ("MVP to first ten customers", "launch"),
    ("System design fluency", "skill"),
)


def _message_count(world: World, index: int, plan: Plan) -> int:
    """Messages in one room: about `world.messages_per_room` on average (a long tail), a
    few rooms of HUGE_ROOM at a large scale; the probe pairs' rooms are fixed, except the
    first probe pair's, which is huge at a large scale like the busiest real rooms."""
    if index < 5:  # the probe set (plan_world appends it first)
        huge = world.scale >= 5000 and index == 0
        return HUGE_ROOM if huge else (120, 10, 80, 40, 60)[index]
    if plan.stage == "initiation" and plan.ended_at is None:
        return world.rng.randint(0, 10)
    return min(5000, int(world.rng.expovariate(1 / (1.2 * world.messages_per_room))))


def rooms(world: World) -> None:
    """One room per mentorship (as mentorship_accept creates), its messages in time order with
    ids in posting order, the room's revision one per post (a few edits and deletes bump it
    further), and both people's read markers (most have read everything)."""
    from menteo.markdown import render_markdown
    from rooms.models import Message, ReadMarker, Room

    rng = world.rng
    rendered = [render_markdown(body) for body in MESSAGES]
    huge_rooms = {
        rng.randrange(5, len(world.plans)) for _ in range(min(3, world.scale // 5000 - 1))
    }
    room_rows, markers = [], []
    batch: list[dict] = []
    probe = random.Random(13)  # the probe set's rooms are the same at every scale
    for index, plan in enumerate(world.plans):
        rng = probe if index < 5 else world.rng
        room_id = index + 1
        count = HUGE_ROOM if index in huge_rooms else _message_count(world, index, plan)
        end = plan.ended_at or world.now
        span = (end - plan.started_at).total_seconds()
        revision = 0
        last_id = 0
        for number in range(count):
            revision += 1
            message_id = world.new_id("message")
            which = (index + number) % len(MESSAGES)
            created = plan.started_at + timedelta(seconds=span * (number + 1) / (count + 1))
            edited = deleted = None
            roll = rng.random()
            if roll < 0.02:
                revision += 1
                edited = created + timedelta(minutes=3)
            elif roll < 0.025:
                revision += 1
                deleted = created + timedelta(minutes=5)
            batch.append(
                {
                    "id": message_id,
                    "room_id": room_id,
                    "author_id": plan.mentor if number % 2 else plan.mentee,
                    "body": "" if deleted else MESSAGES[which],
                    "body_html": "" if deleted else rendered[which],
                    "client_token": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "revision": revision,
                    "created_at": created,
                    "edited_at": edited,
                    "deleted_at": deleted,
                }
            )
            last_id = message_id
            plan.touch(created)
            if len(batch) >= 50_000:  # bounded memory for the huge rooms
                write(world, Message, batch)
                batch = []
        room_rows.append(
            {
                "id": room_id,
                "mentorship_id": plan.id,
                "revision": revision,
                "created_at": plan.started_at,
            }
        )
        plan.room_id = room_id
        if last_id:
            for person in (plan.mentor, plan.mentee):
                behind = 0 if rng.random() < 0.8 or index < 5 else rng.randint(1, 5)
                markers.append(
                    {
                        "id": world.new_id("read_marker"),
                        "room_id": room_id,
                        "user_id": person,
                        "last_read_message_id": max(0, last_id - behind),
                        "updated_at": end,
                    }
                )
    write(world, Room, room_rows)  # foreign keys are checked at commit (deferred)
    write(world, Message, batch)
    write(world, ReadMarker, markers)


def threads(world: World) -> None:
    """Growth threads: one per mentorship (the mentee's), a personal one for some people,
    posts in every visibility (some drafts, some linked to a goal or a milestone), and
    comments by the mentor and the author."""
    from threads.models import Comment, GrowthThread, Post

    rng, now = world.rng, world.now
    thread_rows, posts, comments = [], [], []

    probe = random.Random(11)  # the probe set's posts are the same at every scale

    def add_posts(thread_id, author, plan: Plan | None, count: int, start: datetime) -> None:
        rng = probe if author in probe_people else world.rng
        span = (now - start).total_seconds()
        for number in range(count):
            title, kind = POSTS[number % len(POSTS)]
            created = start + timedelta(seconds=span * (number + 1) / (count + 1))
            if plan is None:
                visibility = "public" if rng.random() < 0.4 else "private"
            else:
                roll = rng.random()
                visibility = "public" if roll < 0.3 else "private" if roll < 0.4 else "mentorship"
            draft = rng.random() < 0.08
            goals = plan.goals.get(plan.cycle, []) if plan else []
            post_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            posts.append(
                {
                    "id": post_id,
                    "thread_id": thread_id,
                    "author_id": author,
                    "mentorship_id": plan.id if plan else None,
                    "title": title,
                    "body": POST_BODY,
                    "kind": kind,
                    "visibility": visibility,
                    "goal_id": goals[number % len(goals)] if goals and number % 3 == 0 else None,
                    "milestone_id": plan.milestone_ids[0]
                    if plan and plan.milestone_ids and number % 3 == 1
                    else None,
                    "in_journey_record": plan is not None and rng.random() < 0.3,
                    "created_at": created,
                    "published_at": None if draft else created,
                    "edited_at": None,
                }
            )
            if draft or visibility == "private":
                continue
            if plan is not None:
                plan.touch(created)  # published and shared with the pair
            commenters = [plan.mentor, author] if plan else [author]
            for turn in range(rng.randint(0, 3)):
                comments.append(
                    {
                        "id": world.new_id("comment"),
                        "post_id": post_id,
                        "author_id": commenters[turn % len(commenters)],
                        "body": "Great write-up. What would you do differently next time?",
                        "created_at": created + timedelta(hours=turn + 1),
                    }
                )

    probe_counts = (12, 1, 6, 4, 3)
    probe_people = {plan.mentee for plan in world.plans[:5]}
    for index, plan in enumerate(world.plans):
        if index >= 5 and rng.random() < 0.3:
            continue  # not every mentee keeps a journal
        thread_id = world.new_id("thread")
        thread_rows.append(
            {
                "id": thread_id,
                "author_id": plan.mentee,
                "mentorship_id": plan.id,
                "title": f"Growth thread: {FOCUS[plan.focus_area]}"[:140],
                "created_at": plan.started_at,
            }
        )
        count = probe_counts[index] if index < 5 else rng.randint(0, 8)
        add_posts(thread_id, plan.mentee, plan, count, plan.started_at)
    for user in world.users:
        if user["username"].startswith("bench-mentee") or (
            user["username"].startswith("mentee") and rng.random() < 0.2
        ):
            thread_id = world.new_id("thread")
            thread_rows.append(
                {
                    "id": thread_id,
                    "author_id": user["id"],
                    "mentorship_id": None,
                    "title": "My journal",
                    "created_at": user["date_joined"],
                }
            )
            count = 3 if user["username"].startswith("bench") else rng.randint(0, 5)
            add_posts(thread_id, user["id"], None, count, user["date_joined"])
    write(world, GrowthThread, thread_rows)
    write(world, Post, posts)
    write(world, Comment, comments)


def last_activity(world: World) -> None:
    """Each pair's `last_activity_at` as the services would have kept it: the latest of its
    start, last change of stage, messages, shared posts and meetings that have started (see
    mentorships/activity.py). The mentorship rows were written before their messages, posts
    and meetings were decided, so the values go through a temporary table (COPY) and one
    UPDATE."""
    from django.db import connection

    from mentorships.models import Mentorship

    table = Mentorship._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_last_activity (id uuid PRIMARY KEY, at timestamptz "
            "NOT NULL) ON COMMIT DROP"
        )
        with cursor.copy("COPY bench_last_activity (id, at) FROM STDIN") as copy:
            for plan in world.plans:
                plan.touch(max(plan.started_at, plan.stage_changed_at))
                copy.write_row([plan.id, plan.last_activity_at])
        cursor.execute(
            f'UPDATE "{table}" SET last_activity_at = t.at FROM bench_last_activity t '
            f'WHERE "{table}".id = t.id AND "{table}".last_activity_at <> t.at'
        )


GENERATORS = [
    accounts,
    mentorships,
    roadmaps,
    meetings,
    notifications,
    rooms,
    threads,
    last_activity,
]


# The database ----------------------------------------------------------------------------


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (only one whose name contains "bench")."""
    import psycopg

    check_bench_database(url)
    name = database_name(url)
    with psycopg.connect(maintenance_url(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def reset_sequences() -> None:
    from django.apps import apps
    from django.db import connection

    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            pk = model._meta.pk
            if pk.get_internal_type() not in ("AutoField", "BigAutoField"):
                continue
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                f'COALESCE((SELECT MAX("{pk.column}") FROM "{table}"), 0) + 1, false)',
                [table, pk.column],
            )


def generate(
    url: str, scale: int, *, seed: int = 2026, quiet: bool = False, messages_per_room: int = 100
) -> dict[str, int]:
    """Recreate the database at `url` and fill it with `scale` mentorships; returns counts."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    recreate_database(url)
    call_command("migrate", verbosity=0)
    migrated = time.perf_counter()
    counts = populate(scale, seed=seed, messages_per_room=messages_per_room)
    with connection.cursor() as cursor:
        # The search triggers rewrote each mentor profile once per expertise tag: clear the
        # dead rows and the GIN indexes' pending lists, as autovacuum would in production.
        cursor.execute("VACUUM mentorships_mentorprofile")
        cursor.execute("ANALYZE")
        # Written last: a generation that failed half-way is never taken as done.
        scale_note = f"menteo bench scale {int(scale)} data {data_version()}"
        cursor.execute(f"COMMENT ON DATABASE \"{database_name(url)}\" IS '{scale_note}'")
    if not quiet:
        total = sum(counts.values())
        print(
            f"Generated {scale} mentorships, {total} rows in {database_name(url)}: "
            f"{time.perf_counter() - started:.1f} s (of which migrate {migrated - started:.1f} s)"
        )
        print(markdown_table(["table", "rows"], sorted(counts.items())))
    return counts


def populate(scale: int, *, seed: int = 2026, messages_per_room: int = 100) -> dict[str, int]:
    """Write the data set into the current (migrated, empty) database; returns row counts."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    world = World(
        scale=scale,
        rng=random.Random(seed),
        now=timezone.now(),
        password=make_password(PROBE_PASSWORD),
        messages_per_room=messages_per_room,
    )
    plan_world(world)
    with transaction.atomic():
        for generator in GENERATORS:
            generator(world)
        reset_sequences()
    return world.counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentorships", type=int, default=2000)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE + "_data")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--messages-per-room",
        type=int,
        default=100,
        help="average messages per room (the sweeps' 100,000-mentorship set uses fewer)",
    )
    parser.add_argument(
        "--if-needed",
        action="store_true",
        help="keep the database if it already holds this scale (as the last run left it)",
    )
    args = parser.parse_args(argv)
    check_bench_database(args.database_url)
    if args.if_needed and generated_scale(args.database_url) == (args.mentorships, data_version()):
        print(f"{database_name(args.database_url)} already holds {args.mentorships} mentorships.")
        return
    setup_django(args.database_url)
    generate(
        args.database_url,
        args.mentorships,
        seed=args.seed,
        messages_per_room=args.messages_per_room,
    )


def data_version() -> str:
    """Changes with this generator and with the schema (every migration), so that a data set
    written by older code is made again rather than measured or failing on a missing column."""
    digest = hashlib.sha1()
    for path in [Path(__file__), *sorted(ROOT.glob("*/migrations/0*.py"))]:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


def generated_scale(url: str) -> tuple[int, str] | None:
    """The scale and data version the last generation left in the database (a comment on
    it), if any."""
    import psycopg

    try:
        with psycopg.connect(maintenance_url(url), autocommit=True) as connection:
            row = connection.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                [database_name(url)],
            ).fetchone()
    except psycopg.OperationalError:
        return None
    found = re.fullmatch(r"menteo bench scale (\d+)(?: data (\w+))?", (row and row[0]) or "")
    return (int(found[1]), found[2] or "") if found else None


if __name__ == "__main__":
    main()
