"""Every email Menteo sends passes here, ours and allauth's alike: one place gives each message
what mail systems look at, then hands it to the configured backend (EMAIL_URL).

- **Message-ID** from SITE_URL's host name, not the machine's (`@localhost` in a container,
  which spam filters count against a message). A message that already has one keeps it:
  notifications use one per row, so a resend after a crash is recognised as the same email.
- **Auto-Submitted: auto-generated** (RFC 3834, section 5) on every message: nothing Menteo sends
  is a reply to an email, so "auto-replied" does not apply, and the sign-up confirmation or a
  password reset, though a person's click caused it, is written by a program. Vacation
  responders and out-of-office replies then stay quiet instead of answering every reminder;
  `X-Auto-Response-Suppress` asks the same of Exchange, which does not read the standard one.
- **A non-ASCII subject starts on the Subject line.** Django 5.2 encodes such a subject in
  76-character pieces without counting the "Subject: " before it, so the first piece no longer
  fits on that line and the header folds onto an empty first line, which some mail systems
  read as an empty subject. The subject is encoded again here, knowing its header name.
"""

from email.header import Header

from django.conf import settings
from django.core.mail import get_connection, make_msgid
from django.core.mail.backends.base import BaseEmailBackend

from menteo.http import site_domain

# OOF and AutoReply only: bounces (NDR) still come back, so a wrong address is seen.
AUTOMATIC = {"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "OOF, AutoReply"}


def site_message_id(local_part: str | None = None) -> str:
    """A Message-ID on SITE_URL's host name: random, or `<local_part@host>` to be stable."""
    if local_part:
        return f"<{local_part}@{site_domain()}>"
    return make_msgid(domain=site_domain())


def _subject_on_its_line(email):
    """The email's `message()`, with a non-ASCII subject folded as RFC 5322 expects."""
    build = email.message

    def message():
        mime = build()
        subject = str(email.subject)
        if not subject.isascii():
            encoding = email.encoding or settings.DEFAULT_CHARSET
            # replace_header() stores the Header as it is (no second encoding by Django's
            # __setitem__); the generator folds it counting "Subject: ".
            mime.replace_header("Subject", Header(subject, encoding, header_name="Subject"))
        return mime

    message.folds_subject = True
    return message


def stamp(email) -> None:
    """Give one message the headers above (idempotent: a message sent twice is stamped once)."""
    present = {name.lower() for name in email.extra_headers}
    if "message-id" not in present:
        email.extra_headers["Message-ID"] = site_message_id()
    for name, value in AUTOMATIC.items():
        if name.lower() not in present:
            email.extra_headers[name] = value
    if not getattr(email.message, "folds_subject", False):
        email.message = _subject_on_its_line(email)


class SiteEmailBackend(BaseEmailBackend):
    """EMAIL_BACKEND: stamps each message, then sends it through EMAIL_DELIVERY_BACKEND."""

    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently)
        self.delivery = get_connection(
            settings.EMAIL_DELIVERY_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.delivery.open()

    def close(self):
        return self.delivery.close()

    def send_messages(self, email_messages):
        for email in email_messages:
            stamp(email)
        return self.delivery.send_messages(email_messages)
