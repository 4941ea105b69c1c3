"""What every benchmark shares: median timing and one result row."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One measured figure, compared with a floor or a peer measured in the same run.

    ``goal_ratio`` is the most ``seconds_median / floor_seconds`` may be (None: no goal).
    """

    name: str
    seconds_median: float
    runs: int
    floor_name: str | None = None
    floor_seconds: float | None = None
    goal_ratio: float | None = None
    notes: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.floor_seconds:
            return None
        return self.seconds_median / self.floor_seconds

    @property
    def meets_goal(self) -> bool | None:
        if self.goal_ratio is None or self.ratio is None:
            return None
        return self.ratio <= self.goal_ratio


def median_time(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    """Median wall-clock seconds of ``fn()`` over ``runs`` runs after ``warmup`` unmeasured ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass(frozen=True)
class ProcessRun:
    """One whole process as a user or cron runs it: wall time from spawn to exit, and its peak memory."""

    seconds: float
    peak_mb: float


def run_process(args: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> ProcessRun:
    """Run ``args`` to completion (output discarded); fail loudly if it fails.

    The peak resident memory comes from ``/usr/bin/time`` (GNU time), a small C parent: the rusage a Python
    parent gets for its child counts the pages the child shared with this big process before exec.
    """
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", rss.name, *args],
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
        )
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:5])}… exited {done.returncode}: {done.stderr.decode()[-500:]}"
            )
        peak_kb = int(rss.read().strip().splitlines()[-1])
    return ProcessRun(seconds, peak_kb / 1024)


def median_process(
    args: list[str], runs: int, env: dict[str, str] | None = None, cwd: str | None = None, warmup: int = 1
) -> ProcessRun:
    """Median wall time and the largest peak memory of ``runs`` runs of a whole process (after ``warmup``)."""
    for _ in range(warmup):
        run_process(args, env, cwd)
    measured = [run_process(args, env, cwd) for _ in range(runs)]
    return ProcessRun(statistics.median(m.seconds for m in measured), max(m.peak_mb for m in measured))
