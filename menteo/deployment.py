"""What a production configuration must not be, written once.

`settings.py` refuses to start with DEBUG off when one of these rules is broken, and
`menteo/checks.py` reports the same rules through `manage.py check --deploy` (for a settings
module that changes the values after ours are read). Imports nothing from Django's settings.
"""

from typing import NamedTuple
from urllib.parse import urlsplit


class Problem(NamedTuple):
    check_id: str  # the system check's id in `check --deploy`
    message: str


DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only"

# Every SECRET_KEY value ever committed to this repository. Anyone can read them, so anyone
# could sign sessions, password-reset links and unsubscribe tokens with them: production
# refuses them all. tests/menteo/test_deploy_settings.py fails on a SECRET_KEY-looking value in
# a committed file that is not listed here.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        DEVELOPMENT_SECRET_KEY,
        # docker-compose.yml's old fallback
        "change-me-to-50-or-more-random-characters-before-going-live!!",
        # the Dockerfile's old build-step key
        "build-only-not-secret-build-only-not-secret-build-only",
        # tests/menteo/test_settings.py's old production key
        "k8R2vQx7pLm4Zt9Wn3Yb6Hc1Jd5Fg0Se8Ua2Ri7Oo4Pp1Ll9Kk3Jj6Hh",
    }
)

NEW_SECRET_KEY_COMMAND = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def secret_key_problem(secret_key: str) -> Problem | None:
    """Why `secret_key` must not sign anything in production, or None."""
    if secret_key in PUBLISHED_SECRET_KEYS:
        return Problem(
            "menteo.E003",
            "SECRET_KEY is one published in Menteo's repository, so anyone could sign "
            f"sessions and unsubscribe links with it: make your own with {NEW_SECRET_KEY_COMMAND}",
        )
    if len(secret_key) < 50 or secret_key.startswith("django-insecure"):
        return Problem("menteo.E004", "SECRET_KEY is too weak: use 50 or more random characters.")
    return None


def site_url_problem(site_url: str, *, allow_http: bool) -> Problem | None:
    """Why `site_url` cannot be the public address every emailed link starts with, or None.

    Plain http is refused unless allowed: one-click unsubscribe (RFC 8058) and secure cookies
    need https, and a local trial says so explicitly with ALLOW_HTTP_SITE_URL=true."""
    if not site_url:
        return Problem(
            "menteo.E001",
            "SITE_URL must be set when DEBUG is off: the public address people open, such as "
            "https://menteo.example.com (every link in every email starts with it).",
        )
    parts = urlsplit(site_url)
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path.strip("/")
        or parts.query
        or parts.fragment
    ):
        return Problem(
            "menteo.E001",
            f"SITE_URL must be a scheme and a host, such as https://menteo.example.com, "
            f"with no path: got {site_url!r}.",
        )
    if parts.scheme == "http" and not allow_http:
        return Problem(
            "menteo.E002",
            f"SITE_URL must start with https:// when DEBUG is off (got {site_url!r}): "
            "one-click unsubscribe and secure cookies need it. For a local trial over plain "
            "http, set ALLOW_HTTP_SITE_URL=true.",
        )
    return None
