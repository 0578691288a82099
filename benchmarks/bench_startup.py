"""Start-up in a real terminal (tmux): first frame of `oss-share`, and the bucket list, against a minimal app."""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from common import PYTHON, Result, clean_env

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests.support (test-only helpers, not shipped)

from tests.support.tmux_term import TmuxTerminal  # noqa: E402


def _time_to(argv: list[str], marker: str, env: dict[str, str], then: str | None = None) -> tuple[float, float]:
    """Seconds from spawn until `marker` is on screen (and until `then`, if given)."""
    with TmuxTerminal(120, 40) as term:
        t0 = term.start(argv, env=env)
        t1 = term.wait_for(marker)
        t2 = term.wait_for(then) if then else t1
        term.send("q")
        return t1 - t0, t2 - t0


def startup(runs: int) -> list[Result]:
    """Median time to first frame and to bucket list, against the floor app's first frame."""
    from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET
    from oss_share_tui.localoss.server import LocalOSS

    with LocalOSS(seed="demo") as srv, tempfile.TemporaryDirectory() as home:
        env = clean_env() | {
            "HOME": home,
            "TERM": "xterm-256color",
            "OSS_ACCESS_KEY_ID": DEMO_ACCESS_KEY_ID,
            "OSS_ACCESS_KEY_SECRET": DEMO_ACCESS_KEY_SECRET,
            "OSS_ENDPOINT": srv.endpoint,
        }
        ours_cmd = [str(Path(PYTHON).parent / "oss-share")]
        floor_cmd = [PYTHON, str(HERE / "floor_app.py")]
        first, lists, floors = [], [], []
        _time_to(floor_cmd, "floor-ready", env)  # warm the page cache
        _time_to(ours_cmd, "demo-assets", env)
        for _ in range(runs):
            floors.append(_time_to(floor_cmd, "floor-ready", env)[0])
            # The endpoint is in the header of the first frame; the bucket list comes after ListBuckets.
            f, b = _time_to(ours_cmd, srv.host_port, env, then="demo-assets")
            first.append(f)
            lists.append(b)
    floor = statistics.median(floors)
    return [
        Result("first frame of `oss-share` (tmux)", statistics.median(first), floor, "s", 1.15, f"median of {runs}"),
        Result("bucket list on screen (tmux, localoss)", statistics.median(lists), floor, "s", None,
               "informational: includes oss2 import and ListBuckets"),
    ]


if __name__ == "__main__":
    for r in startup(5):
        print(r)
