"""Every email passes through menteo.mail on its way to the configured backend: a Message-ID on
SITE_URL's host name, Auto-Submitted, and a non-ASCII subject that starts on its own line."""

from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.mail import EmailMessage, mail_admins, send_mail

SUBJECT = "Rückblick: Jürgen Müller-Lüdenscheidt hat ein Treffen für Donnerstag, 14. Januar geplant"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://menteo.example.com"


def sent_bytes(message) -> bytes:
    """The message as the SMTP backend writes it."""
    return message.message().as_bytes(linesep="\r\n")


def headers(raw: bytes) -> list[bytes]:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def test_it_gives_every_email_a_message_id_on_the_sites_host_and_auto_submitted():
    send_mail("Your reminder", "Body", None, ["ada@example.com"])
    [message] = mail.outbox
    parsed = message_from_bytes(sent_bytes(message), policy=policy.default)
    assert parsed["Message-ID"].endswith("@menteo.example.com>")
    assert "localhost" not in parsed["Message-ID"]
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["X-Auto-Response-Suppress"] == "OOF, AutoReply"


def test_each_email_has_its_own_message_id_and_one_that_has_one_keeps_it():
    send_mail("One", "Body", None, ["ada@example.com"])
    send_mail("Two", "Body", None, ["ada@example.com"])
    EmailMessage("Three", "Body", to=["ada@example.com"], headers={"Message-ID": "<x@y.z>"}).send()
    ids = [message_from_bytes(sent_bytes(m))["Message-ID"] for m in mail.outbox]
    assert len(set(ids)) == 3
    assert ids[2] == "<x@y.z>"


def test_error_reports_to_admins_are_marked_automatic_too(settings):
    settings.ADMINS = [("Admin", "admin@example.com")]
    mail_admins("Something failed", "Details")
    [message] = mail.outbox
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_a_message_sent_twice_is_stamped_once():
    message = EmailMessage("Twice", "Body", to=["ada@example.com"])
    message.send()
    message.send()
    raw = sent_bytes(mail.outbox[1])
    assert raw.count(b"Message-ID:") == raw.count(b"Auto-Submitted:") == 1


def test_a_long_non_ascii_subject_starts_on_the_subject_line():
    send_mail(SUBJECT, "Body", None, ["ada@example.com"])
    [message] = mail.outbox
    assert message.subject == SUBJECT  # what the program sees is unchanged
    raw = sent_bytes(message)
    lines = headers(raw)
    start = next(i for i, line in enumerate(lines) if line.startswith(b"Subject:"))
    assert lines[start].startswith(b"Subject: =?utf-8?"), lines[start]  # not an empty line
    assert all(len(line) <= 78 for line in lines), lines  # still folded, as RFC 5322 asks
    assert lines[start + 1].startswith(b" =?utf-8?")  # continued on the next line
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == SUBJECT


@pytest.mark.parametrize(
    "subject",
    [
        "Ana hat geplant",  # short: one line
        "Plain ASCII subject that is long enough to be folded by the generator of the mail "
        "library, twice over",
        "日本語の件名: 目標を達成するためのミーティングが予定されました、とても長い件名です",
    ],
)
def test_other_subjects_read_back_the_same(subject):
    message = EmailMessage(subject, "Body", to=["ada@example.com"])
    message.attach("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.send()
    raw = sent_bytes(mail.outbox[0])
    [subject_line] = [line for line in headers(raw) if line.startswith(b"Subject:")]
    assert subject_line != b"Subject: "
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject
