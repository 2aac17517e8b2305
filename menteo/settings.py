"""Menteo settings, read from the environment (twelve-factor).

With nothing set, Menteo runs for local use: DEBUG on, SQLite in the project folder, emails
printed to the console and Celery tasks run inline. Production sets DEBUG=false, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, EMAIL_URL and SITE_URL. A missing or malformed value
stops start-up with a message that names the variable, and so does a production value that is
unsafe (menteo/deployment.py: a published SECRET_KEY, a missing or plain-http SITE_URL).
"""

import logging
import secrets
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from menteo import deployment

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

# The image's build step collects static files with production settings. It serves nothing and
# signs nothing, so it gets a throwaway key and placeholder addresses, and the flag is refused
# for any other command: no key is written in the Dockerfile.
BUILD_STATIC_ONLY = env.bool("BUILD_STATIC_ONLY", default=False)
if BUILD_STATIC_ONLY and sys.argv[1:2] != ["collectstatic"]:
    raise ImproperlyConfigured(
        "BUILD_STATIC_ONLY is only for `manage.py collectstatic` while building the image: "
        "unset it."
    )
_serving_production = not DEBUG and not BUILD_STATIC_ONLY


def _refuse(problem: deployment.Problem | None) -> None:
    if problem:
        raise ImproperlyConfigured(problem.message)


if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default=deployment.DEVELOPMENT_SECRET_KEY)
elif BUILD_STATIC_ONLY:
    SECRET_KEY = secrets.token_urlsafe(50)
else:
    try:
        SECRET_KEY = env.str("SECRET_KEY")
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (50+ random characters)."
        ) from None
    _refuse(deployment.secret_key_problem(SECRET_KEY))

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if _serving_production else ["127.0.0.1", "localhost", "[::1]"]
)
if _serving_production and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")

# The public address: every absolute link (emails, calendars) starts with it. Required in
# production, and https there unless a local trial allows plain http explicitly.
ALLOW_HTTP_SITE_URL = env.bool("ALLOW_HTTP_SITE_URL", default=False)
SITE_URL = env.str(
    "SITE_URL", default="" if _serving_production else "http://127.0.0.1:8000"
).rstrip("/")
_refuse(
    deployment.site_url_problem(SITE_URL, allow_http=ALLOW_HTTP_SITE_URL or not _serving_production)
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# HTTPS hardening is on by default in production, unless SITE_URL is an allowed plain http
# address (a local trial), where redirects to https and secure-only cookies would lock people out.
_https_hardening = not DEBUG and urlsplit(SITE_URL).scheme == "https"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "accounts",
    "mentorships",
    "roadmaps",
    "rooms",
    "threads",
    "notifications",
    "meetings",
    "dashboard",
    "menteo",
]

MIDDLEWARE = [
    "menteo.request_id.RequestIdMiddleware",  # first: every log line of a request has its id
    "menteo.health.HealthCheckMiddleware",  # /healthz, before host checks and HTTPS redirects
    "django.middleware.security.SecurityMiddleware",
    "menteo.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "menteo.errors.RefusalMiddleware",  # domain errors -> 403/409/400, in the user's time zone
]

ROOT_URLCONF = "menteo.urls"
WSGI_APPLICATION = "menteo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "menteo.errors.refusal",
            ],
        },
    },
]

# Databases ------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: for these short OLTP queries it costs more than it saves (the admin
    # insights' at-risk query spent 1.27 s of 1.99 s compiling; bench/RESULTS.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quick start: without these, the same click twice at once answers "database is
    # locked" (a 500). WAL lets reads go on during a write; IMMEDIATE takes the write lock when
    # a transaction begins, so two writers queue instead of deadlocking on the upgrade from a
    # read lock (where SQLite fails at once, whatever the timeout); the timeout (seconds) is
    # how long one waits for the other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": env.int("SQLITE_TIMEOUT", default=20),
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis, cache and Celery ----------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")


def _redis_reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 0.5):
            return True
    except OSError:
        return False


if REDIS_URL and DEBUG and not _redis_reachable(REDIS_URL):
    # Local use only: a developer without Redis still gets a working app. In production a
    # missing broker is an error that must be seen, so this fallback never applies there.
    print(
        f"Menteo: Redis at {REDIS_URL} is not reachable; Celery tasks run inline "
        "and the cache is in memory.",
        file=sys.stderr,
    )
    REDIS_URL = ""

if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open: an unreachable Redis never turns a page into an error.
            "BACKEND": "menteo.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The room poll answers "nothing new" from the cache only when every process shares it: with
# the in-memory cache, a message posted through one worker would not reach the others'.
ROOM_POLL_FROM_CACHE = bool(REDIS_URL)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
# visibility_timeout: longer than the longest countdown or retry back-off (the welcome email's
# retry_backoff_max is an hour), so Redis never redelivers a task that a worker still holds.
# The rest bounds how long a web request can wait on an unreachable broker: one quick connect
# attempt and one retry, then `menteo.celery.enqueue` gives up and the periodic sweeps deliver.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 6 * 3600,
    "socket_connect_timeout": 1,
    "max_retries": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Hourly, so each person's reminders go out in their own morning.
    "run-sweeps": {"task": "notifications.tasks.run_sweeps", "schedule": crontab(minute=5)},
    "resume-due-mentorships": {
        "task": "mentorships.tasks.resume_due_mentorships",
        "schedule": crontab(minute=2),
    },
    "expire-requests": {"task": "mentorships.tasks.expire_requests", "schedule": crontab(minute=3)},
    # The outbox: anything pending (a broker outage, a failed SMTP send) goes out here.
    "deliver-notifications": {
        "task": "notifications.tasks.deliver_notifications",
        "schedule": 60.0,
    },
    # The welcome email's safety net, for a confirmation made while the broker was away.
    "send-due-welcome-emails": {
        "task": "accounts.tasks.send_due_welcome_emails",
        "schedule": 600.0,
    },
}

# Email ------------------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
# Every email passes through menteo.mail (Message-ID from SITE_URL, Auto-Submitted, a subject
# that starts on its line), which hands it to the backend EMAIL_URL chose.
EMAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_BACKEND = "menteo.mail.SiteEmailBackend"
# In production the sender is of the site's own domain (SITE_URL's host), which its SPF and
# DKIM can vouch for; a made-up .localhost domain is refused or binned by mail systems. Empty
# counts as unset (docker-compose.yml passes it through empty).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="") or (
    f"Menteo <hello@{urlsplit(SITE_URL).hostname}>"
    if _serving_production
    else "Menteo <hello@menteo.localhost>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", email) for email in env.list("ADMIN_EMAILS", default=[])]

# Accounts (django-allauth) --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_USER_DISPLAY = "accounts.models.user_display"
# Its emails in our words, every link in them from SITE_URL.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "https"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Menteo] "
# ACCOUNT_RATE_LIMITS is left unset on purpose: allauth's built-in limits (login, sign-up,
# password reset) stay on.
# Changing the password keeps this session and ends every other one (Django checks each
# session against the password hash; usersessions drops the rows).
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Sessions are recorded at log-in. Tracking activity would cost a read and a write on every
# request (the room poll included), for a "last seen" column.
USERSESSIONS_TRACK_ACTIVITY = False

# Internationalisation ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security ---------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_https_hardening)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if _https_hardening else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_https_hardening
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=_https_hardening)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=_https_hardening)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=_https_hardening)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Only features every current browser knows: an unknown name is a console error in Chromium.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
}  # fmt: skip
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Logging and error reports ----------------------------------------------------------------------
# Say what failed, never the secrets or what people wrote: credentials are masked in every log
# line, error emails show no form values or local variables, and Sentry gets no request bodies,
# cookies, local variables or personal data. Every line has the request id (menteo/request_id.py);
# JSON, one object a line, for a log collector, or plain text for a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
if LOG_FORMAT not in ("json", "plain"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "menteo.log.RequestIdFilter"},
        "redact_secrets": {"()": "menteo.log.RedactSecrets"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {
            "()": "menteo.log.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"()": "menteo.log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id", "redact_secrets"],
        },
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers: errors mailed to ADMINS as Django does by default, every line
    # written once, by the handler above (Django's default console handler is replaced).
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
    },
}
logging.captureWarnings(True)  # Python's warnings are log lines too (JSON, with the request id)
DEFAULT_EXCEPTION_REPORTER_FILTER = "menteo.log.PrivateExceptionReporterFilter"

SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )
