"""Demo data for the rooms app: called by menteo.demo.seed() once the mentorships exist."""

from accounts.models import User


def seed(people: dict[str, User]) -> None:
    """Idempotent: running seed_demo twice changes nothing."""
