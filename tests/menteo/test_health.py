import json
import logging

import pytest
from django.core import mail
from django.db import OperationalError, connection

from menteo import health

pytestmark = pytest.mark.django_db


def test_it_reports_the_database_and_redis(client, settings):
    assert settings.REDIS_URL, "bin/test points REDIS_URL at the test Redis"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_redis_down_is_degraded_but_serving(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unreachable"}


def test_an_unreachable_database_answers_503(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at db.internal failed: password=secret")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["database"] == "unreachable"


def test_it_tells_no_secrets(client, settings, monkeypatch):
    monkeypatch.setattr(
        connection, "cursor", lambda: (_ for _ in ()).throw(OperationalError("password=secret"))
    )
    settings.REDIS_URL = "redis://:hunter2@127.0.0.1:1/0"
    body = client.get("/healthz").content.decode()
    assert set(json.loads(body)) == {"status", "database", "redis"}
    for secret in ("secret", "hunter2", "127.0.0.1", settings.SECRET_KEY, "postgres"):
        assert secret not in body


def test_a_load_balancer_probe_by_ip_over_http_gets_an_answer(client, settings):
    settings.ALLOWED_HOSTS = ["menteo.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400  # only the probe


def test_it_changes_nothing_and_accepts_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_health_states_without_http():
    assert health.health()[0] == 200


@pytest.fixture
def state_log(monkeypatch):
    """A fresh process's memory of the last state: "ok"."""
    fresh = health.StateLog()
    monkeypatch.setattr(health, "state_log", fresh)
    return fresh


def _health_records(caplog):
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "menteo.health"]


def test_an_outage_is_logged_once_and_mailed_to_nobody(client, settings, monkeypatch, caplog,
                                                        state_log):  # fmt: skip
    settings.DEBUG = False
    settings.ADMINS = [("Ops", "ops@example.com")]
    caplog.set_level(logging.INFO)

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as outage:
        outage.setattr(connection, "cursor", refuse)
        for _ in range(4):
            assert client.get("/healthz").status_code == 503
    assert _health_records(caplog) == [
        ("ERROR", "Health: down, was ok (database unreachable, Redis ok)")
    ]
    assert mail.outbox == []
    assert not [r for r in caplog.records if r.name == "django.request"]

    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert _health_records(caplog)[1:] == [("INFO", "Health: ok, was down (database ok, Redis ok)")]
    assert mail.outbox == []


def test_redis_going_away_is_a_warning_once(client, settings, caplog, state_log):
    caplog.set_level(logging.INFO)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    client.get("/healthz")
    client.get("/healthz")
    assert _health_records(caplog) == [
        ("WARNING", "Health: degraded, was ok (database ok, Redis unreachable)")
    ]


def test_a_healthy_process_logs_nothing(client, caplog, state_log):
    caplog.set_level(logging.DEBUG)
    client.get("/healthz")
    assert _health_records(caplog) == []
