"""Security headers on every page, and templates that need no inline code to work."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response.headers["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


@pytest.fixture(params=["landing", "dashboard", "login"])
def response(request, client, mentee):
    if request.param == "dashboard":
        client.force_login(mentee)
    url = reverse("account_login") if request.param == "login" else reverse("home")
    return client.get(url)


def test_the_content_security_policy_allows_no_inline_or_eval_script(response):
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


def test_no_site_may_frame_a_page(response):
    assert _csp(response)["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_referrer_stays_on_menteo(response):
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_may_not_use_camera_microphone_location_or_payment(response):
    policy = dict(
        part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"


def test_content_types_are_not_sniffed_and_windows_are_isolated(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_responses_carry_hsts_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("home"), secure=True)
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


@pytest.mark.django_db
def test_error_pages_carry_the_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Permissions-Policy"]


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "email" not in path.relative_to(TEMPLATES).parts:  # emails are not under our CSP
            yield path


@pytest.mark.parametrize(
    "path", list(_page_templates()), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_templates_hold_no_inline_script_style_or_handlers(path):
    source = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", source), "inline <script>"
    assert not re.search(r"\sstyle=", source), "style attribute"
    assert not re.search(r"<style", source), "<style> element"
    assert not re.search(r"\son[a-z]+=", source), "event handler attribute"
    assert not re.search(r"\shx-on", source), "hx-on evaluates code"
    assert "javascript:" not in source


@pytest.mark.django_db
def test_htmx_is_configured_to_need_no_inline_styles_or_eval(client):
    html = client.get(reverse("home")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', html).group(1)
    assert '"includeIndicatorStyles": false' in config
    assert '"allowEval": false' in config
