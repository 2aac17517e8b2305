import pytest
from celery._state import _set_task_join_will_block
from django.core.cache import cache
from django.test import Client

from menteo.celery import app as celery_app
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _isolated_services(settings):
    """Each test starts with an empty cache (rate limits), runs Celery tasks inline and sends
    email into the outbox."""
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    # Hashing is deliberately slow; tests make many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    celery_app.conf.task_always_eager = True
    # Emails pass through the site's backend, as in production, into the test outbox.
    settings.EMAIL_BACKEND = "menteo.mail.SiteEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cache.clear()
    yield
    cache.clear()
    # An in-process worker (celery.contrib.testing) marks this process as "inside a task", which
    # then refuses result.get() in every later test: this process is no task.
    _set_task_join_will_block(False)


@pytest.fixture
def mentor(db):
    return UserFactory(display_name="Maya Mentor", email="maya@example.com")


@pytest.fixture
def mentee(db):
    return UserFactory(display_name="Sam Mentee", email="sam@example.com")


@pytest.fixture
def outsider(db):
    return UserFactory(display_name="Charlie Outsider", email="charlie@example.com")


@pytest.fixture
def csrf_client():
    """A client that checks CSRF tokens as a browser's requests are checked (Django's test
    client skips the check by default). Use `csrf_token(csrf_client)` after a GET of a page."""
    return Client(enforce_csrf_checks=True)


def csrf_token(client) -> str:
    """The token a page's forms (and htmx, through hx-headers on <body>) send back."""
    return client.cookies["csrftoken"].value


@pytest.fixture
def announced(monkeypatch):
    """The events announced during the test, in order, recorded by a listener of every event
    (with the change). The listeners known before the test are restored after it."""
    from menteo import events
    from mentorships.events import EVENTS

    monkeypatch.setattr(
        events, "_LISTENERS", {kind: list(known) for kind, known in events._LISTENERS.items()}
    )
    recorded = []

    @events.listen(*EVENTS)
    def record(event):
        recorded.append(event)

    return recorded


@pytest.fixture
def local_trial(settings):
    """pytest runs with DEBUG off: where seed_demo must run, the site says it is a local trial
    (ALLOW_HTTP_SITE_URL=true), as a trial over plain http does."""
    settings.ALLOW_HTTP_SITE_URL = True
