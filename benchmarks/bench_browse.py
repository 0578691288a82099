"""Browsing benchmarks: one `G` to the end of a big prefix, and `/` filtering every loaded row.

    python benchmarks/bench_browse.py [objects ...]     # default: 100000 1000000

localoss runs in a child process (`batch_sign.localoss_process`), so it neither shares the GIL with the app
nor counts in its memory. The app runs headless at `oss://big/logs/`.

- `G` to the end: one key press, from the key to the cursor on the last row with every page loaded. The
  floor is a raw oss2 page loop over the same prefix, one run before and one after (drift hits both).
  A 10 ms `set_interval` ticker runs meanwhile: the largest gap minus 10 ms is the largest stall. Memory is
  RSS growth from the first page on screen to the whole prefix loaded, over the rows added.
- filter: with every row loaded, `/` then `part-0777` typed one key at a time; for each key, from the
  key to the filtered rows on screen, and the largest ticker gap meanwhile (the filter works in chunks,
  returning to the event loop between them).
- With each tick the event loop thread's CPU time (`thread_time`) is read too: the most CPU it spent between
  two ticks is its own work, whatever else the machine runs (a loaded machine stretches wall-clock gaps).
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import statistics
import sys
import time
from typing import Any

from batch_sign import localoss_process
from bench_listing import PREFIX, TICK, _app, _rss_bytes, floor_page_loop
from common import Result

FILTER_TEXT = "part-0777"


def _key(app: Any, key: str, character: str | None) -> None:
    """Post a key as the terminal driver does (no sender, so it reaches the focused widget's bindings)."""
    from textual import events

    app.post_message(contextvars.Context().run(events.Key, key, character))


async def _g_then_filter(endpoint: str, n: int) -> dict[str, float]:
    app = _app(endpoint, PREFIX)
    async with app.run_test(size=(120, 40)) as pilot:
        await asyncio.wait_for(app.rows_frame(PREFIX), 60)
        screen = app.browser
        await pilot.pause()
        gc.collect()
        rss0, rows0 = _rss_bytes(), len(screen.listing.items)

        done = asyncio.Event()
        after_page = screen.after_page

        def watch(listing: Any) -> None:
            after_page(listing)
            if listing.complete and screen.object_list.cursor == len(listing.view) - 1:
                done.set()

        screen.after_page = watch
        ticks: list[float] = []
        cpu: list[float] = []  # the event loop thread's CPU time at each tick: its own work, whatever the load

        def tick() -> None:
            ticks.append(time.perf_counter())
            cpu.append(time.thread_time())

        ticker = app.set_interval(TICK, tick)
        await asyncio.sleep(TICK * 3)
        t0 = time.perf_counter()
        _key(app, "G", "G")
        await asyncio.wait_for(done.wait(), 1200)
        elapsed = time.perf_counter() - t0
        screen.after_page = after_page
        g_gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False) if b >= t0]
        g_cpu = [cb - ca for ca, cb, b in zip(cpu, cpu[1:], ticks[1:], strict=False) if b >= t0]
        assert screen.object_list.row_count == n, (screen.object_list.row_count, n)
        gc.collect()
        rss1 = _rss_bytes()

        filtered = asyncio.Event()
        after_filter = screen.after_filter

        def filter_done(listing: Any) -> None:
            after_filter(listing)
            filtered.set()

        screen.after_filter = filter_done
        _key(app, "slash", "/")
        await pilot.pause()
        per_key: list[float] = []
        stalls: list[float] = []
        cpu_stalls: list[float] = []
        for ch in FILTER_TEXT:
            filtered.clear()
            start = len(ticks)
            k0 = time.perf_counter()
            _key(app, ch if ch != "-" else "minus", ch)
            await asyncio.wait_for(filtered.wait(), 120)
            per_key.append(time.perf_counter() - k0)
            await asyncio.sleep(TICK * 3)
            window = ticks[max(0, start - 1):]
            stalls.append(max((b - a for a, b in zip(window, window[1:], strict=False)), default=TICK) - TICK)
            spent = cpu[max(0, start - 1):]
            cpu_stalls.append(max((b - a for a, b in zip(spent, spent[1:], strict=False)), default=0.0))
        shown = screen.object_list.row_count
        ticker.stop()
    expected = sum(1 for i in range(n) if FILTER_TEXT in f"part-{i:06d}.log")
    assert shown == expected, (shown, expected)
    return {
        "elapsed": elapsed,
        "g_stall_ms": (max(g_gaps) - TICK) * 1000 if g_gaps else 0.0,
        "g_ticks": float(len(g_gaps)),
        "g_cpu_ms": max(g_cpu, default=0.0) * 1000,
        "filter_cpu_ms": max(cpu_stalls) * 1000,
        "bytes_per_object": (rss1 - rss0) / max(1, n - rows0),
        "rss_mib": rss1 / 2**20,
        "filter_stall_ms": max(stalls) * 1000,
        "filter_key_ms": statistics.median(per_key) * 1000,
        "filter_key_max_ms": max(per_key) * 1000,
        "shown": float(shown),
    }


def browse(n: int) -> list[Result]:
    """G to the end and the filter, for an `n`-object prefix."""
    import oss2  # noqa: F401 - imported before timing, on both sides

    import oss_share_tui.tui.app  # noqa: F401

    label = f"{n:,} objects"
    with localoss_process(n) as endpoint:
        floor_before = floor_page_loop(endpoint, n)
        run = asyncio.run(_g_then_filter(endpoint, n))
        floor = (floor_before + floor_page_loop(endpoint, n)) / 2
    return [
        Result(f"browse {label}: one G to the last row", run["elapsed"], floor, "s", 1.3,
               "key to the cursor on the last row, every page loaded; floor: raw oss2 page loop, "
               "mean of one run before and one after"),
        Result(f"browse {label}: largest event-loop stall during G", run["g_stall_ms"], None, "ms", 50.0,
               f"10 ms ticker, {run['g_ticks']:.0f} ticks; most event-loop CPU between two ticks "
               f"{run['g_cpu_ms']:.1f} ms"),
        Result(f"browse {label}: memory per listed object after G", run["bytes_per_object"], None, "B", 512.0,
               f"RSS growth over the rows; {run['rss_mib']:.0f} MiB in all"),
        Result(f"browse {label}: / filter, largest stall per keystroke", run["filter_stall_ms"], None, "ms",
               50.0,
               f"'{FILTER_TEXT}' typed over {n:,} loaded rows; key to filtered rows: median "
               f"{run['filter_key_ms']:.0f} ms, max {run['filter_key_max_ms']:.0f} ms; "
               f"{run['shown']:.0f} match; most event-loop CPU between two ticks {run['filter_cpu_ms']:.1f} ms"),
    ]


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]:
        for result in browse(size):
            print(result, flush=True)
