import pytest
import time_machine

from tests.mentorships.timeline import DAY0


@pytest.fixture
def clock():
    """The clock stopped at DAY0; tests move it with `clock.move_to(day(n))`."""
    with time_machine.travel(DAY0, tick=False) as traveller:
        yield traveller
