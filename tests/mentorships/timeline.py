"""A fixed day 0 for tests that move the clock through a mentorship's life (with the `clock`
fixture of this folder's conftest)."""

from datetime import UTC, datetime, timedelta

DAY0 = datetime(2027, 1, 1, 12, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return DAY0 + timedelta(days=n)
