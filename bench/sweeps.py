"""The reminder sweeps over a large data set (100,000 mentorships by default): time, queries
and rows per second of each sweep and of `sweep_all`, against a plain SELECT of the same rows
(the database's own speed for that read) as the reference.

    python -m bench.sweeps [--mentorships 100000] [--database-url …/menteo_bench_sweeps]

Each sweep runs in a transaction that is rolled back, so the figures are those of a first run
(every occasion new) and the script can run again on the same data. Nothing is queued or sent.
Target (issue 9): a sweep over 100,000 mentorships in under 10 seconds.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    ROOT,
    SWEEP_DATABASE,
    SWEEP_SCALE,
    markdown_table,
    setup_django,
)

TARGET_SECONDS = 10.0


class Rollback(Exception):
    pass


class QueryCounter:
    """Counts queries without the debug cursor's cost (and its 9,000-entry log limit)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def timed(action) -> tuple[float, int, object]:
    """Seconds and queries of `action()`, in a transaction rolled back afterwards."""
    from django.db import connection, transaction

    counter = QueryCounter()
    result = None
    start = time.perf_counter()
    try:
        with connection.execute_wrapper(counter), transaction.atomic():
            result = action()
            seconds = time.perf_counter() - start
            raise Rollback
    except Rollback:
        pass
    return seconds, counter.count, result


def plain_select(queryset) -> int:
    """The reference: the candidates' rows (with the joined people and contract) read by one
    SQL statement, no model instances."""
    from django.db import connection

    sql, params = (
        queryset.select_related("mentor", "mentee", "current_contract").order_by("pk").query
    ).sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def measure() -> list[list]:
    from django.utils import timezone

    from mentorships.models import Mentorship
    from notifications import services

    now = timezone.now()
    total = Mentorship.objects.count()
    rows = []
    sums = {"seconds": 0.0, "reference": 0.0, "candidates": 0}
    for kind, (candidates, _) in services.SWEEPS.items():
        seconds, queries, due = timed(lambda kind=kind: services.sweep(kind, now=now))
        reference, _, count = timed(lambda candidates=candidates: plain_select(candidates(now)))
        sums["seconds"] += seconds
        sums["reference"] += reference
        sums["candidates"] += count
        rows.append(_row(f"sweep {kind}", seconds, queries, count, due, reference, total))
    seconds, queries, due = timed(lambda: services.sweep_all(now=now))
    rows.append(
        _row(
            "sweep_all",
            seconds,
            queries,
            sums["candidates"],
            sum(due.values()),
            sums["reference"],
            total,
        )
    )
    return rows


def _row(name, seconds, queries, candidates, due, reference, total) -> list:
    target = "ok" if seconds < TARGET_SECONDS else "MISSED"
    return [
        name,
        round(seconds, 2),
        queries,
        candidates,
        due,
        f"{candidates / seconds:,.0f}" if seconds else "-",
        f"{total / seconds:,.0f}" if seconds else "-",
        round(reference * 1000, 1),
        f"{seconds / reference:.0f}x" if reference else "-",
        f"{target} (< {TARGET_SECONDS:.0f} s)",
    ]


HEADERS = ["sweep", "seconds", "queries", "candidate rows", "notifications due",
           "candidates/s", "mentorships/s", "plain SELECT ms", "vs SELECT", "target"]  # fmt: skip


def run(*, mentorships: int = SWEEP_SCALE, database_url: str = SWEEP_DATABASE) -> str:
    subprocess.run(
        [sys.executable, "-m", "bench.generate", "--mentorships", str(mentorships),
         "--database-url", database_url, "--if-needed", "--messages-per-room", "10"],
        cwd=ROOT, check=True, stdout=sys.stderr,
    )  # fmt: skip
    output = subprocess.run(
        [sys.executable, "-m", "bench.sweeps", "--measure", database_url],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return output.strip().split("\n", 1)[1] if output.startswith("MEASURED") else output


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentorships", type=int, default=SWEEP_SCALE)
    parser.add_argument("--database-url", default=SWEEP_DATABASE)
    parser.add_argument("--measure", metavar="DATABASE_URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:  # the child: Django set up on that database only
        setup_django(args.measure)
        from mentorships.models import Mentorship

        title = (
            f"Reminder sweeps over {Mentorship.objects.count():,} mentorships "
            f"(target: under {TARGET_SECONDS:.0f} s)"
        )
        print("MEASURED\n" + f"### {title}\n\n" + markdown_table(HEADERS, measure()))
        return
    print(run(mentorships=args.mentorships, database_url=args.database_url))


if __name__ == "__main__":
    main()
