"""allauth's emails in Menteo's words (templates/account/email/), every link in them from
SITE_URL.

allauth builds its links from the request (the Host header, through `build_absolute_uri`) and
names the site after it ("Hello from 127.0.0.1!"): a sign-up through an internal host name
would mail a link to that host. Here the links come from SITE_URL only, whatever host the
request came through."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.usernames import unique_random_username
from menteo.http import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    def populate_username(self, request, user) -> None:
        """A random public handle, never one made from the email address (allauth's default);
        the person may choose another in their profile."""
        if not user.username:
            user.username = unique_random_username(
                lambda name: User.objects.filter(username__iexact=name).exists()
            )

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # allauth's own URL pattern joins the user's id and the token with a dash.
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        self.send_mail(
            "account/email/account_already_exists",
            email,
            {"password_reset_url": absolute_url(reverse("account_reset_password"))},
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's send_mail without `current_site` (a site named after the Host header);
        the sign-up link, which allauth also builds from the request, from SITE_URL."""
        message = self.render_mail(
            template_prefix,
            email,
            {
                "request": self.request,
                "email": email,
                **context,
                "site_url": settings.SITE_URL,
                "signup_url": absolute_url(reverse("account_signup")),
            },
        )
        message.send()
