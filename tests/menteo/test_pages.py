import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_landing_page_explains_menteo_to_a_visitor(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Initiation" in content and "Redefinition" in content
    assert reverse("account_signup") in content


@pytest.mark.parametrize("name", ["account_signup", "account_login", "account_reset_password"])
def test_the_account_pages_render_in_our_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b'class="site-header"' in response.content
    assert b"htmx" in response.content


def test_the_admin_sends_a_visitor_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_404_page_is_friendly(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_every_page_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["Referrer-Policy"] == "same-origin"


def test_htmx_requests_carry_the_csrf_token(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("home"))
    assert b'hx-headers=\'{"X-CSRFToken": "' in response.content
