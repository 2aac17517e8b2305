"""Demo data for `manage.py seed_demo`: realistic people, safe to load again and again.

Each app seeds its own part from its own `demo.py`, which its `AppConfig.ready()` imports:

    from menteo import demo

    @demo.register(order=60)
    def seed_meetings(people: dict[str, User]) -> None:
        ...

`seed()` runs the parts by `order`, in one transaction, and hands each one `people`: the demo
people by handle ("maya", "sam", "admin", ...), filled by the first part and read by the later
ones. A part may add people of its own. Every part is idempotent: running `seed_demo` twice
changes nothing the second time. `parts()` lists the parts in the order they run; the order is
pinned by tests/menteo/test_demo.py.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction

DEMO_PASSWORD = "menteo-demo-2026"

People = dict[str, Any]  # handle -> the project's user (menteo/ imports no app for its class)
Part = Callable[[People], None]

_PARTS: dict[str, tuple[int, Part]] = {}


def register(*, order: int) -> Callable[[Part], Part]:
    """Decorator: run the function as a part of `seed()`, after the parts of lower `order`."""

    def add(part: Part) -> Part:
        # Keyed by name: AppConfig.ready() may run twice (tests that reload apps).
        _PARTS[_name(part)] = (order, part)
        return part

    return add


def parts() -> list[str]:
    """The registered parts as "order module.function", in the order `seed()` runs them."""
    return [f"{order} {_name(part)}" for order, part in _ordered()]


@transaction.atomic
def seed() -> People:
    people: People = {}
    for _order, part in _ordered():
        part(people)
    return people


def _ordered() -> list[tuple[int, Part]]:
    return sorted(_PARTS.values(), key=lambda entry: entry[0])  # stable: ties keep their order


def _name(part: Part) -> str:
    return f"{part.__module__}.{part.__qualname__}"
