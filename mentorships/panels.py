"""The feature panels of the mentorship page: the roadmap, the meetings, the room, the thread.

The page is the core's; what each feature shows on it is the feature's. Apps register a panel
in their AppConfig.ready() (as with `activity.py`), so the page imports none of them:

- `template`: included in the page's main column, after the contract, panels in `order`;
- `prepare(mentorships, user)`: adds the panel's annotations and prefetches to the page's
  queryset, so the page stays a fixed number of queries however many panels there are;
- `context(mentorship, user)`: what the template needs besides `mentorship` and `user`, merged
  into the page's context (a name may be given by one panel only).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from mentorships.models import Mentorship

Prepare = Callable[[QuerySet[Mentorship], User], QuerySet[Mentorship]]
Context = Callable[[Mentorship, User], dict]


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    order: int
    prepare: Prepare | None = None
    context: Context | None = None


_PANELS: dict[str, Panel] = {}


def register(
    name: str,
    *,
    template: str,
    order: int,
    prepare: Prepare | None = None,
    context: Context | None = None,
) -> Panel:
    panel = Panel(name, template, order, prepare, context)
    _PANELS[name] = panel
    return panel


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name))


def prepare(mentorships: QuerySet[Mentorship], user: User) -> QuerySet[Mentorship]:
    """The page's queryset with what every panel reads."""
    for panel in panels():
        if panel.prepare:
            mentorships = panel.prepare(mentorships, user)
    return mentorships


def page_context(mentorship: Mentorship, user: User) -> dict:
    """`panels` (the templates, in order) and what each panel adds to the page's context."""
    context = {"panels": [panel.template for panel in panels()]}
    for panel in panels():
        if panel.context:
            added = panel.context(mentorship, user)
            if clash := context.keys() & added.keys():
                raise ValueError(f"The {panel.name} panel gives {sorted(clash)} a second time.")
            context |= added
    return context
