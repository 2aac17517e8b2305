from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from menteo.errors import Conflict


def profile_update(
    *,
    user: User,
    display_name: str,
    headline: str,
    bio: str,
    timezone: str,
    username: str | None = None,
) -> User:
    """Change the profile fields a person edits themselves. The public handle is unique: two
    people choosing the same one at once, the second is refused."""
    user.display_name = display_name.strip()
    user.headline = headline.strip()
    user.bio = bio.strip()
    user.timezone = timezone
    fields = ["display_name", "headline", "bio", "timezone"]
    if username is not None:
        user.username = username
        fields.append("username")
    user.full_clean(exclude=["password", "username", "email"])
    try:
        with transaction.atomic():
            user.save(update_fields=fields)
    except IntegrityError as error:
        raise Conflict("Someone has just taken this address. Choose another.") from error
    return user


WELCOME_SWEEP_DAYS = 7


def welcome_email_schedule(*, user: User) -> None:
    """Send the welcome email once the current transaction commits (never for a rollback).
    If the broker is down, `welcome_emails_due` finds the person on the next sweep."""
    from accounts.tasks import send_welcome_email
    from menteo.celery import enqueue_on_commit

    enqueue_on_commit(send_welcome_email, user.pk)


def welcome_emails_due(*, now: datetime | None = None) -> list[int]:
    """People who confirmed their address recently and never got the welcome email."""
    now = now or timezone.now()
    return list(
        User.objects.filter(
            welcome_email_sent_at__isnull=True,
            date_joined__gte=now - timedelta(days=WELCOME_SWEEP_DAYS),
            emailaddress__verified=True,
            emailaddress__primary=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def welcome_email_send(*, user_id: int) -> bool:
    """Send the welcome email at most once per person.

    The claim is a compare-and-set on `welcome_email_sent_at`, so a retried or duplicated task
    sends nothing a second time. If sending fails, the claim is released for the retry.
    """
    claimed = User.objects.filter(pk=user_id, welcome_email_sent_at__isnull=True).update(
        welcome_email_sent_at=timezone.now()
    )
    if not claimed:
        return False
    user = User.objects.get(pk=user_id)
    context = {"user": user, "site_url": settings.SITE_URL, "mentors_path": reverse("home")}
    try:
        send_mail(
            subject="Welcome to Menteo",
            message=render_to_string("accounts/email/welcome.txt", context),
            html_message=render_to_string("accounts/email/welcome.html", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except Exception:
        User.objects.filter(pk=user_id).update(welcome_email_sent_at=None)
        raise
    return True
