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
