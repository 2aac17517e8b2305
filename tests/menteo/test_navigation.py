"""Issue 17, the phone: the navigation is a <details> menu (no JavaScript needed) whose button
says when something is unread."""

import pytest
from django.urls import reverse

from tests.factories import make_mentorship, post_message

pytestmark = pytest.mark.django_db


def test_the_navigation_is_a_menu_that_needs_no_javascript(client):
    mentorship = make_mentorship()
    client.force_login(mentorship.mentee)
    html = client.get(reverse("home")).content.decode()
    menu = html.split('<details class="nav-menu">', 1)[1].split("</details>", 1)[0]
    assert menu.lstrip().startswith('<summary class="nav-menu-button">')
    assert f'href="{reverse("mentor_directory")}"' in menu
    assert "Log out" in menu
    assert '<span class="badge">new</span>' not in menu


def test_the_menu_button_says_new_when_a_message_is_unread(client):
    mentorship = make_mentorship(stage="cultivation")
    post_message(mentorship, mentorship.mentor, "Hello")
    client.force_login(mentorship.mentee)
    html = client.get(reverse("home")).content.decode()
    summary = html.split('<summary class="nav-menu-button">', 1)[1].split("</summary>", 1)[0]
    assert '<span class="badge">new</span>' in summary


def test_visitors_get_the_menu_too(client):
    html = client.get(reverse("account_login")).content.decode()
    menu = html.split('<details class="nav-menu">', 1)[1].split("</details>", 1)[0]
    assert "Sign up" in menu and "Log in" in menu
