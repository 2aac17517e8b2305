"""Everything Menteo holds about a person: downloaded as one JSON file, erased on request.

Erasing keeps what the other person in a mentorship needs (the contract, the history, the
meetings, the room, feedback they gave) and attributes it to "a former member": the account
row stays, emptied of everything that identifies the person, so shared records keep their
meaning.

Each app contributes its own part from its own `personal_data.py`, which its
`AppConfig.ready()` imports; this module knows no app by name:

    from accounts import personal_data

    @personal_data.section("meetings")
    def meetings(user: User) -> list[dict]:
        ...  # the person's meetings, for the download's "meetings" key

    @personal_data.eraser
    def erase_opt_outs(user: User) -> None:
        ...  # delete what is the person's alone; shared records stay

The erasers run inside the erase's transaction, in the order they were registered (the apps'
order in INSTALLED_APPS: the core before the features), and before the account itself is
emptied, so a part can still read the person's name (to tell the other person who left).
"""

import uuid
from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from accounts.models import User

FORMER_MEMBER = "A former member"

Section = Callable[[User], Any]
Eraser = Callable[[User], None]

_SECTIONS: dict[str, Section] = {}
_ERASERS: dict[str, Eraser] = {}


def section(name: str) -> Callable[[Section], Section]:
    """Decorator: the function returns the person's data for the download's key `name`."""

    def add(function: Section) -> Section:
        known = _SECTIONS.get(name)
        # AppConfig.ready() may run twice (tests that reload apps): the same function is fine.
        if known is not None and _name(known) != _name(function):
            raise ValueError(f"Two sections named {name!r}: {_name(known)}, {_name(function)}")
        _SECTIONS[name] = function
        return function

    return add


def eraser(function: Eraser) -> Eraser:
    """Decorator: the function erases the app's part of the person's data, in the erase's
    transaction and before the account itself is emptied."""
    _ERASERS[_name(function)] = function
    return function


def sections() -> list[str]:
    """The download's keys for the apps' parts, in order (pinned by a test)."""
    return list(_SECTIONS)


def erasers() -> list[str]:
    """The erasers as "module.function", in the order `erase()` runs them (pinned by a test)."""
    return list(_ERASERS)


def isoformat(value) -> str | None:
    """A date or time for the download, or None."""
    return value.isoformat() if value else None


def _name(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


# The download -------------------------------------------------------------------------------


@section("profile")
def _profile(user: User) -> dict:
    return {
        "email": user.email,
        "handle": user.username,
        "display_name": user.display_name,
        "headline": user.headline,
        "bio": user.bio,
        "timezone": user.timezone,
        "joined": isoformat(user.date_joined),
        "last_login": isoformat(user.last_login),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
    }


def export(user: User) -> dict:
    return {
        "exported_at": timezone.now().isoformat(),
        "about": "Everything Menteo holds about you, as of the date above.",
        **{name: function(user) for name, function in _SECTIONS.items()},
    }


# Erasure ------------------------------------------------------------------------------------


def _end_sessions(user: User) -> None:
    from allauth.usersessions.models import UserSession

    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()


def erase(user: User) -> None:
    """Delete the account: private data goes, shared records stay with "a former member".
    The apps' parts first, while the person's name can still be read; the account last."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        for erase_part in _ERASERS.values():
            erase_part(user)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        _end_sessions(user)
        token = uuid.uuid4().hex
        user.email = f"deleted-{token}@deleted.invalid"
        user.username = f"former-{token[:12]}"
        user.display_name = FORMER_MEMBER
        user.headline = ""
        user.bio = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.last_login = None
        user.set_unusable_password()
        user.save()
