"""Query scaling: SQL queries and server time of each page at a small and a large scale.

    python -m bench.queries [--small 200] [--large 10000] [--runs 5] [--rounds 3] [--regenerate]
                            [--page "admin: insights" ...]

Generates (or reuses) two databases, menteo_bench_small and menteo_bench_large, then measures
every page of PAGES in a separate process per database, through django.test.Client with
force_login and production settings (DEBUG off). The probe people and their mentorships are
identical at both scales, so a page shows the same thing over more data around it.

Targets (issue 9): the same number of queries at both scales, time ratio large/small <= 1.3.
"""

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    LARGE_DATABASE,
    LARGE_SCALE,
    ROOT,
    SMALL_DATABASE,
    SMALL_SCALE,
    collect_static,
    markdown_table,
    median_ms,
    setup_django,
)

RATIO_TARGET = 1.3
OK_STATUS = (200, 204)  # 204: the room poll's "nothing new"
HTMX = {"HTTP_HX_REQUEST": "true"}


@dataclass
class Probe:
    """The people and objects the pages are measured for (from bench.generate's probe set)."""

    mentor: object
    mentee: object
    admin: object
    newcomer: object
    mentorship: object
    meeting: object
    room: object = None
    last_message_id: int = 0
    post: object = None
    poll_token: str = ""  # the mentor's, once logged in

    def poll(self, *, behind: int = 0, token: bool = False) -> str:
        """The room poll's query string as the page's poller sends it: `behind` messages
        (and revisions) back from the latest, so 0 is "nothing new"; without the page's token
        the poll always takes the slow path (session, user, room)."""
        return (
            f"?after={self.last_message_id - behind}&revision={self.room.revision - behind}"
            "&day=2026-01-01" + (f"&token={self.poll_token}" if token else "")
        )


def load_probe() -> Probe:
    from accounts.models import User
    from bench.generate import PROBE_ADMIN, PROBE_MENTOR, PROBE_NEWCOMER
    from meetings.models import Meeting
    from mentorships.models import Mentorship
    from rooms.models import Room
    from threads.models import Post

    mentor = User.objects.get(username=PROBE_MENTOR)
    mentorship = Mentorship.objects.get(mentor=mentor, mentee__username="bench-mentee1")
    room = Room.objects.get(mentorship=mentorship)
    return Probe(
        room=room,
        last_message_id=room.messages.order_by("-id").values_list("id", flat=True).first(),
        post=Post.objects.filter(
            mentorship=mentorship, published_at__isnull=False, visibility="mentorship"
        )
        .order_by("published_at")
        .first(),
        mentor=mentor,
        mentee=mentorship.mentee,
        admin=User.objects.get(username=PROBE_ADMIN),
        newcomer=User.objects.get(username=PROBE_NEWCOMER),
        mentorship=mentorship,
        meeting=Meeting.objects.filter(mentorship=mentorship, status="held")
        .order_by("starts_at")
        .first(),
    )


def url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# (name, who is logged in, how to build the URL, extra request headers)
PAGES: list[tuple[str, str, Callable[[Probe], str], dict]] = [
    ("dashboard", "mentor", lambda p: url("home"), {}),
    ("mentor directory", "mentee", lambda p: url("mentor_directory"), {}),
    ("directory search (htmx)", "mentee", lambda p: url("mentor_directory") + "?q=lead", HTMX),
    (
        "directory search, a typo (htmx)",
        "mentee",
        lambda p: url("mentor_directory") + "?q=enginering+manager",
        HTMX,
    ),
    (
        "directory search, word forms",
        "mentee",
        lambda p: url("mentor_directory") + "?q=managing+engineers",
        {},
    ),
    ("suggestions: dashboard of a newcomer", "newcomer", lambda p: url("home"), {}),
    ("suggestions: directory of a newcomer", "newcomer", lambda p: url("mentor_directory"), {}),
    ("mentor page", "mentee", lambda p: url("mentor_profile", p.mentor.username), {}),
    ("mentorship page", "mentor", lambda p: url("mentorship_detail", p.mentorship.pk), {}),
    ("meetings list", "mentor", lambda p: url("meeting_list", p.mentorship.pk), {}),
    ("meeting page", "mentor", lambda p: url("meeting_detail", p.meeting.pk), {}),
    ("notifications", "mentor", lambda p: url("notification_list"), {}),
    ("admin: mentorships", "admin", lambda p: url("admin:mentorships_mentorship_changelist"), {}),
    (
        "admin: notifications",
        "admin",
        lambda p: url("admin:notifications_notification_changelist"),
        {},
    ),
    ("admin: insights", "admin", lambda p: url("admin:mentorships_insights"), {}),
    ("roadmap", "mentor", lambda p: url("roadmap_detail", p.mentorship.pk), {}),
    ("room page", "mentor", lambda p: url("room_detail", p.mentorship.pk), {}),
    (
        "room poll, nothing new",
        "mentor",
        lambda p: url("room_poll", p.mentorship.pk) + p.poll(token=True),
        HTMX,
    ),
    (
        "room poll, nothing new, no token",
        "mentor",
        lambda p: url("room_poll", p.mentorship.pk) + p.poll(),
        HTMX,
    ),
    (
        "room poll, 3 new messages",
        "mentor",
        lambda p: url("room_poll", p.mentorship.pk) + p.poll(behind=3),
        HTMX,
    ),
    ("thread page (mentorship)", "mentor", lambda p: url("mentorship_thread", p.mentorship.pk), {}),
    ("public feed", "mentee", lambda p: url("public_feed"), {}),
    ("post page", "mentor", lambda p: url("post_detail", p.post.pk), {}),
]


def measure(runs: int, *, warm: bool = True, pages: list[str] | None = None) -> dict[str, dict]:
    """In this process's database: queries and median server time of every page (or of the
    named `pages`)."""
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.common import Stopwatch
    from rooms.revisions import poll_token

    probe = load_probe()
    clients = {}
    for role in ("mentor", "mentee", "admin", "newcomer"):
        clients[role] = Client()
        clients[role].force_login(getattr(probe, role))
    probe.poll_token = poll_token(probe.mentorship.pk, clients["mentor"].session.session_key)
    results = {}
    for name, role, build, headers in PAGES:
        if pages and name not in pages:
            continue
        client, path = clients[role], build(probe)
        if warm:  # templates compiled, connection open, caches filled
            client.get(path, **headers)
        # Each request empties the query log (request_started): start from empty too.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, **headers)
        query_count = len(queries)  # read now: the list is a view of the connection's log
        samples = []
        for _ in range(runs):
            with Stopwatch() as watch:
                client.get(path, **headers)
            samples.append(watch.seconds)
        results[name] = {
            "status": response.status_code,
            "queries": query_count,
            "samples": samples,
            "bytes": len(response.content),
        }
    return results


def measure_rounds(
    urls: list[str], runs: int, rounds: int, pages: list[str] | None = None
) -> list[dict[str, dict]]:
    """Measure each database `rounds` times, alternating, so that a busy moment on a shared
    machine falls on both scales alike; the time is the median of all samples."""
    merged: list[dict[str, dict]] = [{} for _ in urls]
    for _ in range(rounds):
        for index, database_url in enumerate(urls):
            for name, figures in measure_in_subprocess(database_url, runs, pages).items():
                page = merged[index].setdefault(name, {**figures, "samples": []})
                page["samples"] += figures["samples"]
                page["queries"] = max(page["queries"], figures["queries"])
                if figures["status"] not in OK_STATUS:
                    page["status"] = figures["status"]
    for pages in merged:
        for figures in pages.values():
            figures["ms"] = median_ms(figures["samples"])
    return merged


def measure_in_subprocess(
    database_url: str, runs: int, pages: list[str] | None = None
) -> dict[str, dict]:
    selected = [argument for name in pages or [] for argument in ("--page", name)]
    output = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.queries",
            "--measure",
            database_url,
            "--runs",
            str(runs),
            *selected,
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def ensure_data(database_url: str, scale: int, *, regenerate: bool) -> None:
    command = [sys.executable, "-m", "bench.generate", "--mentorships", str(scale)]
    command += ["--database-url", database_url] + ([] if regenerate else ["--if-needed"])
    subprocess.run(command, cwd=ROOT, check=True, stdout=sys.stderr)


def compare(small: dict, large: dict) -> tuple[list[list], bool]:
    rows, all_met = [], True
    for name, *_ in PAGES:
        if name not in small:
            continue
        s, g = small[name], large[name]
        ratio = round(g["ms"] / s["ms"], 2) if s["ms"] else float("inf")
        equal = s["queries"] == g["queries"]
        answered = s["status"] == g["status"] and s["status"] in OK_STATUS
        ok = equal and ratio <= RATIO_TARGET and answered
        all_met &= ok
        rows.append(
            [name, s["queries"], g["queries"], "equal" if equal else "UNEQUAL",
             s["ms"], g["ms"], ratio, "ok" if ok else "MISSED"
             + ("" if answered else f" (HTTP {s['status']}/{g['status']})")]
        )  # fmt: skip
    return rows, all_met


HEADERS = ["page", "queries small", "queries large", "queries", "ms small", "ms large",
           "ratio large/small", "target"]  # fmt: skip


def run(
    *,
    small: int,
    large: int,
    runs: int,
    rounds: int = 3,
    regenerate: bool = False,
    pages: list[str] | None = None,
) -> str:
    ensure_data(SMALL_DATABASE, small, regenerate=regenerate)
    ensure_data(LARGE_DATABASE, large, regenerate=regenerate)
    collect_static(SMALL_DATABASE)
    rows, _ = compare(*measure_rounds([SMALL_DATABASE, LARGE_DATABASE], runs, rounds, pages))
    title = (
        f"Query scaling: {small} vs {large} mentorships, median of {runs * rounds} requests "
        f"(target: equal queries, ratio <= {RATIO_TARGET})"
    )
    return f"### {title}\n\n" + markdown_table(HEADERS, rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=SMALL_SCALE)
    parser.add_argument("--large", type=int, default=LARGE_SCALE)
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page per round")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds per scale")
    parser.add_argument("--regenerate", action="store_true", help="recreate both data sets")
    parser.add_argument(
        "--page",
        action="append",
        choices=[name for name, *_ in PAGES],
        metavar="NAME",
        help='measure only this page (repeatable), e.g. --page "admin: insights"',
    )
    parser.add_argument("--measure", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:  # the child process: one database, JSON on the last line
        setup_django(args.measure)
        print(json.dumps(measure(args.runs, pages=args.page)))
        return
    print(
        run(
            small=args.small,
            large=args.large,
            runs=args.runs,
            rounds=args.rounds,
            regenerate=args.regenerate,
            pages=args.page,
        )
    )


if __name__ == "__main__":
    main()
