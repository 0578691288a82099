"""Batch-sign benchmark: `oss-share sign oss://big/logs/ --recursive` against a bare oss2 list+sign loop.

Both run as whole processes (stdout to /dev/null) against the same localoss child (`batch_sign`), so
each figure includes its own imports. Each process reports its own peak RSS at exit (VmHWM): a child's
`ru_maxrss` on Linux starts from the parent's high-water mark (vfork/exec), which is the benchmark
runner's, not the child's.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from batch_sign import localoss_process
from common import PYTHON, Result, clean_env

BUCKET, PREFIX, REGION, EXPIRES = "big", "logs/", "cn-shanghai", 60

PEAK_MARK = "peak-rss-kib:"
REPORT_PEAK = f"""
import atexit, sys
def _report_peak():
    try:
        with open('/proc/self/status') as fh:
            kib = next(int(line.split()[1]) for line in fh if line.startswith('VmHWM:'))
    except (OSError, StopIteration):
        import resource
        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == 'darwin' else 1)
    sys.stderr.write('{PEAK_MARK} %d\\n' % kib)
atexit.register(_report_peak)
"""

OURS_SNIPPET = """
import sys
from oss_share_tui.cli import main
sys.argv = ['oss-share'] + {args!r}
sys.exit(main())
"""
"""What the `oss-share` console script runs, with these arguments."""

FLOOR_SNIPPET = """
import sys, oss2
bucket = oss2.Bucket(oss2.AuthV4({ak!r}, {sk!r}), {endpoint!r}, {bucket!r}, region={region!r})
out, token = sys.stdout, ''
while True:
    page = bucket.list_objects_v2(prefix={prefix!r}, continuation_token=token, max_keys=1000)
    for obj in page.object_list:
        out.write(bucket.sign_url('GET', obj.key, {expires}) + '\\n')
    if not page.is_truncated:
        break
    token = page.next_continuation_token
"""


def run_measured(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of `python -c code` with stdout to /dev/null; raises if it fails."""
    argv = [PYTHON, "-c", REPORT_PEAK + code]
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed ({proc.returncode}): {proc.stderr[-300:]}")
    kib = [int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith(PEAK_MARK)]
    return elapsed, kib[-1] / 1024


def batch(n: int, runs: int = 1) -> list[Result]:
    """Whole-process time and peak RSS of `sign --recursive` over `n` objects, against the bare loop."""
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID as AK
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_SECRET as SK

    with localoss_process(n) as endpoint, tempfile.TemporaryDirectory() as home:
        env = clean_env() | {"HOME": home, "XDG_DATA_HOME": os.path.join(home, "data")}
        args = ["sign", f"oss://{BUCKET}/{PREFIX}", "--recursive", "-e", endpoint, "-i", AK, "-k", SK,
                "--region", REGION, "--timeout", str(EXPIRES), "--no-history"]
        ours_cmd = OURS_SNIPPET.format(args=args)
        floor_cmd = FLOOR_SNIPPET.format(ak=AK, sk=SK, endpoint=endpoint, bucket=BUCKET, region=REGION,
                                         prefix=PREFIX, expires=EXPIRES)
        ours, floor = [], []
        for _ in range(runs):  # interleaved, so machine noise hits both alike
            floor.append(run_measured(floor_cmd, env))
            ours.append(run_measured(ours_cmd, env))
    t_ours = statistics.median(t for t, _ in ours)
    t_floor = statistics.median(t for t, _ in floor)
    label = f"{n:,} objects"
    return [
        Result(f"batch `sign --recursive` {label} (process)", t_ours, t_floor, "s", None,
               f"informational: {n / t_ours:,.0f} links/s vs {n / t_floor:,.0f} for bare oss2 list+sign_url"),
        Result(f"batch `sign --recursive` {label}: peak RSS", max(m for _, m in ours),
               max(m for _, m in floor), "MiB", None, "informational; floor: the bare oss2 loop's"),
    ]


if __name__ == "__main__":
    for r in batch(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000):
        print(r)
