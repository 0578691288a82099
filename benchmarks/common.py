"""Shared pieces of the benchmark scripts: a result row, medians and subprocess timing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Result:
    """One row of the benchmark table: ours against a floor measured in the same run."""

    what: str
    ours: float
    floor: float | None
    unit: str
    budget: float | None = None
    """Maximum allowed ratio ours/floor; for rows without a floor, the maximum of `ours` itself."""
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """ours / floor, or None when there is no floor."""
        if self.floor is None or self.floor <= 0:
            return None
        return self.ours / self.floor

    @property
    def passed(self) -> bool | None:
        """True/False against the budget, None for informational rows."""
        if self.budget is None:
            return None
        value = self.ratio if self.floor is not None else self.ours
        return value is not None and value <= self.budget


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of `runs` calls of fn, in seconds."""
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def time_process(argv: Sequence[str], *, env: dict[str, str] | None = None) -> float:
    """Wall time of one whole process run, in seconds; raises if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run(list(argv), capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return elapsed


def interleaved_process_medians(a: Sequence[str], b: Sequence[str], runs: int, env=None) -> tuple[float, float]:
    """Median wall times of two commands, run alternately so machine noise hits both alike."""
    ta, tb = interleaved_medians([a, b], runs, env=env)
    return ta, tb


def interleaved_medians(commands: Sequence[Sequence[str]], runs: int, env=None) -> list[float]:
    """Median wall times of several commands, run in turn in one loop: each shares the others' machine state
    (a floor measured in a separate, later loop came out ~10% faster here, and made one row fail)."""
    times: list[list[float]] = [[] for _ in commands]
    for argv in commands:
        time_process(argv, env=env)  # warm the page cache for all
    for _ in range(runs):
        for argv, bucket in zip(commands, times):
            bucket.append(time_process(argv, env=env))
    return [statistics.median(t) for t in times]


def compile_bytecode() -> None:
    """Write the package's .pyc files first, as installing it does.

    With PYTHONDONTWRITEBYTECODE set (as in our dev shells) a module edited since its .pyc was written is
    compiled from source at every start: the process benchmarks charged that (~90 ms of a 0.6 s first
    frame, measured) to ours and never to the installed libraries the floors use.
    """
    import compileall

    compileall.compile_dir(str(ROOT / "oss_share_tui"), quiet=1)


def clean_env() -> dict[str, str]:
    """The environment with no OSS_* variables, so the user's settings never leak into a benchmark."""
    return {k: v for k, v in os.environ.items() if not k.startswith("OSS_")}


PYTHON = sys.executable
