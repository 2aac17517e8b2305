"""The public handle (`User.username`, the address /u/<handle>/).

A new account gets a random, readable one ("quiet-harbor-4821"), never anything taken from the
email address: the public address must not tell who is behind it. A person may choose another
in their profile: lowercase letters, digits and single hyphens, 3 to 30 characters, not a word
the site uses for itself, not someone else's. An old handle does not redirect to the new one
(it is free for anyone to take).
"""

import re
import secrets

from django.core.exceptions import ValidationError

ADJECTIVES = (
    "amber", "bold", "brave", "bright", "calm", "clear", "clever", "cosy", "crisp", "curious",
    "eager", "fair", "gentle", "glad", "golden", "green", "honest", "keen", "kind", "light",
    "lively", "lucid", "mellow", "merry", "misty", "nimble", "noble", "patient", "plain",
    "proud", "quick", "quiet", "rapid", "ready", "silver", "steady", "sunny", "swift", "true",
    "warm", "wise", "young",
)  # fmt: skip
NOUNS = (
    "acorn", "anchor", "aspen", "beacon", "birch", "brook", "canyon", "cedar", "comet", "coral",
    "delta", "ember", "fern", "field", "finch", "fjord", "garden", "grove", "harbor", "heron",
    "island", "lantern", "maple", "meadow", "orchard", "otter", "pebble", "pine", "prairie",
    "quarry", "raven", "ridge", "river", "robin", "sparrow", "summit", "thicket", "tide",
    "valley", "willow", "wren",
)  # fmt: skip

PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MIN_LENGTH = 3
MAX_LENGTH = 30
# Words the site uses in its own addresses, or that would pass for it.
RESERVED = frozenset(
    {
        "about", "account", "accounts", "admin", "administrator", "api", "dashboard", "feed",
        "help", "home", "login", "logout", "me", "media", "mentor", "mentors", "menteo",
        "mentorship", "mentorships", "moderator", "null", "privacy", "profile", "root",
        "settings", "signup", "static", "staff", "support", "system", "terms", "u", "user",
        "users", "www",
    }
)  # fmt: skip
# Erased accounts are renamed "former-…" (accounts/personal_data.py).
RESERVED_PREFIXES = ("former-",)


def random_username() -> str:
    """A readable random handle: about 16 million of them, checked for uniqueness by the
    caller (`unique_random_username`)."""
    return f"{secrets.choice(ADJECTIVES)}-{secrets.choice(NOUNS)}-{secrets.randbelow(9000) + 1000}"


def unique_random_username(taken) -> str:
    """`taken(name) -> bool` says whether a handle is in use."""
    for _ in range(20):
        name = random_username()
        if not taken(name):
            return name
    return f"{random_username()}-{secrets.token_hex(3)}"


def derives_from_email(username: str, email: str) -> bool:
    """The email's local part, maybe with digits added to make it unique (what allauth made)."""
    local = email.partition("@")[0].lower()
    return bool(local) and re.fullmatch(re.escape(local) + r"\d*", username.lower()) is not None


def validate_username_choice(value: str) -> None:
    """The rules for a handle a person types (the uniqueness is checked against the others)."""
    if len(value) < MIN_LENGTH or len(value) > MAX_LENGTH:
        raise ValidationError(
            "Use %(min)d to %(max)d characters.",
            code="length",
            params={"min": MIN_LENGTH, "max": MAX_LENGTH},
        )
    if not PATTERN.fullmatch(value):
        raise ValidationError(
            "Use lowercase letters, digits and single hyphens between them "
            "(for example sam-lee or sam2).",
            code="invalid",
        )
    if value in RESERVED or value.startswith(RESERVED_PREFIXES):
        raise ValidationError(
            "“%(value)s” is reserved for the site. Choose another.",
            code="reserved",
            params={"value": value},
        )
