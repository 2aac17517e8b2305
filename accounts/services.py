from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User


def profile_update(
    *, user: User, display_name: str, headline: str, bio: str, timezone: str
) -> User:
    """Change the profile fields a person edits themselves."""
    user.display_name = display_name.strip()
    user.headline = headline.strip()
    user.bio = bio.strip()
    user.timezone = timezone
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=["display_name", "headline", "bio", "timezone"])
    return user


def welcome_email_schedule(*, user: User) -> None:
    """Send the welcome email once the current transaction commits (never for a rollback)."""
    from accounts.tasks import send_welcome_email

    transaction.on_commit(lambda: send_welcome_email.delay(user.pk))


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
