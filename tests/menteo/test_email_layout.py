"""Every HTML email is drawn by one layout, templates/email/layout.html."""

from pathlib import Path

from django.template.loader import get_template

ROOT = Path(__file__).resolve().parents[2]


def test_allauth_and_notification_emails_extend_the_one_layout():
    for name in ("account/email/base_message.html", "notifications/email/notification.html"):
        source = (ROOT / "templates" / name).read_text()
        assert source.startswith('{% extends "email/layout.html" %}'), name
        assert "<table" not in source, name  # the frame is the layout's alone


def test_the_layout_draws_the_frame_and_each_email_its_words():
    html = get_template("account/email/email_confirmation_message.html").render(
        {"user": None, "email": "ada@example.com", "site_url": "https://menteo.example.com"}
    )
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Confirm your email address" in html
    assert "You get this email because someone used ada@example.com" in html
