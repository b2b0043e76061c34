"""How long `lhrctl --help` takes, as a user runs it (a fresh process each time).

Target (issue 22): under 0.15 s on this 2-core machine (issue 2 had 0.3 s). Baseline for the
ratio: a bare `python -c pass`, the floor any Python CLI starts from.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

RUNS = 15
TARGET = 0.15


def _time(argv: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    lhrctl = shutil.which("lhrctl") or str(
        __import__("pathlib").Path(sys.executable).parent / "lhrctl"
    )
    bare = _time([sys.executable, "-c", "pass"])
    help_ = _time([lhrctl, "--help"])
    group = _time([lhrctl, "user", "--help"])
    verdict = "OK" if help_ < TARGET else "OVER TARGET"
    print(f"python -c pass        {bare * 1000:7.1f} ms (median of {RUNS})")
    print(
        f"lhrctl --help         {help_ * 1000:7.1f} ms  {help_ / bare:4.1f}x bare python  target < {TARGET * 1000:.0f} ms: {verdict}"
    )
    print(f"lhrctl user --help    {group * 1000:7.1f} ms  {group / bare:4.1f}x bare python")


if __name__ == "__main__":
    main()
