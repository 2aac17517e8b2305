"""docker-compose.yml and the Dockerfile, read the way Docker reads them: what `docker compose
up` would start, with which values, after what, and how each service is judged healthy."""

import os
import re
import secrets
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
DEFAULT_PROFILE = {
    name: service for name, service in SERVICES.items() if not service.get("profiles")
}
ONE_SHOT = {name for name, service in SERVICES.items() if service.get("restart") == "no"}
LONG_RUNNING = set(DEFAULT_PROFILE) - ONE_SHOT
APP_SERVICES = {"web", "worker", "beat"}
REQUIRED = ("SECRET_KEY", "SITE_URL", "ALLOWED_HOSTS", "EMAIL_URL")
PRODUCTION_VALUES = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SITE_URL": "https://menteo.example.com",
    "ALLOWED_HOSTS": "menteo.example.com",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
}


class MissingVariable(Exception):
    pass


_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[_a-zA-Z]\w*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[_a-zA-Z]\w*))"
)


def interpolate(value, variables: dict[str, str]):
    """Compose's interpolation (the forms this file uses): `$$`, `$VAR`, `${VAR}`,
    `${VAR:-default}`, `${VAR-default}`, and `${VAR:?error}`/`${VAR?error}`, which stop
    `docker compose config` and `up` with the error when VAR is unset (or empty, with `:`)."""
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["bare"]
        current = variables.get(name)
        missing = current is None or (current == "" and (match["op"] or "").startswith(":"))
        if match["op"] in {":?", "?"} and missing:
            raise MissingVariable(f"required variable {name} is missing a value: {match['arg']}")
        if match["op"] in {":-", "-"} and missing:
            return match["arg"]
        return current or ""

    return _VARIABLE.sub(substitute, value)


def text_of(command) -> str:
    return " ".join(command) if isinstance(command, list) else str(command or "")


def healthcheck_python(service: str) -> str:
    test = SERVICES[service]["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"], test
    return test[3]


def run_python(code: str) -> int:
    return subprocess.run([sys.executable, "-c", code], timeout=30).returncode


def test_the_file_is_what_this_test_reads():
    assert {"db", "redis", "migrate", "web", "worker", "beat", "mailpit", "demo"} <= set(SERVICES)
    assert sorted(ONE_SHOT) == ["demo", "migrate"]
    assert sorted(LONG_RUNNING) == ["beat", "db", "redis", "web", "worker"]


@pytest.mark.parametrize("name", REQUIRED)
def test_it_refuses_to_start_without_each_required_variable(name):
    unset = {key: value for key, value in PRODUCTION_VALUES.items() if key != name}
    empty = {**PRODUCTION_VALUES, name: ""}
    for variables in (unset, empty):
        with pytest.raises(MissingVariable, match=f"required variable {name} is missing"):
            interpolate(COMPOSE, variables)
    assert interpolate(COMPOSE, PRODUCTION_VALUES)["services"]["web"]["environment"][name]


def test_the_required_variables_have_no_fallback_in_any_app_service():
    for name, service in SERVICES.items():
        if "build" not in service:
            continue
        for variable in REQUIRED:
            assert re.fullmatch(
                rf"\$\{{{variable}:\?[^}}]+\}}", service["environment"][variable]
            ), (name, variable)


def test_no_default_profile_service_seeds_demo_data():
    for name, service in DEFAULT_PROFILE.items():
        assert "seed_demo" not in text_of(service.get("command")), name
        assert "seed_demo" not in text_of(service.get("entrypoint")), name
    # The demo data is one explicit command away.
    assert SERVICES["demo"]["profiles"] == ["demo"]
    assert "manage.py seed_demo" in text_of(SERVICES["demo"]["command"])


def test_web_worker_and_beat_wait_for_the_migrations():
    assert text_of(SERVICES["migrate"]["command"]).split() == [
        "python", "manage.py", "migrate", "--noinput",
    ]  # fmt: skip
    assert SERVICES["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}
    for name in APP_SERVICES:
        depends_on = SERVICES[name]["depends_on"]
        assert depends_on["migrate"] == {"condition": "service_completed_successfully"}, name
        assert depends_on["db"] == {"condition": "service_healthy"}, name
        assert depends_on["redis"] == {"condition": "service_healthy"}, name
    for name, service in DEFAULT_PROFILE.items():
        assert "migrate" not in text_of(service.get("command")) or name == "migrate", name


def test_every_long_running_service_has_a_healthcheck_and_restarts():
    for name in [*LONG_RUNNING, "mailpit"]:
        service = SERVICES[name]
        assert service["restart"] == "unless-stopped", name
        healthcheck = service.get("healthcheck", {})
        assert not healthcheck.get("disable"), name
        assert healthcheck.get("test"), name
        assert healthcheck["test"][0] in {"CMD", "CMD-SHELL"}, name


def test_mailpit_is_for_a_trial_and_production_does_not_wait_for_it():
    # Production names its SMTP server and never starts Mailpit; a trial starts it with
    # --profile trial, and then web and worker wait until it is healthy.
    assert SERVICES["mailpit"]["profiles"] == ["trial"]
    for name in ("web", "worker"):
        assert SERVICES[name]["depends_on"]["mailpit"] == {
            "condition": "service_healthy",
            "required": False,
        }, name
    environment = interpolate(SERVICES["web"]["environment"], PRODUCTION_VALUES)
    assert environment["EMAIL_URL"] == PRODUCTION_VALUES["EMAIL_URL"]
    assert "--profile trial" in SERVICES["web"]["environment"]["EMAIL_URL"]


def test_exactly_one_beat_with_a_schedule_file_its_healthcheck_reads():
    beats = [name for name, s in SERVICES.items() if " beat" in text_of(s.get("command"))]
    assert beats == ["beat"]
    assert "--schedule /tmp/celerybeat-schedule" in text_of(SERVICES["beat"]["command"])
    assert "/tmp/celerybeat-schedule*" in healthcheck_python("beat")


def test_the_worker_healthcheck_pings_this_worker_through_the_broker():
    test = SERVICES["worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    # `$$` reaches the container's shell as `$HOSTNAME`, the worker's default node name.
    assert "celery -A menteo inspect ping" in test[1]
    assert "-d celery@$HOSTNAME" in interpolate(test[1], {})


def test_the_beat_healthcheck_fails_on_a_stale_or_missing_schedule(tmp_path):
    code = healthcheck_python("beat").replace("/tmp/", f"{tmp_path}/")
    compile(code, "beat healthcheck", "exec")
    assert run_python(code) != 0  # beat has not written its schedule
    schedule = tmp_path / "celerybeat-schedule.dat"
    schedule.write_bytes(b"")
    assert run_python(code) == 0
    eleven_minutes_ago = time.time() - 660
    os.utime(schedule, (eleven_minutes_ago, eleven_minutes_ago))
    assert run_python(code) != 0


class _Health(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def health_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def test_the_web_healthcheck_is_the_images_and_fails_on_a_503(health_server):
    code = healthcheck_python("web")
    assert "'http://127.0.0.1:8000/healthz'" in code
    dockerfile_check = re.search(r"^HEALTHCHECK .*?CMD (\[.*?\])$", DOCKERFILE, re.M | re.S)
    assert dockerfile_check, "the Dockerfile has no HEALTHCHECK"
    assert yaml.safe_load(dockerfile_check[1]) == ["python", "-c", code]

    local = code.replace("127.0.0.1:8000", f"127.0.0.1:{health_server.server_port}")
    _Health.status = 200
    assert run_python(local) == 0
    _Health.status = 503
    assert run_python(local) != 0
    _Health.status = 200


def test_web_runs_gunicorn_with_the_shared_config():
    assert "gunicorn --config gunicorn.conf.py" in text_of(SERVICES["web"]["command"])
    cmd = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.M)
    assert cmd
    assert yaml.safe_load(cmd[1])[:3] == ["gunicorn", "--config", "gunicorn.conf.py"]


def test_the_image_build_writes_no_secret_key():
    assert "SECRET_KEY" not in DOCKERFILE
    assert "BUILD_STATIC_ONLY=true python manage.py collectstatic" in DOCKERFILE


def compose_environment(service: str, variables: dict[str, str]) -> dict[str, str]:
    values = interpolate(SERVICES[service]["environment"], variables)
    return {key: str(value) for key, value in values.items()}


def manage_py(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV"}
    base = {key: value for key, value in os.environ.items() if key in keep}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_compose_environment_passes_check_deploy():
    result = manage_py(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        environment=compose_environment("web", PRODUCTION_VALUES),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_local_trial_over_http_needs_to_say_so():
    trial = {**PRODUCTION_VALUES, "SITE_URL": "http://127.0.0.1:8000", "ALLOWED_HOSTS": "127.0.0.1"}
    refused = manage_py("check", environment=compose_environment("web", trial))
    assert refused.returncode != 0
    assert "SITE_URL must start with https://" in refused.stderr
    assert "ALLOW_HTTP_SITE_URL=true" in refused.stderr

    allowed = {**trial, "ALLOW_HTTP_SITE_URL": "true"}
    result = manage_py("check", environment=compose_environment("web", allowed))
    assert result.returncode == 0, result.stderr


def test_celery_is_not_given_a_log_level_that_logging_settings_override():
    # Celery logs through Django's LOGGING (LOG_LEVEL decides): a --loglevel would be ignored.
    for name in ("worker", "beat"):
        assert "--loglevel" not in SERVICES[name]["command"], name
    assert "--loglevel" not in (ROOT / "bin" / "run").read_text()
