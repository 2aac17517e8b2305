import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError("%(value)s is not a known time zone.", params={"value": value})


class User(AbstractUser):
    """A person. The profile lives on the user itself: one row, nothing to keep in sync.

    `username` is the public handle (/u/<handle>/): random at sign-up (accounts/usernames.py),
    never taken from the email address, and changeable in the profile. People log in with
    their email address.
    """

    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField("name", max_length=80, blank=True)
    headline = models.CharField(
        max_length=140, blank=True, help_text="One line about what you do, e.g. 'Staff engineer'."
    )
    bio = models.TextField(blank=True, max_length=4000)
    timezone = models.CharField(
        "time zone", max_length=64, default="UTC", validators=[validate_timezone]
    )
    welcome_email_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        ordering = ["display_name", "email"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        # Never the email's local part: this name shows on public pages.
        return self.display_name or self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


def user_display(user: User) -> str:
    """How allauth names a person in its messages ("Successfully signed in as …"): their
    display name, not the generated username (settings.ACCOUNT_USER_DISPLAY)."""
    return user.name
