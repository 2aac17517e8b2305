"""Demo people: the mentors and mentees of the demo, their former mentees, and the program admin.

The first part of `manage.py seed_demo` (see menteo/demo.py): the other parts find these people
by the key they are seeded under (`people["maya"]`).
"""

from allauth.account.models import EmailAddress
from django.utils.text import slugify

from accounts.models import User
from menteo import demo

PEOPLE = [
    # email, name, handle, headline, time zone, bio
    (
        "maya@demo.menteo.dev",
        "Maya Okafor",
        "maya",
        "VP Engineering at a fintech scale-up",
        "Europe/London",
        "I have grown three teams from five to fifty people. I mentor new engineering managers "
        "and senior engineers weighing the staff-engineer path.",
    ),
    (
        "daniel@demo.menteo.dev",
        "Daniel Brandt",
        "daniel",
        "Two-time founder, angel investor",
        "Europe/Berlin",
        "Founded a logistics SaaS (acquired 2022) and a dev-tools start-up. I help first-time "
        "founders get from idea to MVP and through a seed round.",
    ),
    (
        "priya@demo.menteo.dev",
        "Priya Raman",
        "priya",
        "Director of Product, healthcare",
        "America/New_York",
        "Product leader for twelve years. I mentor PMs moving into leadership and anyone "
        "preparing for a director-level interview loop.",
    ),
    (
        "jonas@demo.menteo.dev",
        "Jonas Berg",
        "jonas",
        "Engineering director, platform teams",
        "America/Denver",
        "Backend engineer, then manager, then director over ten years. I mentor engineers "
        "becoming managers, and managers of managers.",
    ),
    (
        "sam@demo.menteo.dev",
        "Sam Lee",
        "sam",
        "Senior backend engineer, aiming for engineering manager",
        "America/Los_Angeles",
        "Six years building payments systems. Recently asked to lead a team of four.",
    ),
    (
        "lena@demo.menteo.dev",
        "Lena Fischer",
        "lena",
        "Designer turned founder",
        "Europe/Berlin",
        "Building a scheduling tool for clinics. Looking for help with the MVP and fundraising.",
    ),
    (
        "tom@demo.menteo.dev",
        "Tom Alvarez",
        "tom",
        "Product manager",
        "America/Chicago",
        "PM in B2B SaaS, preparing for my first director role.",
    ),
]


# People whose mentorships with the demo mentors are history (mentorships/demo.py).
FORMER_MENTEES = [
    ("alex@demo.menteo.dev", "Alex Novak", "alex", "Staff engineer", "Europe/Prague",
     "Went from senior to staff engineer with Maya's help; now mentoring others."),
    ("noor@demo.menteo.dev", "Noor Haddad", "noor", "Engineering manager", "Asia/Dubai",
     "First-time manager of a platform team."),
    ("kai@demo.menteo.dev", "Kai Tanaka", "kai", "Designer moving into product", "Asia/Tokyo",
     "Eight years in product design, learning product management."),
    ("ines@demo.menteo.dev", "Inês Costa", "ines", "Founder, B2B SaaS", "Europe/Lisbon",
     "Running a two-person start-up selling to logistics companies."),
]  # fmt: skip


def demo_user(email: str, name: str, handle: str, headline: str, tz: str, bio: str) -> User:
    """`handle` names the person in the demo's code; the public address they "chose" is their
    name (/u/maya-chen/), never the email's local part (accounts/usernames.py)."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "username": slugify(name),
            "display_name": name,
            "headline": headline,
            "timezone": tz,
            "bio": bio,
        },
    )
    if created:
        user.set_password(demo.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@demo.register(order=10)
def seed_people(people: dict[str, User]) -> None:
    for email, name, handle, headline, tz, bio in PEOPLE:
        people[handle] = demo_user(email, name, handle, headline, tz, bio)
    admin, created = User.objects.get_or_create(
        email="admin@demo.menteo.dev",
        defaults={
            "username": "program-admin",
            "display_name": "Program admin",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    if created:
        admin.set_password(demo.DEMO_PASSWORD)
        admin.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=admin, email=admin.email, defaults={"verified": True, "primary": True}
    )
    people["admin"] = admin
    for row in FORMER_MENTEES:
        people[row[2]] = demo_user(*row)
