"""Batch-sign benchmark: `sign --recursive` over the demo 100,000-object prefix, exported to /dev/null.

Runs localoss in a child process (so the peak RSS printed is the signer's alone), then lists `big/logs/`
lazily and signs and exports every object, printing throughput and peak RSS. A second run with a small
`--limit` gives the baseline RSS; the difference shows whether memory grows with the object count.

    /work/venv/bin/python benchmarks/batch_sign.py [--format csv] [--limit N] [--check]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _peak_rss_mib() -> float:
    """Peak resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def start_localoss(big_objects: int = 100_000) -> tuple[subprocess.Popen[str], str]:
    """`python -m oss_share_tui.localoss --port 0` with `big_objects` in `big/logs/`; returns it and its endpoint."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "oss_share_tui.localoss", "--host", "127.0.0.1", "--port", "0",
         "--big-objects", str(big_objects)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("localoss listening on "):
            return proc, line.split()[-1]
    proc.kill()
    raise RuntimeError("localoss did not start")


@contextlib.contextmanager
def localoss_process(big_objects: int = 100_000) -> Iterator[str]:
    """A localoss child process for the duration of the block; yields its endpoint."""
    proc, endpoint = start_localoss(big_objects)
    try:
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run(endpoint: str, fmt: str, limit: int | None, check: bool) -> tuple[int, int, float]:
    """Sign and export; returns (links, failures, seconds)."""
    from oss_share_tui.core.export import open_exporter
    from oss_share_tui.core.options import ShareOptions
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from oss_share_tui.storage.batch import sign_prefix
    from oss_share_tui.storage.profile import Profile

    profile = Profile(
        endpoint=endpoint, access_key_id=DEMO_ACCESS_KEY_ID, access_key_secret=DEMO_ACCESS_KEY_SECRET
    )
    t0 = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8", newline="") as sink:
        exporter = open_exporter(fmt, sink)
        options = ShareOptions(expires_in=3600)
        for result in sign_prefix(profile, "big", "logs/", options, limit=limit, check=check):
            exporter.write(result)
        exporter.close()
    return exporter.stats.written, exporter.stats.failed, time.perf_counter() - t0


def main() -> int:
    """Parse args, run once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="csv", help="csv, jsonl, markdown or urls (default csv)")
    parser.add_argument("--limit", type=int, default=None, help="stop after N objects (default: all 100,000)")
    parser.add_argument("--check", action="store_true", help="HEAD each object before signing")
    args = parser.parse_args()

    server, endpoint = start_localoss()
    try:
        import oss2  # noqa: F401 - loaded first, so "before" includes every import the batch needs

        import oss_share_tui.storage.batch  # noqa: F401

        rss_before = _peak_rss_mib()
        written, failed, seconds = run(endpoint, args.format, args.limit, args.check)
    finally:
        server.terminate()
        server.wait(timeout=10)
    total = written + failed
    print(f"objects:     {total:,} ({failed} failed), format {args.format}, check={args.check}")
    print(f"time:        {seconds:.1f} s")
    print(f"throughput:  {total / seconds:,.0f} links/s")
    print(f"peak RSS:    {_peak_rss_mib():.1f} MiB (after imports, before the batch: {rss_before:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
