"""HTTP load: Menteo under gunicorn (production settings, DEBUG off) on 127.0.0.1, driven by
wrk in a second process with many concurrent clients.

    python -m bench.load [--mentorships 10000] [--duration 10] [--connections 50]
                         [--instances 2]

Needs wrk (Debian: `apt-get install -y wrk`). With `--instances N` (N > 1) it starts N gunicorn
instances on the next N ports, sharing the database and Redis, and haproxy (Debian's
`haproxy`, bench/proxy.py) on --port in front of them, round robin: wrk then loads the proxy,
as a deployment beyond one machine is loaded. Serves the large benchmark database
(menteo_bench_large, generated if needed) with Redis database 8 as the cache. Every endpoint
of ENDPOINTS is loaded in turn against the same gunicorn, right after a bare baseline view
(`/bench/baseline/`, mounted only by bench.urls), and reported as requests per second, p50 and
p99 latency and throughput as a share of the baseline's, measured again right after each
endpoint (for half the duration) so that a share compares two figures of the same moment.

Logged-in requests carry a session created directly in the benchmark database. Only loopback
addresses are used, and each wrk run is bounded by --duration.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    BENCH_REDIS_URL,
    LARGE_DATABASE,
    LARGE_SCALE,
    ROOT,
    bench_env,
    collect_static,
    markdown_table,
)
from bench.proxy import haproxy_available, haproxy_command, haproxy_config

HOST = "127.0.0.1"
# Issue 9: share of the baseline's throughput (the mentorship page has no target: shown for
# comparison with the dashboard).
TARGETS = {"dashboard": 0.30, "room poll, nothing new": 0.60, "room page": 0.30}
OK_STATUS = (200, 204)  # 204: the room poll's "nothing new"
# A new client_token for every posted message (LuaJIT's random, 16 bits at a time), so each
# request stores a message instead of being taken as a resend of the first.
POST_MESSAGE_LUA = """
local thread_seed = tonumber(tostring({}):match("0x(%x+)") or "0", 16) or 0
math.randomseed(os.time() + thread_seed)
local function hex(digits)
  local out = ""
  for _ = 1, digits / 4 do out = out .. string.format("%04x", math.random(0, 65535)) end
  return out
end
request = function()
  local token = hex(8) .. "-" .. hex(4) .. "-4" .. hex(4):sub(2) .. "-a" .. hex(4):sub(2)
    .. "-" .. hex(12)
  return wrk.format(nil, nil, nil, "body=Thanks%2C+that+helps%21&client_token=" .. token)
end
"""


@dataclass
class Endpoint:
    name: str
    path: Callable[[dict], str]  # from the probe's ids
    logged_in: bool = True
    method: str = "GET"
    body: Callable[[dict], str] | None = None  # form-encoded, for POST
    headers: dict | None = None
    lua: str = ""  # extra Lua for wrk (a `request` function that varies the body)


ENDPOINTS: list[Endpoint] = [
    Endpoint("baseline (bare view)", lambda p: "/bench/baseline/", logged_in=False),
    # The floor of any logged-in page: the base layout, the session, the person and the
    # navigation's counts, and a short list.
    Endpoint("notifications (the lightest page)", lambda p: "/notifications/"),
    Endpoint("dashboard", lambda p: "/"),
    Endpoint("mentorship page", lambda p: f"/mentorships/{p['mentorship']}/"),
    Endpoint(
        "room poll, nothing new",
        lambda p: (
            f"/mentorships/{p['mentorship']}/room/poll/"
            f"?after={p['last_message']}&revision={p['revision']}&day=2026-01-01"
            f"&token={p['poll_token']}"
        ),
        headers={"HX-Request": "true"},
    ),
    Endpoint("room page", lambda p: f"/mentorships/{p['mentorship']}/room/"),
    # Into another probe pair's room (the second, in Initiation): messages posted here would
    # otherwise change the measured room page (the latest 50 become the benchmark's own, with
    # their edit and delete controls) in later runs.
    Endpoint(
        "post a message (htmx)",
        lambda p: f"/mentorships/{p['post_mentorship']}/room/messages/",
        method="POST",
        body=lambda p: (
            "body=Thanks%2C+that+helps%21&client_token=00000000-0000-4000-8000-000000000000"
        ),
        headers={"HX-Request": "true"},
        lua=POST_MESSAGE_LUA,
    ),
]


def probe_and_session(env: dict[str, str]) -> tuple[dict, str]:
    """The probe mentorship's ids, and a session of its mentor written straight into the
    benchmark database (as a login would)."""
    os.environ.update(env)
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User
    from bench.generate import PROBE_MENTOR
    from mentorships.models import Mentorship
    from rooms.models import Room
    from rooms.revisions import poll_token

    mentor = User.objects.get(username=PROBE_MENTOR)
    mentorship = Mentorship.objects.get(mentor=mentor, mentee__username="bench-mentee1")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(mentor.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = mentor.get_session_auth_hash()
    session.create()
    room = Room.objects.get(mentorship=mentorship)
    other = Mentorship.objects.get(mentor=mentor, mentee__username="bench-mentee2")
    probe = {
        "mentor": mentor.pk,
        "mentorship": str(mentorship.pk),
        "post_mentorship": str(other.pk),
        "revision": room.revision,
        "last_message": room.messages.order_by("-id").values_list("id", flat=True).first(),
    }
    probe["poll_token"] = poll_token(mentorship.pk, session.session_key)
    return probe, session.session_key


def start_gunicorn(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    # Started the deployed way: gunicorn.conf.py, told where and how wide by the environment.
    command = [str(Path(sys.executable).parent / "gunicorn"), "--config", "gunicorn.conf.py"]
    env = {**os.environ, **env, "GUNICORN_BIND": f"{HOST}:{port}", "WEB_CONCURRENCY": str(workers)}
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    wait_for_baseline(server, port, "gunicorn")
    return server


def start_proxy(port: int, instances: dict[str, int], directory: Path) -> subprocess.Popen:
    """haproxy on `port`, round robin over the gunicorn `instances` (name: port)."""
    command = haproxy_command(haproxy_config(port=port, instances=instances), directory)
    proxy = subprocess.Popen(command, cwd=ROOT)
    wait_for_baseline(proxy, port, "haproxy")
    return proxy


def wait_for_baseline(server: subprocess.Popen, port: int, name: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/bench/baseline/", timeout=1)
            return
        except OSError:
            if server.poll() is not None:
                sys.exit(f"{name} stopped during start-up (see above).")
            time.sleep(0.3)
    server.terminate()
    sys.exit(f"{name} did not answer within 30 s.")


def check_response(url: str, headers: dict, method: str, body: bytes | None) -> int:
    """One request before the load: a logged-in page must answer 200, not a redirect."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with opener.open(request, timeout=60) as response:  # a cold first request on a busy machine
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk_script(method: str, body: str | None, headers: dict) -> str:
    lines = [f'wrk.method = "{method}"']
    if body:
        lines.append(f"wrk.body = {body!r}".replace("'", '"'))
    lines += [f'wrk.headers["{name}"] = "{value}"' for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def parse_wrk(output: str) -> dict:
    def ms(value: str) -> float:
        number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
        return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    for percent in ("50", "99"):
        figures[f"p{percent}"] = ms(re.search(rf"\s{percent}%\s+(\S+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    figures["errors"] = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in re.findall(r"\d+", errors.group(0))) if errors else 0
    )
    return figures


def run_wrk(url: str, script: str, *, duration: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        output = subprocess.run(
            ["wrk", "--latency", "-t", str(threads), "-c", str(connections),
             "-d", f"{duration}s", "--timeout", "10s", "-s", lua.name, url],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    finally:
        os.unlink(lua.name)
    return parse_wrk(output)


def run(
    *,
    mentorships: int = LARGE_SCALE,
    database_url: str = LARGE_DATABASE,
    duration: int = 10,
    connections: int = 50,
    workers: int | None = None,
    port: int = 8765,
    instances: int = 1,
) -> str:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: install it with `apt-get install -y wrk` (Debian), then rerun.")
    if instances > 1 and not haproxy_available():
        sys.exit("haproxy is missing: install it with `apt-get install -y haproxy`, then rerun.")
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--mentorships", str(mentorships),
         "--database-url", database_url, "--if-needed"],
        cwd=ROOT, check=True, stdout=sys.stderr,
    )  # fmt: skip
    collect_static(database_url)
    env = bench_env(database_url, redis_url=BENCH_REDIS_URL)
    env["CONN_MAX_AGE"] = "600"
    probe, session_key = probe_and_session(env)
    workers = workers or os.cpu_count() or 2
    csrf = secrets.token_hex(16)  # 32 characters: Django takes an unmasked secret as the token
    servers = []
    proxy_directory = tempfile.TemporaryDirectory(prefix="menteo-bench-proxy-")
    if instances > 1:
        # The workers shared out among the instances; the proxy on `port`, in front.
        ports = {f"web{n}": port + n for n in range(1, instances + 1)}
        per_instance = max(1, workers // instances)
        servers = [
            start_gunicorn(env, instance_port, per_instance) for instance_port in ports.values()
        ]
        servers.append(start_proxy(port, ports, Path(proxy_directory.name)))
    else:
        per_instance = workers
        servers = [start_gunicorn(env, port, workers)]
    rows = []
    baseline_url = f"http://{HOST}:{port}{ENDPOINTS[0].path(probe)}"
    baseline_script = wrk_script("GET", None, {})
    try:
        for endpoint in ENDPOINTS:
            url = f"http://{HOST}:{port}{endpoint.path(probe)}"
            headers = dict(endpoint.headers or {})
            if endpoint.logged_in:
                headers["Cookie"] = f"sessionid={session_key}; csrftoken={csrf}"
            body = endpoint.body(probe) if endpoint.body else None
            if endpoint.method == "POST":
                headers["X-CSRFToken"] = csrf
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            status = check_response(url, headers, endpoint.method, body and body.encode())
            if status not in OK_STATUS:
                rows.append([endpoint.name, "-", "-", "-", "-", "-", f"HTTP {status}: not loaded"])
                continue
            figures = run_wrk(
                url,
                wrk_script(endpoint.method, body, headers) + endpoint.lua,
                duration=duration,
                connections=connections,
                threads=2,
            )
            # The baseline again right after each endpoint: on a shared machine its rate drifts
            # within minutes, and a share is only fair against the baseline of the same moment.
            nearby = figures["rps"]
            if url != baseline_url:
                # waits for the workers to drain what wrk left queued (slow pages)
                check_response(baseline_url, {}, "GET", None)
                nearby = run_wrk(
                    baseline_url,
                    baseline_script,
                    duration=max(2, duration // 2),
                    connections=connections,
                    threads=2,
                )["rps"]
            share = figures["rps"] / nearby
            target = TARGETS.get(endpoint.name)
            verdict = "-" if target is None else ("ok" if share >= target else "MISSED")
            if figures["errors"]:
                verdict += f" ({figures['errors']} errors)"
            rows.append(
                [endpoint.name, round(figures["rps"], 1), round(figures["p50"], 1),
                 round(figures["p99"], 1), round(nearby, 1), f"{share:.0%}",
                 verdict if target is None else f"{verdict} (>= {target:.0%})"]
            )  # fmt: skip
    finally:
        for server in servers:
            server.send_signal(signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        proxy_directory.cleanup()
    shape = (
        f"haproxy in front of {instances} gunicorn instances, {per_instance} workers each"
        if instances > 1
        else f"gunicorn {workers} workers"
    )
    title = (
        f"HTTP load: {shape}, DEBUG off, wrk {connections} connections "
        f"x {duration} s per endpoint, {mentorships} mentorships"
    )
    headers = [
        "endpoint", "requests/s", "p50 ms", "p99 ms", "baseline right after, requests/s",
        "of baseline", "target",
    ]  # fmt: skip
    return f"### {title}\n\n" + markdown_table(headers, rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentorships", type=int, default=LARGE_SCALE)
    parser.add_argument("--database-url", default=LARGE_DATABASE)
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (nproc)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--instances",
        type=int,
        default=1,
        help="gunicorn instances behind haproxy on --port (1: gunicorn alone on --port)",
    )
    args = parser.parse_args(argv)
    print(
        run(
            mentorships=args.mentorships,
            database_url=args.database_url,
            duration=args.duration,
            connections=args.connections,
            workers=args.workers,
            port=args.port,
            instances=args.instances,
        )
    )


if __name__ == "__main__":
    main()
