"""With Redis unreachable, the cache misses quietly and people can still sign in and work."""

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse

from menteo import ratelimit
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "menteo.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_reads_miss_and_writes_are_dropped(redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="menteo.cache"):
        assert cache.get("key", "fallback") == "fallback"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.add("key", 1) is True
        cache.set("key", 1)
        assert cache.incr("key") == 1
        cache.delete("key")
    assert "Cache get skipped: Redis is unreachable (ConnectionError)" in caplog.text


def test_signing_in_works_while_redis_is_down(client, redis_down):
    person = UserFactory()
    response = client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_rate_limited_actions_are_allowed_while_redis_is_down(redis_down):
    person = UserFactory()
    for _ in range(ratelimit.limit_for("mentorship_request").count + 2):
        ratelimit.consume(user=person, action="mentorship_request")


def test_the_redis_client_is_built_once_and_reused(settings):
    import os

    settings.CACHES = {
        "default": {
            "BACKEND": "menteo.cache.ResilientRedisCache",
            "LOCATION": os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
        }
    }
    client = cache._cache.get_client(write=True)
    cache.set("reused", 1)
    assert cache.get("reused") == 1
    assert cache._cache.get_client() is client is cache._cache.get_client(write=True)
    cache.delete("reused")
