"""Run every benchmark and print one Markdown report (the tables of each, with the machine).

    python -m bench.run_all [--small 200] [--large 10000] [--sweep 100000] [--skip load]

Scales also come from BENCH_SMALL, BENCH_LARGE and BENCH_SWEEP_SCALE. When the large scale and
the sweep scale are equal, the sweeps reuse the large database.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, queries, sweeps
from bench.common import (
    LARGE_DATABASE,
    LARGE_SCALE,
    SMALL_SCALE,
    SWEEP_DATABASE,
    SWEEP_SCALE,
    maintenance_url,
)


def machine() -> str:
    """What the figures ran on."""
    import psycopg

    with psycopg.connect(maintenance_url(LARGE_DATABASE)) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    memory = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split()
    total_gb = memory[memory.index("Mem:") + 1] if "Mem:" in memory else "?"
    load_average = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"Machine: {os.cpu_count()} cores (nproc), {total_gb} GiB memory (free -g), "
        f"{platform.platform()}, Python {platform.python_version()}, PostgreSQL {postgres}; "
        f"load average at the start {load_average}."
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=SMALL_SCALE)
    parser.add_argument("--large", type=int, default=LARGE_SCALE)
    parser.add_argument("--sweep", type=int, default=SWEEP_SCALE)
    parser.add_argument("--duration", type=int, default=10, help="load: seconds per endpoint")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["queries", "load", "sweeps"]
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sections = [f"## Menteo benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"]
    sections.append(machine())
    if "queries" not in args.skip:
        sections.append(queries.run(small=args.small, large=args.large, runs=5, rounds=3))
    if "load" not in args.skip:
        sections.append(load.run(mentorships=args.large, duration=args.duration))
    if "sweeps" not in args.skip:
        database = LARGE_DATABASE if args.sweep == args.large else SWEEP_DATABASE
        sections.append(sweeps.run(mentorships=args.sweep, database_url=database))
    sections.append(f"All benchmarks: {time.perf_counter() - started:.0f} s.")
    print("\n\n".join(sections))


if __name__ == "__main__":
    main()
