"""Signing benchmarks: the whole `oss-share sign` process and in-process signing, against bare oss2."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from common import PYTHON, Result, clean_env, interleaved_medians

ENDPOINT = "oss-cn-hangzhou.aliyuncs.com"
AK, SK = "LTAI5tBenchKeyId000000", "bench-secret-value-0000000000"
OSSUTIL_DOCUMENTED_SIGN_S = 0.37

FLOOR_SNIPPET = (
    "import oss2; print(oss2.Bucket(oss2.AuthV4({ak!r}, {sk!r}), 'https://{ep}', 'examplebucket', "
    "region='cn-hangzhou').sign_url('GET', 'exampleobject.txt', 60))"
)


def one_shot(runs: int) -> list[Result]:
    """Median whole-process time of `oss-share sign` and `oss-share presign` (ossutil 2.0's command) against
    `python -c "import oss2; …sign_url…"`, all three interleaved in one loop against one floor."""
    floor = [PYTHON, "-c", FLOOR_SNIPPET.format(ak=AK, sk=SK, ep=ENDPOINT)]
    notes = {"sign": f"ossutil documents {OSSUTIL_DOCUMENTED_SIGN_S} s",
             "presign": "ossutil 2.0's command, default 15 min"}
    ours = {command: [str(Path(PYTHON).parent / "oss-share"), command, "oss://examplebucket/exampleobject.txt",
                      "-e", ENDPOINT, "-i", AK, "-k", SK] for command in notes}
    with tempfile.TemporaryDirectory() as home:
        env = clean_env() | {"HOME": home, "XDG_DATA_HOME": os.path.join(home, "data")}
        t_floor, *t_ours = interleaved_medians([floor, *ours.values()], runs, env=env)
    return [Result(f"one-shot `oss-share {command}` (process)", t, t_floor, "s", 1.15,
                   f"median of {runs}, interleaved with the floor; {notes[command]}")
            for command, t in zip(ours, t_ours)]


def in_process(n: int) -> list[Result]:
    """URLs per second of our signer against a bare `Bucket.sign_url` loop, V1 and V4."""
    import oss2

    from oss_share_tui.core.options import ShareOptions
    from oss_share_tui.storage.profile import Profile
    from oss_share_tui.storage.signer import sign_link

    rows = []
    for version in ("v4", "v1"):
        profile = Profile(endpoint=f"https://{ENDPOINT}", access_key_id=AK, access_key_secret=SK,
                          region="cn-hangzhou", sign_version=version)
        opts = ShareOptions(expires_in=3600, sign_version=version)
        if version == "v4":
            bare = oss2.Bucket(oss2.AuthV4(AK, SK), f"https://{ENDPOINT}", "examplebucket", region="cn-hangzhou")
        else:
            bare = oss2.Bucket(oss2.Auth(AK, SK), f"https://{ENDPOINT}", "examplebucket")
        keys = [f"dir/object-{i}.txt" for i in range(n)]
        # Warm both paths (imports, caches) before timing.
        sign_link(profile, "examplebucket", keys[0], opts)
        bare.sign_url("GET", keys[0], 3600)
        best_ours = best_floor = float("inf")
        for _ in range(5):  # best of 5 rounds, interleaved
            t0 = time.perf_counter()
            for k in keys:
                bare.sign_url("GET", k, 3600, params={})
            best_floor = min(best_floor, time.perf_counter() - t0)
            t0 = time.perf_counter()
            for k in keys:
                sign_link(profile, "examplebucket", k, opts)
            best_ours = min(best_ours, time.perf_counter() - t0)
        rows.append(Result(f"in-process signing {version.upper()} (per URL)", best_ours / n * 1e6,
                           best_floor / n * 1e6, "µs", 1.5,
                           f"{n / best_ours:,.0f} URLs/s vs {n / best_floor:,.0f} bare"))
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    for r in one_shot(5) + in_process(2000):
        print(r)
