"""The curated roadmap templates that ship with Menteo (loaded by a data migration).

Each entry: slug, title, focus area, summary, and milestones as (weeks after start, title,
description). Admins edit them afterwards in Django admin; the migration never overwrites a
template that already exists.
"""

CURATED_TEMPLATES = [
    {
        "slug": "first-people-manager-role",
        "title": "Your first people-manager role",
        "focus_area": "leadership",
        "summary": "From strong individual contributor to a manager your team trusts: "
        "one-on-ones, expectations, feedback, and your first hard conversation, in about "
        "six months.",
        "milestones": [
            (
                1,
                "Hold a first one-on-one with every report",
                "30 minutes each: their goals, how they like feedback, what frustrates them. "
                "Write down one thing each person wants from you.",
            ),
            (
                2,
                "Agree on written expectations with each report",
                "A one-page document per person: scope, what good looks like this quarter, "
                "how you will both know.",
            ),
            (
                4,
                "Map your stakeholders and meet the top five",
                "Your manager, peer managers, product partner. Ask each: what does this team "
                "do well, and what should it stop doing?",
            ),
            (
                6,
                "Give structured feedback to every report",
                "Use situation-behaviour-impact at least once with each person, positive and "
                "corrective. Note how it landed.",
            ),
            (
                8,
                "Run your first team retrospective",
                "Pick one improvement the team owns and follow it to done.",
            ),
            (
                12,
                "Delegate one thing you used to own",
                "Choose work you enjoy and are good at; hand it over with context, not "
                "instructions, and resist taking it back.",
            ),
            (
                16,
                "Have a hard conversation you have been postponing",
                "Prepare with your mentor: the facts, the impact, the ask. Debrief afterwards.",
            ),
            (
                24,
                "Ask for 360 feedback on your first six months",
                "Three reports, two peers, your manager. Choose one habit to change next.",
            ),
        ],
    },
    {
        "slug": "landing-a-director-role",
        "title": "Landing a director role",
        "focus_area": "promotion",
        "summary": "Make the jump from senior manager to director: show the scope, build the "
        "case with evidence, and prepare for the loop, whether inside your company or out.",
        "milestones": [
            (
                2,
                "Write down what a director does here",
                "Read the level guide, then interview two directors: what do they spend their "
                "weeks on, and what made the difference for them?",
            ),
            (
                3,
                "Gap analysis against the director bar",
                "For each expectation: evidence you have, evidence you lack. Rank the gaps.",
            ),
            (
                6,
                "Take on one cross-team initiative",
                "Something no single team owns. Agree the outcome with your manager first.",
            ),
            (
                8,
                "Find a sponsor, not just a mentor",
                "Someone at director level or above who will speak for you in calibration.",
            ),
            (
                12,
                "Draft the promotion case",
                "Scope, impact with numbers, leadership beyond your team, and what others say.",
            ),
            (
                14,
                "Get the case reviewed by two directors",
                "Ask them to argue against it. Fix what they find.",
            ),
            (
                18,
                "Practise the leadership interview loop",
                "Two mock interviews: org design, a strategy question, and a conflict story.",
            ),
            (
                24,
                "Decision and next step",
                "The promotion outcome or an offer. Either way, write a one-page debrief.",
            ),
        ],
    },
    {
        "slug": "launching-an-mvp",
        "title": "Launching an MVP",
        "focus_area": "launch",
        "summary": "From a problem worth solving to a product real customers pay for: "
        "discovery interviews, a prototype, the smallest useful build and a launch with "
        "numbers you can learn from.",
        "milestones": [
            (
                2,
                "Write the problem statement and riskiest assumptions",
                "One paragraph on who has the problem and why now; list the three assumptions "
                "that would kill the idea if wrong.",
            ),
            (
                4,
                "Complete 15 customer discovery interviews",
                "Ask about the past, not opinions about the future. Write each one up the "
                "same day.",
            ),
            (
                6,
                "Rank the top three problems with evidence",
                "Quote customers. Drop what only one person mentioned.",
            ),
            (
                8,
                "Test a clickable prototype with five customers",
                "Watch them use it without help; count where they get stuck.",
            ),
            (
                10,
                "Define the MVP scope and the launch metric",
                "The smallest feature set that solves the top problem, and one number that "
                "says it works.",
            ),
            (
                16,
                "Ship the MVP to the first pilot customers",
                "Real use, real data. Support them personally.",
            ),
            (20, "First paying customer", "Any price. The point is the decision to pay."),
            (
                24,
                "Launch review: keep, change or stop",
                "Compare the launch metric with the target and decide with your mentor.",
            ),
        ],
    },
    {
        "slug": "raising-a-seed-round",
        "title": "Raising a seed round",
        "focus_area": "funding",
        "summary": "Prepare, run and close a seed round in a focused process: the story, the "
        "numbers, a qualified investor list and a tight calendar.",
        "milestones": [
            (
                2,
                "Decide how much to raise and why",
                "Eighteen to twenty-four months of runway to a milestone that makes the next "
                "round possible. Write the plan for the money.",
            ),
            (
                3,
                "Write the one-page narrative",
                "Problem, insight, traction, team, the ask. Your mentor reads it cold.",
            ),
            (
                5,
                "Build the pitch deck and the data room",
                "Ten to fifteen slides; a data room with the model, cap table and key contracts.",
            ),
            (
                6,
                "Build a qualified list of 50 investors",
                "Stage, cheque size, sector and partner fit. Find a warm introduction path "
                "for each.",
            ),
            (
                7,
                "Rehearse the pitch with three friendly founders",
                "Collect the hardest questions and prepare crisp answers.",
            ),
            (
                8,
                "Run the first 15 investor meetings within two weeks",
                "Compressing the calendar creates momentum. Track every meeting in a pipeline.",
            ),
            (
                11,
                "Secure a lead investor with a term sheet",
                "Compare terms with your mentor before signing anything.",
            ),
            (
                14,
                "Fill the round and close",
                "Confirm allocations, sign, and get the money in the bank.",
            ),
            (16, "Send the first investor update", "Monthly from now on: numbers, wins, asks."),
        ],
    },
    {
        "slug": "switching-into-product-management",
        "title": "Switching into product management",
        "focus_area": "job_change",
        "summary": "Move from engineering, design or support into a product manager role: "
        "learn the craft by doing it, build a portfolio of decisions, and land the job.",
        "milestones": [
            (
                2,
                "Shadow a product manager for a full week",
                "Join their meetings; list the decisions they make and how they make them.",
            ),
            (
                4,
                "Write a product spec for a real problem",
                "Problem, users, success metric, scope, what is out. Get it reviewed by a PM.",
            ),
            (
                6,
                "Run five user interviews",
                "Synthesise them into insights and one recommendation.",
            ),
            (
                9,
                "Own a small feature end to end",
                "From problem to launch and the metric afterwards, with a PM's support.",
            ),
            (
                12,
                "Write three portfolio case studies",
                "The problem, your decision, the trade-off, the result.",
            ),
            (
                16,
                "Practise product-sense and execution interviews",
                "Four mock interviews with written feedback.",
            ),
            (
                22,
                "Apply to ten roles and land an offer",
                "Internal transfer first; track every application.",
            ),
        ],
    },
]


def install_curated_templates(template_model, milestone_model) -> int:
    """Create the curated templates that don't exist yet (by slug); returns how many.

    Takes the model classes so the data migration can pass its historical models. A template
    that exists is never overwritten: an admin may have edited it."""
    created_count = 0
    for entry in CURATED_TEMPLATES:
        template, created = template_model.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "summary": entry["summary"],
                "focus_area": entry["focus_area"],
            },
        )
        if not created:
            continue
        created_count += 1
        milestone_model.objects.bulk_create(
            milestone_model(
                template=template,
                order=order,
                offset_weeks=weeks,
                title=title,
                description=description,
            )
            for order, (weeks, title, description) in enumerate(entry["milestones"])
        )
    return created_count
