"""Cost of a key press at row 99,999 of the 100,000-object prefix, headless (budget: under 50 ms).

    python benchmarks/keypress_last_row.py [--objects 100000] [--presses 40]

It starts localoss (demo seed), opens `oss://big/logs/`, pages to the end, puts the cursor on the last row
and presses up/down there. Three medians are printed:
- `handled`: from sending the key to the frame that shows the moved cursor being composed. This is the
  cost of the key press to the app: event dispatch, cursor move, scroll, the line renders, compositing.
- `pilot`: the whole `pilot.press(...)`, which adds Pilot's own idle-waiting (two `wait_for_idle` sleeps).
- `pilot floor`: `pilot.press` of an unbound key (f12) at the same place: what Pilot costs for nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.worker import WorkerCancelled, WorkerFailed  # noqa: E402

from oss_share_tui.core.refs import OssRef  # noqa: E402
from oss_share_tui.localoss.seed import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET  # noqa: E402
from oss_share_tui.localoss.server import LocalOSS  # noqa: E402
from oss_share_tui.storage.profile import Profile  # noqa: E402
from oss_share_tui.tui.app import OssShareApp  # noqa: E402

BUDGET_MS = 50.0


async def _settle(app: OssShareApp, pilot: Any) -> None:
    """Wait for the running workers (a cancelled one is fine) and the messages they posted."""
    with contextlib.suppress(WorkerCancelled, WorkerFailed):  # a cancelled worker is fine
        await app.workers.wait_for_complete()
    await pilot.pause()


async def _load_everything(app: OssShareApp, pilot: Any) -> None:
    """Page the prefix to its end (each `load_next_page` is one thread worker, one page)."""
    screen = app.screen
    while not (screen.listing.started and screen.listing.complete):
        if screen.listing.error is not None:
            raise SystemExit(f"listing failed: {screen.listing.error.one_line()}")
        screen.load_next_page()
        await _settle(app, pilot)


async def measure(objects: int = 100_000, presses: int = 40) -> dict[str, float]:
    """Run the scenario; return medians in milliseconds and the row the cursor was on."""
    with LocalOSS(seed="demo", big_objects=objects) as server:
        profile = Profile(
            endpoint=server.endpoint,
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
        )
        app = OssShareApp(profile, OssRef("big", "logs/"))
        async with app.run_test(size=(120, 40)) as pilot:
            await _settle(app, pilot)
            t0 = time.perf_counter()
            await _load_everything(app, pilot)
            load_s = time.perf_counter() - t0
            result = await press_cost(app, pilot, presses)
            assert result["row"] == objects - 1, result["row"]
    result["load_all_s"] = load_s
    return result


async def press_cost(app: OssShareApp, pilot: Any, presses: int = 40) -> dict[str, float]:
    """With the listing loaded, press `G` then up/down at the last row; medians in milliseconds."""
    rows = app.screen.object_list
    await pilot.press("G")
    last_row = rows.cursor

    frames: list[float] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        if renderable is not None:
            frames.append(time.perf_counter())
        display(screen, renderable)

    app._display = timed_display  # type: ignore[method-assign]
    handled, pilot_ms, floor_ms = [], [], []
    try:
        for i in range(presses):
            key = "up" if i % 2 == 0 else "down"  # stays on the last two rows
            frames.clear()
            t0 = time.perf_counter()
            await pilot.press(key)
            t1 = time.perf_counter()
            pilot_ms.append((t1 - t0) * 1000)
            if frames:
                handled.append((frames[-1] - t0) * 1000)
            t0 = time.perf_counter()
            await pilot.press("f12")
            floor_ms.append((time.perf_counter() - t0) * 1000)
    finally:
        app._display = display  # type: ignore[method-assign]
    assert rows.cursor in (last_row, last_row - 1)
    return {
        "row": float(last_row),
        "handled_ms": statistics.median(handled),
        "handled_max_ms": max(handled),
        "pilot_ms": statistics.median(pilot_ms),
        "pilot_floor_ms": statistics.median(floor_ms),
        "presses": float(presses),
    }


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit 1 when the handled median is over budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args(argv)
    r = asyncio.run(measure(args.objects, max(20, args.presses)))
    print(f"rows loaded: {args.objects:,} in {r['load_all_s']:.1f} s; cursor at row {int(r['row']):,}")
    print(f"key press handled (median of {int(r['presses'])}): {r['handled_ms']:.1f} ms"
          f"  (max {r['handled_max_ms']:.1f} ms; budget {BUDGET_MS:.0f} ms)")
    print(f"pilot.press up/down (median): {r['pilot_ms']:.1f} ms;"
          f" pilot.press of an unbound key (floor): {r['pilot_floor_ms']:.1f} ms")
    return 0 if r["handled_ms"] < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
