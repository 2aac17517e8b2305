"""The real processes together, as deployed: gunicorn with DEBUG off behind a TLS proxy, a
Celery worker, Celery beat and an SMTP server, on PostgreSQL and Redis.

A person signs up over HTTP, confirms their address with the link in the email the SMTP
server received, and logs in; a reminder comes due, beat enqueues the sweep, the worker
records and sends it; its headers allow a one-click unsubscribe (RFC 8058), which gunicorn
honours; the sweep run again sends nothing twice.
"""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User
from menteo.celery import app as celery_app
from notifications.models import EmailOptOut, Kind, Notification
from tests.factories import make_mentorship
from tests.system.harness import FROM_EMAIL, SITE, SITE_URL, WebClient, free_port, system_env

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long passphrase nobody guesses 2026"
READY_SUBJECT = "Every goal is achieved"


def through_the_broker(task_name: str):
    """Queue a task for the real worker and wait for its result. (An in-process worker started
    by an earlier test can leave Celery's "inside a task" flag set in this process, which
    refuses .get(): this process is no task, and waiting here blocks nothing.)"""
    result = celery_app.send_task(task_name)
    return result.get(timeout=30, disable_sync_subtasks=False)


def test_it_signs_up_confirms_and_receives_a_reminder_through_the_real_processes(
    smtp, redis_url, processes
):
    env = system_env(redis_url=redis_url, smtp_port=smtp.port)
    web_port = free_port()
    processes.gunicorn("gunicorn", env, web_port)
    processes.worker(env)
    processes.beat(env)
    processes.wait_for_http(web_port)
    processes.wait_for_log("worker", r"ready\.")
    processes.wait_for_log("beat", r"beat: Starting")

    # Sign up through HTTP, with a CSRF token as a browser sends it.
    address = "ada.lovelace@example.org"
    browser = WebClient(web_port)
    page = browser.get("/accounts/signup/")
    assert page.status == 200
    answer = browser.post_form(
        "/accounts/signup/",
        {"display_name": "Ada Lovelace", "email": address,
         "password1": PASSWORD, "password2": PASSWORD},
        page=page,
    )  # fmt: skip
    assert answer.status == 302, answer.body[:2000]
    assert not EmailAddress.objects.get(email=address).verified

    # The verification email, through SMTP; its link confirms the address.
    verification = smtp.wait_for(lambda m: m["To"] == address, "the verification email")
    assert verification["From"] == FROM_EMAIL
    text = verification.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https://\S+/accounts/confirm-email/\S+/", text)
    assert link, text
    assert urlsplit(link.group(0)).netloc == SITE
    confirm_path = urlsplit(link.group(0)).path
    page = browser.get(confirm_path)
    assert page.status == 200
    assert browser.post_form(confirm_path, {}, page=page).status == 302
    assert EmailAddress.objects.get(email=address).verified

    # The confirmation queued the welcome email: web -> broker -> worker -> SMTP.
    smtp.wait_for(lambda m: m["To"] == address and "Welcome" in m["Subject"], "the welcome email")

    # Log in from another browser.
    other_browser = WebClient(web_port)
    page = other_browser.get("/accounts/login/")
    answer = other_browser.post_form(
        "/accounts/login/", {"login": address, "password": PASSWORD}, page=page
    )
    assert answer.status == 302, answer.body[:2000]
    home = other_browser.get("/")
    assert home.status == 200
    assert "Ada Lovelace" in home.body

    # A reminder comes due (every goal achieved); nobody but beat queues the sweep.
    ada = User.objects.get(email=address)
    mentorship = make_mentorship(mentee=ada, stage="cultivation", achieved=True)
    reminder = smtp.wait_for(
        lambda m: m["To"] == address and m["Subject"].startswith(READY_SUBJECT),
        "the reminder, swept by beat's schedule",
    )
    assert "Sending due task run-sweeps" in processes.log_of("beat")
    assert re.search(
        r"notifications\.tasks\.run_sweeps\[\S+\] succeeded", processes.log_of("worker")
    )
    mentor_email = mentorship.mentor.email
    smtp.wait_for(
        lambda m: m["To"] == mentor_email and m["Subject"].startswith(READY_SUBJECT),
        "the mentor's reminder",
    )

    # The headers mail systems look at.
    assert reminder["From"] == FROM_EMAIL
    assert reminder["Subject"] == (
        f"{READY_SUBJECT}: ready for Separation with {mentorship.mentor.display_name}?"
    )
    assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", reminder["Message-ID"])
    # (Django folds a long header onto its next line: unfolded, the value starts with a space.)
    unsubscribe = re.fullmatch(r"<(https://[^>]+)>", reminder["List-Unsubscribe"].strip())
    assert unsubscribe, reminder["List-Unsubscribe"]
    unsubscribe_url = unsubscribe.group(1)
    assert unsubscribe_url.startswith(f"{SITE_URL}/notifications/unsubscribe/")
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Mail systems: a Message-ID on the site's own domain, and no out-of-office answers.
    assert reminder["Message-ID"].endswith(f"@{SITE}>")
    assert reminder["Auto-Submitted"] == "auto-generated"
    assert verification["Auto-Submitted"] == "auto-generated"

    # RFC 8058 one-click: a POST with that body, no cookie and no CSRF token, as a mail
    # provider sends it.
    answer = WebClient(web_port).request(
        "POST",
        urlsplit(unsubscribe_url).path,
        body=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status == 200, answer.body[:2000]
    assert EmailOptOut.objects.filter(user=ada, kind=Kind.SEPARATION_READY).exists()

    # Another pair of Ada's comes due: the sweep, queued twice through the broker, records
    # it; her mentor hears of it, she does not (she unsubscribed from that kind).
    second = make_mentorship(mentee=ada, stage="cultivation", achieved=True)
    for _ in range(2):
        through_the_broker("notifications.tasks.run_sweeps")
    through_the_broker("notifications.tasks.deliver_notifications")
    smtp.wait_for(
        lambda m: m["To"] == second.mentor.email and m["Subject"].startswith(READY_SUBJECT),
        "the second mentor's reminder",
    )
    assert Notification.objects.get(recipient=ada, mentorship=second).status == (
        Notification.Status.SKIPPED
    )
    through_the_broker("notifications.tasks.deliver_notifications")

    # Nothing arrived twice, and Ada got exactly one reminder.
    received = Counter((str(m["To"]), str(m["Subject"])) for m in smtp.received(lambda m: True))
    assert [key for key, count in received.items() if count > 1] == []
    assert len(smtp.received(lambda m: m["To"] == address and READY_SUBJECT in m["Subject"])) == 1
    assert len({m["Message-ID"] for m in smtp.messages}) == len(smtp.messages)
